package io.ddam.cli;

import io.ddam.cli.plot.LinePlot;
import io.ddam.experiments.figures.FailureExperiment;
import io.ddam.experiments.figures.FailurePoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@code ddam reproduce failures} ({@link FailureExperiment}): the points (one per network, series and
 * failure rate: mean, min and max over the schedule seeds) as JSON and as {@code failures.csv}, one row per run
 * as {@code failures-runs.csv}, per network a PNG of S-Reg/T' and one of Self-NMSE against the rate, and
 * {@code failures-summary.md}. CSV columns are the JSON fields in snake_case (docs/formats.md).
 */
final class ReproduceFailures {
    private ReproduceFailures() {}

    /** The points (docs/formats.md): computed by {@link FailurePoints#points}. */
    static List<Map<String, Object>> points(FailureExperiment.Result res) {
        return FailurePoints.points(res);
    }

    /** The whole result as JSON ({@link FailurePoints#json}). */
    static Map<String, Object> json(FailureExperiment.Result res, String outDir, List<String> files, double wallSeconds) {
        return FailurePoints.json(res, outDir, files, wallSeconds);
    }

    /** {@code failures.csv}: the points. */
    static String pointsCsv(FailureExperiment.Result res) {
        return Render.csv(points(res));
    }

    /** {@code failures-runs.csv}: one row per run. */
    static String runsCsv(FailureExperiment.Result res) {
        return Render.csv(res.records());
    }

    /** The table printed by default: per network, series and rate the mean S-Reg/T', Self-NMSE and lost fraction. */
    static String table(FailureExperiment.Result res) {
        Render.Table t = new Render.Table("network", "series", "rate", "static_regret_avg", "spread", "self_nmse", "lost_fraction",
                "iterations", "repairs").right(2, 3, 4, 5, 6, 7, 8);
        for (Map<String, Object> p : points(res)) {
            double mean = (double) p.get("staticRegretAvgMean"), lo = (double) p.get("staticRegretAvgMin"), hi = (double) p.get("staticRegretAvgMax");
            t.row(p.get("network"), p.get("series"), FailureExperiment.rate((double) p.get("rate")), SimulateCommand.g4(mean),
                    SimulateCommand.g4(lo) + ".." + SimulateCommand.g4(hi), SimulateCommand.g4((double) p.get("selfNmseMean")),
                    SimulateCommand.g4((double) p.get("lostFractionMean")), Render.num((double) p.get("iterationsMean"), 1),
                    p.get("repairsMean") == null ? "-" : Render.num((double) p.get("repairsMean"), 1));
        }
        StringBuilder sb = new StringBuilder(t.text());
        for (String s : res.skipped()) sb.append(System.lineSeparator()).append("note: ").append(s);
        return sb.toString();
    }

    /**
     * Per network a PNG of S-Reg/T' (or Self-NMSE) against p &gt; 0 on a log axis: mean line, min..max band, solid
     * with repair and dashed without; each legend entry carries its p = 0 value (a note box would hide low lines).
     */
    static byte[] png(FailureExperiment.Result res, String network, boolean nmse) {
        String q = nmse ? "selfNmse" : "staticRegretAvg";
        LinePlot plot = new LinePlot("ddam reproduce failures: " + network + (nmse ? ", Self-NMSE" : ", time-average static regret")
                + " vs link failure rate (T = " + res.horizon() + ", " + res.seeds() + " seeds)",
                "p: failure probability per link and step (log scale; mean down time " + FailureExperiment.MEAN_DOWN
                        + " steps; solid: repair after " + FailureExperiment.REPAIR_DELAY + " steps, dashed: none)",
                nmse ? "Self-NMSE" : "S-Reg(T)/T'");
        plot.logX();
        List<Map<String, Object>> pts = points(res);
        boolean positive = true;
        for (String series : FailurePoints.seriesOf(res, network)) {
            List<double[]> v = new ArrayList<>();
            String zero = "";
            for (Map<String, Object> p : pts) {
                if (!p.get("network").equals(network) || !p.get("series").equals(series)) continue;
                double rate = (double) p.get("rate");
                double mean = (double) p.get(q + "Mean"), lo = (double) p.get(q + "Min"), hi = (double) p.get(q + "Max");
                if (rate == 0) {
                    zero = " (p = 0: " + SimulateCommand.g4(mean) + ")";
                    continue;
                }
                positive &= lo > 0;
                v.add(new double[] {rate, mean, lo, hi});
            }
            if (v.isEmpty()) continue;
            double[] x = new double[v.size()], m = new double[v.size()], lo = new double[v.size()], hi = new double[v.size()];
            for (int i = 0; i < v.size(); i++) {
                x[i] = v.get(i)[0];
                m[i] = v.get(i)[1];
                lo[i] = v.get(i)[2];
                hi[i] = v.get(i)[3];
            }
            if (series.endsWith(" no repair")) plot.dashedBand(series + zero, x, m, lo, hi);
            else plot.band(series + zero, x, m, lo, hi);
        }
        if (positive && !nmse) plot.logY();
        return plot.png(1200, 650);
    }

    /** {@code failures-summary.md}: settings, decisions, the points as a table, and what they show (computed). */
    static String summary(FailureExperiment.Result res, String command, double wall, int workers) {
        StringBuilder sb = new StringBuilder("# ddam reproduce failures\n\n");
        sb.append("Command: `").append(command).append("`  \n");
        sb.append(String.format(Locale.ROOT, "Wall time: %.0f s on %d worker thread%s.%n%n", wall, workers, workers == 1 ? "" : "s"));
        for (String s : res.skipped()) sb.append("**Note:** ").append(s).append(".\n\n");
        sb.append("## Decisions (the paper has no failures: all ours)\n\n");
        for (String d : res.decisions()) sb.append("- ").append(d).append('\n');
        List<Map<String, Object>> pts = points(res);
        for (FailureExperiment.Subject s : res.subjects()) {
            sb.append("\n## ").append(s.name()).append("\n\n").append(s.describe()).append(".\n\n");
            sb.append("| series | p | S-Reg/T' mean (min..max) | Self-NMSE mean | lost fraction mean | DDAM iterations | repairs |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Map<String, Object> p : pts) {
                if (!p.get("network").equals(s.name())) continue;
                sb.append("| ").append(p.get("series")).append(" | ").append(FailureExperiment.rate((double) p.get("rate"))).append(" | ")
                        .append(SimulateCommand.g4((double) p.get("staticRegretAvgMean"))).append(" (")
                        .append(SimulateCommand.g4((double) p.get("staticRegretAvgMin"))).append("..")
                        .append(SimulateCommand.g4((double) p.get("staticRegretAvgMax"))).append(") | ")
                        .append(SimulateCommand.g4((double) p.get("selfNmseMean"))).append(" | ")
                        .append(SimulateCommand.g4((double) p.get("lostFractionMean"))).append(" | ")
                        .append(Render.num((double) p.get("iterationsMean"), 1)).append(" | ")
                        .append(p.get("repairsMean") == null ? "-" : Render.num((double) p.get("repairsMean"), 1)).append(" |\n");
            }
            sb.append('\n');
            for (String line : observations(pts, s.name(), res.rates())) sb.append("- ").append(line).append('\n');
        }
        return sb.toString();
    }

    /** Sentences computed from the points: the regret at the highest rate against p = 0, and repair against none. */
    static List<String> observations(List<Map<String, Object>> pts, String network, double[] rates) {
        List<String> out = new ArrayList<>();
        double top = 0;
        for (double p : rates) top = Math.max(top, p);
        if (top == 0) return out;
        for (Map<String, Object> a : pts) {
            if (!a.get("network").equals(network) || (double) a.get("rate") != top) continue;
            double at = (double) a.get("staticRegretAvgMean"), base = (double) a.get("staticRegretAvgNoFailure");
            out.add(String.format(Locale.ROOT, "%s at p = %s: S-Reg/T' %s against %s without failures (%+.1f %%), %s of the messages lost.",
                    a.get("series"), FailureExperiment.rate(top), SimulateCommand.g4(at), SimulateCommand.g4(base),
                    100 * (at - base) / Math.abs(base), SimulateCommand.g4((double) a.get("lostFractionMean"))));
        }
        return out;
    }
}
