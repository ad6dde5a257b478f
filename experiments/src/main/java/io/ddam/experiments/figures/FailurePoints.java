package io.ddam.experiments.figures;

import io.ddam.experiments.run.Simulation;
import io.ddam.experiments.sweep.Column;
import io.ddam.experiments.sweep.SweepRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The aggregation of {@code ddam reproduce failures} ({@link FailureExperiment}): each run as a record of
 * fields, which is also the failure sweep's row ({@link #COLUMNS}), and the points (one per network,
 * series and failure rate: mean, min and max over the schedule seeds, summed in seed order so they are the
 * same for any thread count), aggregated from those records alone, as {@link FigureResult#fromRecords} does
 * for the figures. The command line renders them (JSON, {@code failures.csv}, {@code failures-runs.csv},
 * plots, summary; docs/formats.md).
 */
public final class FailurePoints {
    private FailurePoints() {}

    /** The record's fields in output order, each with its sweep column type. */
    private static final String[][] FIELDS = {
        {"network", "STRING"}, {"rate", "DOUBLE"}, {"seed", "LONG"}, {"schedule", "STRING"}, {"events", "LONG"}, {"series", "STRING"},
        {"protocol", "STRING"}, {"trees", "STRING"}, {"repair", "STRING"}, {"repairedWith", "STRING"}, {"iterations", "LONG"},
        {"staticRegretAvg", "DOUBLE"}, {"selfNmse", "DOUBLE"}, {"crossNmse", "DOUBLE"}, {"messagesSent", "LONG"},
        {"messagesLost", "LONG"}, {"lostFraction", "DOUBLE"}, {"partitionedSteps", "LONG"}, {"repairs", "LONG"},
        {"treesRepaired", "LONG"}, {"repairSeconds", "DOUBLE"}, {"iterationsNoFailure", "LONG"},
        {"staticRegretAvgNoFailure", "DOUBLE"}, {"selfNmseNoFailure", "DOUBLE"}};

    /**
     * The failure sweep's row schema: one column per field of {@link #run}, named in snake case as in
     * {@code failures-runs.csv}; {@code repair} is {@code "true"}, {@code "false"} or null.
     */
    public static final List<Column> COLUMNS = columns();

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        for (String[] f : FIELDS) c.add(new Column(f[0].replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT), Column.Type.valueOf(f[1])));
        return List.copyOf(c);
    }

    /**
     * One run's record as a sweep row ({@link #COLUMNS}).
     *
     * @param record a record of {@link #run}
     * @return its values in column order (whole numbers as {@link Long}, the repair flag as text)
     */
    public static SweepRow row(Map<String, Object> record) {
        List<Object> v = new ArrayList<>(FIELDS.length);
        for (String[] f : FIELDS) {
            Object x = record.get(f[0]);
            if (x instanceof Boolean b) x = b.toString();
            else if (x instanceof Integer i) x = i.longValue();
            v.add(x);
        }
        return new SweepRow(v);
    }

    /**
     * The record of a sweep row: the inverse of {@link #row} (the repair flag back to a {@link Boolean}).
     *
     * @param row a row of {@link #COLUMNS}
     * @return the record, fields in output order
     * @throws IllegalArgumentException if the row's width is not the schema's
     */
    public static Map<String, Object> record(SweepRow row) {
        if (row.size() != FIELDS.length) throw new IllegalArgumentException("a failure row has " + FIELDS.length + " values, not " + row.size());
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < FIELDS.length; i++) {
            Object x = row.get(i);
            if (FIELDS[i][0].equals("repair") && x != null) x = Boolean.valueOf((String) x);
            m.put(FIELDS[i][0], x);
        }
        return m;
    }

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
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : res.records()) {
            groups.computeIfAbsent(r.get("network") + "\u0000" + r.get("series") + "\u0000" + r.get("rate"), k -> new ArrayList<>()).add(r);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        // Ordered by network, series (first appearance), then rate: the plot's and the table's order.
        for (FailureExperiment.Subject s : res.subjects()) {
            for (String series : seriesOf(res, s.name())) {
                for (double p : res.rates()) {
                    List<Map<String, Object>> g = groups.get(s.name() + "\u0000" + series + "\u0000" + p);
                    if (g == null) continue;
                    Map<String, Object> first = g.get(0);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("network", s.name());
                    m.put("series", series);
                    m.put("protocol", first.get("protocol"));
                    m.put("trees", first.get("trees"));
                    m.put("repair", first.get("repair"));
                    m.put("rate", p);
                    m.put("seeds", g.size());
                    stats(m, "staticRegretAvg", g);
                    stats(m, "selfNmse", g);
                    m.put("crossNmseMean", mean(g, "crossNmse"));
                    stats(m, "lostFraction", g);
                    m.put("partitionedStepsMean", mean(g, "partitionedSteps"));
                    m.put("iterationsMean", mean(g, "iterations"));
                    m.put("repairsMean", Boolean.TRUE.equals(first.get("repair")) ? mean(g, "repairs") : null);
                    m.put("staticRegretAvgNoFailure", first.get("staticRegretAvgNoFailure"));
                    m.put("selfNmseNoFailure", first.get("selfNmseNoFailure"));
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
        for (Map<String, Object> r : res.records()) if (r.get("network").equals(network)) s.add((String) r.get("series"));
        return new ArrayList<>(s);
    }

    private static void stats(Map<String, Object> m, String name, List<Map<String, Object>> g) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Map<String, Object> r : g) {
            double v = value(r, name);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        m.put(name + "Mean", mean(g, name));
        m.put(name + "Min", lo);
        m.put(name + "Max", hi);
    }

    /** The mean, summed in record order (seed order), so it is the same for any thread count. */
    private static double mean(List<Map<String, Object>> g, String field) {
        double s = 0;
        for (Map<String, Object> r : g) s += value(r, field);
        return s / g.size();
    }

    private static double value(Map<String, Object> r, String field) { return ((Number) r.get(field)).doubleValue(); }

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
