package io.ddam.cli;

import io.ddam.cli.plot.LinePlot;
import io.ddam.experiments.figures.Aggregate;
import io.ddam.experiments.figures.Experiment;
import io.ddam.experiments.figures.Experiments;
import io.ddam.experiments.figures.Figure;
import io.ddam.experiments.figures.FigureResult;
import io.ddam.experiments.figures.Finding;
import io.ddam.experiments.figures.Findings;
import io.ddam.experiments.figures.RunRecord;
import io.ddam.experiments.figures.SeriesSpec;
import io.ddam.experiments.figures.TunedSeries;
import io.ddam.experiments.figures.Tuning;
import io.ddam.online.protocol.FairTime;

import io.ddam.solver.DdamInputException;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Renders the results of {@code ddam reproduce}: the per-figure CSVs (plotted aggregates and one row
 * per run), the PNG and {@code summary.md}. Everything is rendered in memory; the command writes the
 * files. Numbers in CSVs are full precision ({@link Double#toString}), empty for {@code NaN}; nothing
 * here depends on the machine or thread count except the wall time printed in the summary.
 */
final class ReproduceOutput {
    private ReproduceOutput() {}

    /** {@code figN.csv}: {@code x,series,mean,min,max,seeds}, one row per series and point. */
    static String aggregatesCsv(FigureResult r) {
        StringBuilder sb = new StringBuilder("x,series,mean,min,max,seeds\n");
        double[] x = r.experiment().xValues();
        for (String name : r.seriesNames()) {
            Aggregate a = r.aggregate(name);
            for (int p = 0; p < x.length; p++) {
                sb.append(Render.csvLine(List.of(num(x[p]), name, num(a.mean()[p]), num(a.min()[p]), num(a.max()[p]),
                        Integer.toString(a.seeds()))));
            }
        }
        return sb.toString();
    }

    /** {@code figN-runs.csv}: one row per protocol run. */
    static String runsCsv(FigureResult r) {
        int[] windows = r.experiment().windows();
        List<String> header = new ArrayList<>(List.of("figure", "point", "x", "seed", "w_seed", "horizon", "rho", "y0", "y1", "protocol",
                "fair_time", "iterations", "c_max", "tau_sum", "loss_avg", "static_regret_avg"));
        for (int w : windows) header.add("dynamic_regret_avg_w" + windowLabel(w));
        for (int w : windows) header.add("path_length_w" + windowLabel(w));
        header.addAll(List.of("self_nmse", "cross_nmse", "eta_min", "eta_max"));
        StringBuilder sb = new StringBuilder(Render.csvLine(header));
        for (RunRecord run : r.records()) {
            List<String> c = new ArrayList<>(List.of(run.figure(), Integer.toString(run.point()), num(run.x()), Integer.toString(run.seed()),
                    Integer.toString(Experiments.W_SEED_OFFSET + run.seed()), Integer.toString(run.horizon()), num(run.rho()), num(run.y0()),
                    num(run.y1()), run.protocol(), run.fairTime().cliName(), Integer.toString(run.iterations()), Render.num(run.cMax(), 6),
                    Long.toString(run.tauSum()), num(run.lossAvg()), num(run.staticRegretAvg())));
            for (double d : run.dynamicRegretAvg()) c.add(num(d));
            for (double d : run.pathLength()) c.add(num(d));
            c.addAll(List.of(num(run.selfNmse()), num(run.crossNmse()), num(run.etaMin()), num(run.etaMax())));
            sb.append(Render.csvLine(c));
        }
        return sb.toString();
    }

    /** {@code figN-tuning.csv}: {@code series,fair_time,eta,static_regret_avg}, one row per series and grid value tried. */
    static String tuningCsv(FigureResult r) {
        StringBuilder sb = new StringBuilder("series,fair_time,eta,static_regret_avg\n");
        for (TunedSeries t : r.tuning()) {
            double[] grid = t.grid(), values = t.staticRegretAvg();
            for (int i = 0; i < grid.length; i++) {
                sb.append(Render.csvLine(List.of(t.protocol(), t.fairTime().cliName(), num(grid[i]), num(values[i]))));
            }
        }
        return sb.toString();
    }

    /**
     * "η tuned on held-out seed 0 at T = 2500, ρ = 0.75, y0 = 2, y1 = 10: ogd 0.1, …", or null if not tuned.
     *
     * @param r the result
     */
    static String tunedLine(FigureResult r) {
        if (r.tuning().isEmpty()) return null;
        return "η tuned on held-out seed " + Tuning.SEED + " at " + r.experiment().referenceDescription() + ": " + tunedEtas(r, " (edge of the grid)");
    }

    /** The tuned η per series, named as in the legend ("ddam-star (off)" for the rule off where both rules are drawn). */
    static String tunedEtas(FigureResult r, String edgeMark) {
        Experiment e = r.experiment();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.tuning().size(); i++) {
            TunedSeries t = r.tuning().get(i);
            String name = t.protocol();
            if (t.protocol().startsWith("ddam") && t.fairTime() == FairTime.OFF && usesBothRules(e)) name += " (off)";
            sb.append(i == 0 ? "" : ", ").append(name).append(' ').append(Findings.g(t.eta()));
            if (t.atGridEdge()) sb.append(edgeMark);
        }
        return sb.toString();
    }

    private static boolean usesBothRules(Experiment e) {
        boolean paper = false, off = false;
        for (var g : e.groups()) {
            for (String p : g.protocols()) {
                if (p.startsWith("ddam")) {
                    paper |= g.fairTime() == FairTime.PAPER;
                    off |= g.fairTime() == FairTime.OFF;
                }
            }
        }
        return paper && off;
    }

    static String windowLabel(int w) {
        return w == 0 ? "T" : Integer.toString(w);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** The figure's chart: mean lines with min..max bands (the notes go below it, see {@link #png}). */
    static LinePlot plot(FigureResult r) {
        Experiment e = r.experiment();
        LinePlot plot = new LinePlot(e.title(), e.xLabel(), e.yLabel());
        if (e.logX()) plot.logX();
        if (logY(r)) plot.logY();
        double[] x = e.xValues();
        for (SeriesSpec s : e.series()) {
            if (!s.plotted() || !r.has(s.name())) continue;
            Aggregate a = r.aggregate(s.name());
            if (s.dashed()) plot.dashedBand(s.name(), x, a.mean(), a.min(), a.max());
            else plot.band(s.name(), x, a.mean(), a.min(), a.max());
        }
        return plot;
    }

    /**
     * Whether the y axis is logarithmic: the experiment's choice, and for Fig. 8 (whose static regret can be negative,
     * hence linear by default) also when every plotted value, band included, is positive — on a linear axis the paper
     * rule's large DDAM-TOGD values would flatten every other curve.
     */
    static boolean logY(FigureResult r) {
        Experiment e = r.experiment();
        if (e.logY()) return true;
        if (e.figure() != Figure.FIG8) return false;
        boolean any = false;
        for (SeriesSpec s : e.series()) {
            if (!s.plotted() || !r.has(s.name())) continue;
            for (double v : r.aggregate(s.name()).min()) {
                if (!(v > 0)) return false;
                any = true;
            }
        }
        return any;
    }

    /**
     * The figure as a PNG: the {@link #plot} (1000 × 600) with the {@link #notes} in a caption strip below
     * it, so the caveats never hide a curve (a note inside the plot area would cover data somewhere).
     */
    static byte[] png(FigureResult r) {
        byte[] chart = plot(r).png(1000, 600);
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(chart));
            List<String> notes = notes(r);
            int lineHeight = 18, pad = 8;
            BufferedImage outImg = new BufferedImage(img.getWidth(), img.getHeight() + 2 * pad + lineHeight * notes.size(),
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = outImg.createGraphics();
            try {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, outImg.getWidth(), outImg.getHeight());
                g.drawImage(img, 0, 0, null);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setColor(new Color(0x333333));
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                for (int i = 0; i < notes.size(); i++) {
                    g.drawString(notes.get(i), 20, img.getHeight() + pad + lineHeight * (i + 1) - 5);
                }
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(outImg, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }

    /** The caveats printed in the plot: data source, seeds and band, step sizes, fair-time rule with C_max and iterations. */
    static List<String> notes(FigureResult r) {
        Experiment e = r.experiment();
        List<String> n = new ArrayList<>();
        n.add(shortData(e));
        n.add("line = mean, band = min..max over " + e.seeds() + " seed" + (e.seeds() == 1 ? "" : "s")
                + (e.tuned() ? "" : "; η = " + e.eta()) + (e.quick() ? "; --quick sweep" : ""));
        if (!r.tuning().isEmpty()) {
            n.add("η tuned on held-out seed " + Tuning.SEED + " at " + e.referenceDescription() + " (lowest S-Reg/T' over "
                    + Tuning.describe(e.tuningGrid()) + "):");
            String etas = tunedEtas(r, "!");
            n.add("    " + etas + (etas.contains("!") ? "   (! = at the edge of the grid)" : ""));
        }
        String fair = fairTimeNote(r);
        if (fair != null) n.add(fair);
        switch (e.figure()) {
            case FIG7 -> n.add("DDAM-TOGD⋆ only, fair-time off (T iterations); dashed = (1+PL)/√T, PL = Σ_n PL_n");
            case FIG9 -> {
                n.add("fair-time off for both (T iterations); solid = Self-NMSE, dashed = Cross-NMSE");
                String diverged = divergedNote(r);
                if (diverged != null) n.add(diverged);
            }
            default -> n.add("dashed DDAM-TOGD: fair-time rule off (T iterations, 'per iteration')"
                    + (e.figure() == Figure.FIG8 ? (logY(r) ? "; log y: every value is positive here (linear if one is negative)"
                                                            : "; linear y: some value is negative") : ""));
        }
        return n;
    }

    /** Fig. 9: "NMSE above 1 (worse than X = 0: diverged): ddam-star at y0=100", or null. */
    static String divergedNote(FigureResult r) {
        double[] x = r.experiment().xValues();
        List<String> at = new ArrayList<>();
        for (String name : r.seriesNames()) {
            String protocol = name.split(" ")[0];
            double[] mean = r.mean(name);
            for (int p = 0; p < x.length; p++) {
                String where = protocol + " at y0=" + Experiments.fmt(x[p]);
                if (mean[p] > 1 && !at.contains(where)) at.add(where);
            }
        }
        return at.isEmpty() ? null : "mean NMSE above 1 (worse than X = 0: the run diverged with its η): " + String.join(", ", at);
    }

    private static String shortData(Experiment e) {
        if (e.traffic() == null) return "synthetic data (eq. 41), graph synthetic20 (" + e.networkSpec() + ")";
        if (!e.traffic().isReal()) return "traffic: SYNTHETIC STAND-IN (not real data), graph " + e.networkSpec();
        return "real data: " + e.traffic().file().getFileName() + " (" + e.agents() + " series), graph " + e.networkSpec();
    }

    /** "solid DDAM-TOGD: paper rule ⌊T/C_max⌋, C_max ⋆ 106 / ST 220 → at T=2500 ⋆ 23 / ST 11 iterations", or null. */
    static String fairTimeNote(FigureResult r) {
        Experiment e = r.experiment();
        boolean paper = false;
        for (SeriesSpec s : e.series()) paper |= s.protocol().startsWith("ddam") && s.fairTime() == FairTime.PAPER;
        if (!paper || r.records().isEmpty()) return null;
        int last = e.points().size() - 1;
        double cStar = meanCMax(r, "ddam-star"), cSt = meanCMax(r, "ddam-st");
        double iStar = r.meanOf(last, "ddam-star", FairTime.PAPER, RunRecord::iterations);
        double iSt = r.meanOf(last, "ddam-st", FairTime.PAPER, RunRecord::iterations);
        return String.format(Locale.ROOT, "solid DDAM-TOGD: paper rule ⌊T/C_max⌋, C_max ⋆ %s, ST %s → at T=%d: ⋆ %s, ST %s iterations",
                Findings.g(cStar), Findings.g(cSt), e.points().get(last).horizon(), Findings.g(iStar), Findings.g(iSt));
    }

    /** C_max of a protocol's trees, averaged over points and seeds. */
    private static double meanCMax(FigureResult r, String protocol) {
        double s = 0;
        int n = 0;
        for (int p = 0; p < r.experiment().points().size(); p++) {
            double v = r.meanOf(p, protocol, FairTime.PAPER, RunRecord::cMax);
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** {@code summary.md}. */
    static String summary(List<FigureResult> results, List<Finding> findings, List<String> common, String command, double wallSeconds,
                          int threads) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ddam reproduce — summary\n\n");
        sb.append("Command: `").append(command).append("`  \n");
        sb.append(String.format(Locale.ROOT, "Wall time: %.0f s on %d thread%s (the only machine-dependent number in this file).%n%n",
                wallSeconds, threads, threads == 1 ? "" : "s"));
        boolean traffic = results.stream().anyMatch(r -> r.experiment().traffic() != null);
        if (traffic) {
            Experiment t = results.stream().filter(r -> r.experiment().traffic() != null).findFirst().orElseThrow().experiment();
            sb.append(t.traffic().isReal()
                    ? "**Figs. 7–9 use real data: " + t.traffic().file() + ".**\n\n"
                    : "**Figs. 7–9 use the synthetic stand-in for the traffic data (not real data)**: the paper's WLAN traces are not "
                    + "available here; give your own with `--traffic FILE`. Their findings below are about the stand-in, not about real traffic.\n\n");
        }
        sb.append("## Settings (all figures)\n\n");
        for (String c : common) sb.append("- ").append(c).append('\n');
        sb.append("\n## Findings\n\n");
        sb.append("Each finding of the paper (method.md §4) with this run's verdict; the criteria are stated in each line ");
        sb.append("(and in `io.ddam.experiments.figures.Findings`).\n\n");
        sb.append("| figure | the paper's finding | verdict |\n|---|---|---|\n");
        for (Finding f : findings) sb.append("| ").append(f.figure()).append(" | ").append(f.claim()).append(" | **").append(f.verdict().label()).append("** |\n");
        for (FigureResult r : results) {
            Experiment e = r.experiment();
            sb.append("\n## ").append(e.title()).append("\n\n");
            sb.append("Files: `").append(e.figure().id()).append(".png`, `").append(e.figure().id()).append(".csv` (plotted means, min, max), `")
                    .append(e.figure().id()).append("-runs.csv` (every run)");
            if (!r.tuning().isEmpty()) sb.append(", `").append(e.figure().id()).append("-tuning.csv` (the step-size tuning)");
            sb.append(".  \n");
            sb.append("Data: ").append(e.dataDescription()).append("; graph ").append(e.networkSpec()).append(".  \n");
            sb.append("The paper: ").append(e.figure().paperFinding()).append(".\n\n");
            for (String d : e.decisions()) sb.append("- ").append(d).append('\n');
            String fair = fairTimeNote(r);
            if (fair != null) sb.append("- ").append(fair.replace("solid DDAM-TOGD: ", "DDAM-TOGD under the ")).append(" (means over seeds).\n");
            String tuned = tunedLine(r);
            if (tuned != null) {
                sb.append("- ").append(tuned).append("; grid ").append(Tuning.describe(e.tuningGrid()))
                        .append(", lowest S-Reg/T' of seed ").append(Tuning.SEED).append(" (every value tried: `").append(e.figure().id())
                        .append("-tuning.csv`).\n");
            } else {
                sb.append("- ").append(stepSizes(r)).append('\n');
            }
            sb.append('\n');
            for (Finding f : findings) {
                if (f.figure().equals(e.figure().id())) {
                    sb.append("- **").append(f.verdict().label()).append("** — ").append(f.claim()).append(". ").append(f.evidence()).append('\n');
                }
            }
        }
        boolean cross = findings.stream().anyMatch(f -> f.figure().equals("fig3-5"));
        if (cross) {
            sb.append("\n## DDAM-TOGD⋆ against DDAM-TOGD (ST), Figs. 3–5\n\n");
            for (Finding f : findings) {
                if (f.figure().equals("fig3-5")) {
                    sb.append("- **").append(f.verdict().label()).append("** — ").append(f.claim()).append(". ").append(f.evidence()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** "Step sizes at T=2500 (range over agents, mean over seeds): ogd 0.0161..0.0166, …": why a protocol learns slowly. */
    static String stepSizes(FigureResult r) {
        Experiment e = r.experiment();
        int last = e.points().size() - 1;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Step sizes η_n at the last point, T=%d (smallest..largest over agents, "
                + "mean over seeds):", e.points().get(last).horizon()));
        List<String> seen = new ArrayList<>();
        for (SeriesSpec s : e.series()) {
            if (seen.contains(s.protocol() + s.fairTime())) continue;
            seen.add(s.protocol() + s.fairTime());
            double lo = r.meanOf(last, s.protocol(), s.fairTime(), RunRecord::etaMin), hi = r.meanOf(last, s.protocol(), s.fairTime(), RunRecord::etaMax);
            if (Double.isNaN(lo)) continue;
            sb.append(seen.size() == 1 ? " " : "; ").append(s.protocol());
            if (s.protocol().startsWith("ddam")) sb.append(s.fairTime() == FairTime.OFF ? " (off)" : " (paper rule)");
            sb.append(' ').append(Findings.g(lo));
            if (hi != lo) sb.append("..").append(Findings.g(hi));
        }
        sb.append('.');
        double ogd = midEta(r, last, "ogd", FairTime.PAPER), ogdOff = midEta(r, last, "ogd", FairTime.OFF);
        double star = midEta(r, last, "ddam-star", FairTime.OFF);
        double reference = Double.isNaN(ogd) ? ogdOff : ogd;
        if (e.eta().equals("theory") && !Double.isNaN(reference) && !Double.isNaN(star)) {
            sb.append(String.format(Locale.ROOT, " DDAM-TOGD⋆ with the rule off uses %s× OGD's step size (midpoints of the ranges): "
                    + "Corollary 2's η shrinks with |W_n|·τ_{n,sum}.", Findings.g(star / reference)));
        }
        return sb.toString();
    }

    private static double midEta(FigureResult r, int point, String protocol, FairTime rule) {
        return r.meanOf(point, protocol, rule, run -> (run.etaMin() + run.etaMax()) / 2);
    }

    /** The short table printed on standard output. */
    static String findingsTable(List<Finding> findings) {
        return findings(findings).text();
    }

    /** The findings as CSV (the same columns as the table, with the evidence). */
    static String findingsCsv(List<Finding> findings) {
        Render.Table t = new Render.Table("figure", "verdict", "finding", "evidence");
        for (Finding f : findings) t.row(f.figure(), f.verdict().label(), f.claim(), f.evidence());
        return t.csv();
    }

    /** The run as JSON: what was written where, and every finding with its verdict and evidence. */
    static String findingsJson(List<Finding> findings, List<String> figures, String folder, List<String> files, double seconds) {
        java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
        root.put("figures", figures);
        root.put("out", folder);
        root.put("files", files);
        root.put("seconds", seconds);
        List<java.util.Map<String, Object>> list = new java.util.ArrayList<>();
        for (Finding f : findings) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("figure", f.figure());
            m.put("verdict", f.verdict().label());
            m.put("finding", f.claim());
            m.put("evidence", f.evidence());
            list.add(m);
        }
        root.put("findings", list);
        return Render.json(root);
    }

    private static Render.Table findings(List<Finding> findings) {
        Render.Table t = new Render.Table("figure", "verdict", "the paper's finding");
        for (Finding f : findings) t.row(f.figure(), f.verdict().label(), f.claim());
        return t;
    }
}
