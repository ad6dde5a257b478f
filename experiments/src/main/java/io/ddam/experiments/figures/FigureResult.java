package io.ddam.experiments.figures;

import io.ddam.online.protocol.FairTime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The result of one figure: every run ({@link RunRecord}s, ordered by point, seed, run group and
 * protocol) and, per series, its values per point and seed. Immutable. Built from runs by
 * {@link #fromRecords}, or from values alone by {@link #ofValues} (for judging hand-made curves).
 */
public final class FigureResult {
    private final Experiment experiment;
    private final List<RunRecord> records;
    private final Map<String, double[][]> values; // series → [point][seed]
    private final List<TunedSeries> tuning;

    private FigureResult(Experiment experiment, List<RunRecord> records, Map<String, double[][]> values, List<TunedSeries> tuning) {
        this.experiment = experiment;
        this.records = List.copyOf(records);
        this.values = values;
        this.tuning = List.copyOf(tuning);
    }

    /**
     * The result of the runs of an experiment.
     *
     * @param e       the experiment
     * @param records every run of every point and seed of {@code e}
     * @return the result, with each series read from the matching runs
     * @throws IllegalArgumentException if a series has no run at some point and seed
     */
    public static FigureResult fromRecords(Experiment e, List<RunRecord> records) {
        return fromRecords(e, records, List.of());
    }

    /**
     * The result of the runs of an experiment whose step sizes were tuned.
     *
     * @param e       the experiment
     * @param records every run of every point and seed of {@code e}
     * @param tuning  the held-out tuning of each series, in run-group and protocol order (empty if not tuned)
     * @return the result, with each series read from the matching runs
     * @throws IllegalArgumentException if a series has no run at some point and seed
     */
    public static FigureResult fromRecords(Experiment e, List<RunRecord> records, List<TunedSeries> tuning) {
        Map<String, RunRecord> index = new HashMap<>();
        for (RunRecord r : records) index.put(key(r.point(), r.seed(), r.protocol(), r.fairTime()), r);
        Map<String, double[][]> values = new LinkedHashMap<>();
        for (SeriesSpec s : e.series()) {
            double[][] v = new double[e.points().size()][e.seeds()];
            for (int p = 0; p < v.length; p++) {
                for (int k = 0; k < e.seeds(); k++) {
                    RunRecord r = index.get(key(p, k + 1, s.protocol(), s.fairTime()));
                    if (r == null) throw new IllegalArgumentException("no run of " + s.protocol() + " at point " + p + ", seed " + (k + 1));
                    v[p][k] = s.quantity().of(r, s.window());
                }
            }
            values.put(s.name(), v);
        }
        return new FigureResult(e, records, values, tuning);
    }

    /**
     * A result made of series values only (no runs), e.g. a hand-made curve to judge with {@link Findings}.
     *
     * @param e      the experiment whose points and series the values follow
     * @param values per series name, values[point][seed]; series of {@code e} that are missing count as absent
     * @return the result
     */
    public static FigureResult ofValues(Experiment e, Map<String, double[][]> values) {
        Map<String, double[][]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> en : values.entrySet()) {
            double[][] v = new double[en.getValue().length][];
            if (v.length != e.points().size()) throw new IllegalArgumentException(en.getKey() + ": one row per point");
            for (int i = 0; i < v.length; i++) v[i] = en.getValue()[i].clone();
            copy.put(en.getKey(), v);
        }
        return new FigureResult(e, List.of(), copy, List.of());
    }

    private static String key(int point, int seed, String protocol, FairTime rule) {
        return point + "/" + seed + "/" + protocol + "/" + rule;
    }

    /**
     * The experiment.
     *
     * @return its definition
     */
    public Experiment experiment() { return experiment; }

    /**
     * Every run.
     *
     * @return the runs, ordered by point, seed, run group and protocol (empty for {@link #ofValues})
     */
    public List<RunRecord> records() { return records; }

    /**
     * The held-out step-size tuning of every series ({@code --eta tuned}).
     *
     * @return one entry per (run group, protocol) pair, in order; empty if the step sizes were not tuned
     */
    public List<TunedSeries> tuning() { return tuning; }

    /**
     * The tuned step size of the runs of one protocol under one fair-time rule.
     *
     * @param protocol the protocol
     * @param rule     the fair-time rule
     * @return the chosen η, or {@code NaN} if it was not tuned
     */
    public double tunedEta(String protocol, FairTime rule) {
        for (TunedSeries t : tuning) if (t.protocol().equals(protocol) && t.fairTime() == rule) return t.eta();
        return Double.NaN;
    }

    /**
     * Whether the result has this series.
     *
     * @param series a series name
     * @return true if it has values
     */
    public boolean has(String series) { return values.containsKey(series); }

    /**
     * The series names, in the experiment's order (only those present).
     *
     * @return the names
     */
    public List<String> seriesNames() {
        List<String> names = new ArrayList<>();
        for (SeriesSpec s : experiment.series()) if (values.containsKey(s.name())) names.add(s.name());
        return names;
    }

    /**
     * The values of a series.
     *
     * @param series the series name
     * @return a copy of values[point][seed]
     */
    public double[][] values(String series) {
        double[][] v = values.get(series);
        if (v == null) throw new IllegalArgumentException(experiment.figure().id() + " has no series '" + series + "'");
        double[][] c = new double[v.length][];
        for (int i = 0; i < v.length; i++) c[i] = v[i].clone();
        return c;
    }

    /**
     * A series over seeds.
     *
     * @param series the series name
     * @return mean, min and max per point
     */
    public Aggregate aggregate(String series) { return Aggregate.of(values(series)); }

    /**
     * The mean over seeds of a series.
     *
     * @param series the series name
     * @return one mean per point
     */
    public double[] mean(String series) { return aggregate(series).mean(); }

    /**
     * The mean over seeds of a quantity of the runs of one protocol at one point (e.g. C_max, iterations, Σ τ_sum).
     *
     * @param point    the point index
     * @param protocol the protocol
     * @param rule     the fair-time rule of the runs
     * @param f        what to read from each run
     * @return the mean, or {@code NaN} if there is no such run
     */
    public double meanOf(int point, String protocol, FairTime rule, ToDoubleFunction<RunRecord> f) {
        double s = 0;
        int n = 0;
        for (RunRecord r : records) {
            if (r.point() == point && r.protocol().equals(protocol) && r.fairTime() == rule) {
                s += f.applyAsDouble(r);
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
