package io.ddam.experiments.figures;

import io.ddam.experiments.run.Simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The aggregation of {@code ddam reproduce failures} ({@link FailureExperiment}): each run as a record of
 * fields, and the points (one per network, series and failure rate: mean, min and max over the schedule
 * seeds, summed in seed order so they are the same for any thread count). The command line renders them
 * (JSON, {@code failures.csv}, {@code failures-runs.csv}, plots, summary; docs/formats.md).
 */
public final class FailurePoints {
    private FailurePoints() {}

    /**
     * One run as a JSON object ({@code failures-runs.csv}: the same fields).
     *
     * @param r a run
     * @return its fields, in output order
     */
    public static Map<String, Object> run(FailureExperiment.Run r) {
        Simulation.FailureRow f = r.row();
        Simulation.Row w = f.row(), b = f.noFailure();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", r.network());
        m.put("rate", r.rate());
        m.put("seed", r.seed());
        m.put("schedule", r.schedule());
        m.put("events", r.events());
        m.put("series", r.series());
        m.put("protocol", r.protocol());
        m.put("trees", r.trees());
        m.put("repair", r.repair());
        m.put("repairedWith", r.repairedWith());
        m.put("iterations", w.iterations());
        m.put("staticRegretAvg", w.staticRegretAverage());
        m.put("selfNmse", w.selfNmse());
        m.put("crossNmse", w.crossNmse());
        m.put("messagesSent", f.sent());
        m.put("messagesLost", f.lost());
        m.put("lostFraction", f.lostFraction());
        m.put("partitionedSteps", f.partitionedSteps());
        m.put("repairs", f.repairedWith() == null ? null : f.repairs());
        m.put("treesRepaired", f.repairedWith() == null ? null : f.repairedTrees());
        m.put("repairSeconds", f.repairedWith() == null ? null : f.repairNanos() / 1e9);
        m.put("iterationsNoFailure", b.iterations());
        m.put("staticRegretAvgNoFailure", b.staticRegretAverage());
        m.put("selfNmseNoFailure", b.selfNmse());
        return m;
    }

    /**
     * The points: per network, series and rate the mean, min and max over the seeds.
     *
     * @param res the experiment's result
     * @return one map per point, ordered by network, series (first appearance) and rate
     */
    public static List<Map<String, Object>> points(FailureExperiment.Result res) {
        Map<String, List<FailureExperiment.Run>> groups = new LinkedHashMap<>();
        for (FailureExperiment.Run r : res.runs()) {
            groups.computeIfAbsent(r.network() + "\u0000" + r.series() + "\u0000" + r.rate(), k -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        // Ordered by network, series (first appearance), then rate: the plot's and the table's order.
        for (FailureExperiment.Subject s : res.subjects()) {
            for (String series : seriesOf(res, s.name())) {
                for (double p : res.rates()) {
                    List<FailureExperiment.Run> g = groups.get(s.name() + "\u0000" + series + "\u0000" + p);
                    if (g == null) continue;
                    FailureExperiment.Run first = g.get(0);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("network", s.name());
                    m.put("series", series);
                    m.put("protocol", first.protocol());
                    m.put("trees", first.trees());
                    m.put("repair", first.repair());
                    m.put("rate", p);
                    m.put("seeds", g.size());
                    stats(m, "staticRegretAvg", g, r -> r.row().row().staticRegretAverage());
                    stats(m, "selfNmse", g, r -> r.row().row().selfNmse());
                    m.put("crossNmseMean", mean(g, r -> r.row().row().crossNmse()));
                    stats(m, "lostFraction", g, r -> r.row().lostFraction());
                    m.put("partitionedStepsMean", mean(g, r -> r.row().partitionedSteps()));
                    m.put("iterationsMean", mean(g, r -> r.row().row().iterations()));
                    m.put("repairsMean", first.repair() == Boolean.TRUE ? mean(g, r -> r.row().repairs()) : null);
                    m.put("staticRegretAvgNoFailure", first.row().noFailure().staticRegretAverage());
                    m.put("selfNmseNoFailure", first.row().noFailure().selfNmse());
                    out.add(m);
                }
            }
        }
        return out;
    }

    /**
     * The series run on a network, in order of first appearance.
     *
     * @param res     the result
     * @param network a network's name
     * @return its series
     */
    public static List<String> seriesOf(FailureExperiment.Result res, String network) {
        LinkedHashSet<String> s = new LinkedHashSet<>();
        for (FailureExperiment.Run r : res.runs()) if (r.network().equals(network)) s.add(r.series());
        return new ArrayList<>(s);
    }

    private static void stats(Map<String, Object> m, String name, List<FailureExperiment.Run> g, ToDoubleFunction<FailureExperiment.Run> f) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (FailureExperiment.Run r : g) {
            double v = f.applyAsDouble(r);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        m.put(name + "Mean", mean(g, f));
        m.put(name + "Min", lo);
        m.put(name + "Max", hi);
    }

    /** The mean, summed in run order (seed order), so it is the same for any thread count. */
    private static double mean(List<FailureExperiment.Run> g, ToDoubleFunction<FailureExperiment.Run> f) {
        double s = 0;
        for (FailureExperiment.Run r : g) s += f.applyAsDouble(r);
        return s / g.size();
    }

    /**
     * The whole result as JSON: settings, points, files written, what was skipped.
     *
     * @param res         the result
     * @param outDir      the output folder
     * @param files       the files written
     * @param wallSeconds the wall time
     * @return the JSON object as a map
     */
    public static Map<String, Object> json(FailureExperiment.Result res, String outDir, List<String> files, double wallSeconds) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("experiment", "failures");
        root.put("horizon", res.horizon());
        root.put("seeds", res.seeds());
        root.put("rates", res.rates());
        root.put("networks", res.subjects().stream().map(FailureExperiment.Subject::name).toList());
        root.put("skipped", res.skipped());
        root.put("points", points(res));
        root.put("outDir", outDir);
        root.put("files", files);
        root.put("wallSeconds", wallSeconds);
        return root;
    }

}
