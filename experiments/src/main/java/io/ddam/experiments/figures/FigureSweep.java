package io.ddam.experiments.figures;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.CellFunction;
import io.ddam.experiments.sweep.Column;
import io.ddam.experiments.sweep.SweepRow;
import io.ddam.experiments.sweep.SweepSpec;
import io.ddam.online.protocol.FairTime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paper's figures as sweep presets plus their aggregation: {@code ddam reproduce} runs on the sweep engine
 * ({@link io.ddam.experiments.sweep.SweepRunner}) like {@code ddam sweep}. A figure's sweep has one cell per
 * (figure, point, seed) ({@link #cells}); its cell function ({@link #function}) runs the point's run groups
 * ({@link FigureRunner#runPoint}) and gives one row per run ({@link #COLUMNS}: every number of a
 * {@link RunRecord}, doubles in full precision); {@link #records} reads rows back into records, which
 * {@link FigureResult#fromRecords} aggregates into the figure's lines. With {@code tuned} step sizes a first
 * sweep has one cell per distinct tuning run ({@link #tuningCells}, {@link #tuningFunction}: one row, its S-Reg/T').
 *
 * <p>Each cell runs on one thread through a pure function of its values, so the rows, and every number
 * aggregated from them, are the same on any runner and thread count.
 */
public final class FigureSweep {
    private FigureSweep() {}

    /** The preset's name in every cell's canonical spec. */
    public static final String PRESET = "reproduce";

    /** The columns of a figure cell's rows: one row per run (protocol × fair-time rule of a run group). */
    public static final List<Column> COLUMNS = List.of(
            new Column("figure", Column.Type.STRING),
            new Column("point", Column.Type.LONG),
            new Column("x", Column.Type.DOUBLE),
            new Column("seed", Column.Type.LONG),
            new Column("horizon", Column.Type.LONG),
            new Column("rho", Column.Type.DOUBLE),
            new Column("y0", Column.Type.DOUBLE),
            new Column("y1", Column.Type.DOUBLE),
            new Column("protocol", Column.Type.STRING),
            new Column("fair_time", Column.Type.STRING),
            new Column("iterations", Column.Type.LONG),
            new Column("c_max", Column.Type.DOUBLE),
            new Column("tau_sum", Column.Type.LONG),
            new Column("loss_per_step", Column.Type.DOUBLE),
            new Column("static_per_step", Column.Type.DOUBLE),
            new Column("windows", Column.Type.STRING),
            new Column("dynamic_per_step", Column.Type.STRING),
            new Column("path_length", Column.Type.STRING),
            new Column("self_nmse", Column.Type.DOUBLE),
            new Column("cross_nmse", Column.Type.DOUBLE),
            new Column("eta_min", Column.Type.DOUBLE),
            new Column("eta_max", Column.Type.DOUBLE));

    /** The one column of a tuning cell's row. */
    public static final List<Column> TUNING_COLUMNS = List.of(new Column("static_per_step", Column.Type.DOUBLE));

    /**
     * The sweep cells of the figures: one per (figure, point, seed), in that order (figures as given, points in
     * order, seeds 1..K), so cell {@code i} is the i-th task of {@link FigureRunner}.
     *
     * @param experiments the figures
     * @return the cells; each cell's values name its figure (its index in {@code experiments} as {@code experiment}),
     *         point index and seed, and its id hashes those with the point's x, horizon, ρ, y0, y1 and the step sizes
     */
    public static List<Cell> cells(List<Experiment> experiments) {
        List<Cell> out = new ArrayList<>();
        for (int i = 0; i < experiments.size(); i++) {
            Experiment e = experiments.get(i);
            for (int p = 0; p < e.points().size(); p++) {
                Point pt = e.points().get(p);
                for (int s = 1; s <= e.seeds(); s++) {
                    Map<String, Object> v = new TreeMap<>();
                    v.put("preset", PRESET);
                    v.put("figure", e.figure().id());
                    v.put("experiment", (long) i);
                    v.put("point", (long) p);
                    v.put("seed", (long) s);
                    v.put("x", pt.x());
                    v.put("horizon", (long) pt.horizon());
                    v.put("rho", pt.rho());
                    v.put("y0", pt.y0());
                    v.put("y1", pt.y1());
                    v.put("eta", e.eta());
                    v.put("data", e.dataDescription());
                    out.add(cell(out.size(), v));
                }
            }
        }
        return out;
    }

    /**
     * The cell function of {@link #cells}: the runs of one (figure, point, seed) as rows of {@link #COLUMNS}.
     *
     * @param experiments the figures, as given to {@link #cells}
     * @param tuning      per experiment, the tuned step size of every series (empty lists for untuned figures)
     * @return the function (runs in-process; it holds the experiments)
     */
    public static CellFunction function(List<Experiment> experiments, List<List<TunedSeries>> tuning) {
        return new Runs(List.copyOf(experiments), List.copyOf(tuning));
    }

    /**
     * Reads a figure cell's rows back into run records, bit for bit.
     *
     * @param rows rows of {@link #COLUMNS}
     * @return one record per row, in order
     */
    public static List<RunRecord> records(List<SweepRow> rows) {
        List<RunRecord> out = new ArrayList<>(rows.size());
        for (SweepRow r : rows) {
            out.add(new RunRecord((String) r.get(0), ((Long) r.get(1)).intValue(), (Double) r.get(2), ((Long) r.get(3)).intValue(),
                    ((Long) r.get(4)).intValue(), (Double) r.get(5), (Double) r.get(6), (Double) r.get(7), (String) r.get(8),
                    FairTime.valueOf((String) r.get(9)), ((Long) r.get(10)).intValue(), (Double) r.get(11), (Long) r.get(12),
                    (Double) r.get(13), (Double) r.get(14), Arrays.stream(split((String) r.get(15))).mapToInt(Integer::parseInt).toArray(),
                    doubles((String) r.get(16)), doubles((String) r.get(17)), (Double) r.get(18), (Double) r.get(19), (Double) r.get(20),
                    (Double) r.get(21)));
        }
        return out;
    }

    /**
     * A run record as a row of {@link #COLUMNS}: doubles as {@code Double}s (lists of them as text that
     * {@link Double#parseDouble} reads back to the same bits).
     *
     * @param r a run record
     * @return its row
     */
    public static SweepRow row(RunRecord r) {
        StringBuilder w = new StringBuilder();
        for (int x : r.windows()) w.append(w.length() == 0 ? "" : ";").append(x);
        return new SweepRow(Arrays.asList(r.figure(), (long) r.point(), r.x(), (long) r.seed(), (long) r.horizon(), r.rho(), r.y0(),
                r.y1(), r.protocol(), r.fairTime().name(), (long) r.iterations(), r.cMax(), r.tauSum(), r.lossAvg(), r.staticRegretAvg(),
                w.toString(), text(r.dynamicRegretAvg()), text(r.pathLength()), r.selfNmse(), r.crossNmse(), r.etaMin(), r.etaMax()));
    }

    /**
     * The tuning cells of the tuned figures: one per distinct tuning run (runs that two figures would make
     * identically are one cell, see {@link FigureRunner}), in the tuning plan's order.
     *
     * @param experiments the figures
     * @param runs        the distinct tuning runs: (experiment, group, grid index) each
     * @param protocols   the protocol of each run
     * @return one cell per run; its values hold those four indices and the step size
     */
    static List<Cell> tuningCells(List<Experiment> experiments, List<int[]> runs, List<String> protocols) {
        List<Cell> out = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            int[] r = runs.get(k);
            Experiment e = experiments.get(r[0]);
            Map<String, Object> v = new TreeMap<>();
            v.put("preset", PRESET + "-tuning");
            v.put("figure", e.figure().id());
            v.put("experiment", (long) r[0]);
            v.put("group", (long) r[1]);
            v.put("protocol", protocols.get(k));
            v.put("grid", (long) r[2]);
            v.put("eta", e.tuningGrid()[r[2]]);
            v.put("horizon", (long) e.reference().horizon());
            v.put("data", e.dataDescription());
            out.add(cell(k, v));
        }
        return out;
    }

    /**
     * The cell function of {@link #tuningCells}: one tuning run, one row holding its S-Reg/T'.
     *
     * @param experiments the figures
     * @param costs       the cost of each tuning cell, by cell index (the runner starts the dearest first)
     * @return the function
     */
    static CellFunction tuningFunction(List<Experiment> experiments, double[] costs) {
        return new TuningRuns(List.copyOf(experiments), costs.clone());
    }

    private static Cell cell(int index, Map<String, Object> values) {
        String text = SweepSpec.canonicalJson(values);
        return new Cell(index, Cell.idOf(text), text, new LinkedHashMap<>(values));
    }

    private static String text(double[] xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) b.append(b.length() == 0 ? "" : ";").append(Double.toString(x));
        return b.toString();
    }

    private static String[] split(String s) { return s.isEmpty() ? new String[0] : s.split(";"); }

    private static double[] doubles(String s) { return Arrays.stream(split(s)).mapToDouble(Double::parseDouble).toArray(); }

    private static int index(Cell c, String key) { return ((Long) c.values().get(key)).intValue(); }

    /** The figure cells' function (in-process: experiments hold networks and data, not serialisable). */
    private record Runs(List<Experiment> experiments, List<List<TunedSeries>> tuning) implements CellFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Column> columns() { return COLUMNS; }

        @Override
        public double cost(Cell cell) { return experiments.get(index(cell, "experiment")).cost(index(cell, "point")); }

        @Override
        public List<SweepRow> apply(Cell cell) {
            int i = index(cell, "experiment");
            List<RunRecord> records = FigureRunner.runPoint(experiments.get(i), index(cell, "point"), index(cell, "seed"), tuning.get(i));
            List<SweepRow> rows = new ArrayList<>(records.size());
            for (RunRecord r : records) rows.add(row(r));
            return rows;
        }
    }

    /** The tuning cells' function. */
    private record TuningRuns(List<Experiment> experiments, double[] costs) implements CellFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Column> columns() { return TUNING_COLUMNS; }

        @Override
        public double cost(Cell cell) { return costs[cell.index()]; }

        @Override
        public List<SweepRow> apply(Cell cell) {
            Experiment e = experiments.get(index(cell, "experiment"));
            double eta = e.tuningGrid()[index(cell, "grid")];
            return List.of(new SweepRow(List.of(FigureRunner.tuningRun(e, index(cell, "group"), (String) cell.values().get("protocol"), eta))));
        }
    }
}
