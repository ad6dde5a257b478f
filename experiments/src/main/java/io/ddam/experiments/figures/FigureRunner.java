package io.ddam.experiments.figures;

import io.ddam.online.data.DataStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.metrics.RunMetrics;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.KmbSteinerDesigner;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.CellFunction;
import io.ddam.experiments.sweep.LocalSweepRunner;
import io.ddam.experiments.sweep.SweepRow;
import io.ddam.experiments.sweep.SweepRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs experiments on the sweep engine ({@link SweepRunner}; {@link FigureSweep}: the figures as sweep presets plus
 * their aggregation): one cell per (figure, sweep point, seed), by default on the local runner's threads. Every task
 * is a pure function of its experiment, point and seed (each {@link Simulation#run} uses one thread),
 * and its runs are stored at the task's index, so the results are identical for any thread count; the
 * longest tasks start first only to shorten the wall time.
 *
 * <p>With {@code tuned} step sizes ({@link Tuning}) a first sweep runs, on the same runner, one tuning cell
 * per (figure, run group, protocol, grid value): the protocol alone at the figure's reference point on the
 * held-out seed {@link Tuning#SEED} (a run that two figures would make identically — same data, reference
 * point, rule, protocol and η — is made once and shared). Its S-Reg/T' is stored at the task's index; once all are done,
 * {@link Tuning#select} picks each series' η, and the sweep runs every protocol of a group on its own with
 * its η (runs of different protocols share no state, so this equals running them together).
 */
public final class FigureRunner {
    private FigureRunner() {}

    /**
     * The number of tasks {@link #run} performs (and reports to its {@code onTaskDone}): the sweep tasks and,
     * with {@code tuned} step sizes, the distinct tuning runs (experiments that share a reference point, data and
     * series share their tuning runs).
     *
     * @param experiments the figures to run
     * @return Σ {@link Experiment#tasks()} + the distinct tuning runs (at most Σ {@link Experiment#tuningTasks()})
     */
    public static int taskCount(List<Experiment> experiments) {
        int n = plan(experiments).runs().size();
        for (Experiment e : experiments) n += e.tasks();
        return n;
    }

    /**
     * Runs every task of the experiments: first the tuning tasks of the experiments with {@code tuned}
     * step sizes, then every (point, seed) task.
     *
     * @param experiments the figures to run
     * @param threads     the number of worker threads (≥ 1)
     * @param onTaskDone  called once per finished task (tuning tasks included, see {@link #taskCount}), from a worker
     *                    thread (e.g. a progress bar's step); may be null
     * @return one result per experiment, in order
     * @throws io.ddam.solver.DdamInputException if a run rejects its input (the first failing task in task order), or
     *                                           every step size of a series' tuning grid diverged
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     */
    public static List<FigureResult> run(List<Experiment> experiments, int threads, Runnable onTaskDone) {
        if (threads < 1) throw new IllegalArgumentException("the number of threads must be at least 1, not " + threads);
        SweepRunner runner = new LocalSweepRunner(threads, (c, nanos) -> {
            if (onTaskDone != null) onTaskDone.run();
        });
        return run(experiments, runner);
    }

    /**
     * Runs every task of the experiments on a sweep runner: first the tuning sweep of the experiments with
     * {@code tuned} step sizes, then the figures' sweep ({@link FigureSweep#cells}), and aggregates the rows.
     *
     * @param experiments the figures to run
     * @param runner      the sweep runner (results do not depend on it)
     * @return one result per experiment, in order
     * @throws io.ddam.solver.DdamInputException if a run rejects its input, or every step size of a series' tuning
     *                                           grid diverged
     */
    public static List<FigureResult> run(List<Experiment> experiments, SweepRunner runner) {
        List<List<TunedSeries>> tuning = tune(experiments, runner);
        List<Cell> cells = FigureSweep.cells(experiments);
        List<List<SweepRow>> out = collect(runner, cells, FigureSweep.function(experiments, tuning));
        List<FigureResult> results = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < experiments.size(); i++) {
            Experiment e = experiments.get(i);
            List<RunRecord> records = new ArrayList<>();
            for (int j = 0; j < e.tasks(); j++) records.addAll(FigureSweep.records(out.get(k++)));
            results.add(FigureResult.fromRecords(e, records, tuning.get(i)));
        }
        return results;
    }

    /** Runs the cells and returns each cell's rows at its index (rows arrive from the worker threads). */
    private static List<List<SweepRow>> collect(SweepRunner runner, List<Cell> cells, CellFunction function) {
        @SuppressWarnings("unchecked")
        List<SweepRow>[] out = new List[cells.size()];
        runner.run(cells, function, (cell, rows) -> {
            synchronized (out) {
                out[cell.index()] = rows;
            }
        });
        synchronized (out) {
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) throw new IllegalStateException("cell " + cells.get(i).id() + " gave no rows");
            }
            return java.util.Arrays.asList(out);
        }
    }

    /** One tuning run: where its result goes in the experiment's grid, and which distinct run computes it. */
    private record Slot(int experiment, int group, String protocol, int grid, int run) {}

    /**
     * What a tuning run depends on: equal keys give bitwise the same run (the data — synthetic with d_k, d_v, the
     * traffic stand-in, or one real file —, R, the reference point's T, ρ, y0, y1, the rule, protocol and η). Figs. 3
     * and 5, and Figs. 7 and 9, share reference points, so their tuning runs are made once.
     */
    private record RunKey(Object data, int dk, int dv, double radius, int horizon, double rho, double y0, double y1, FairTime rule,
                          String protocol, double eta) {}

    /** The tuning plan: one slot per (tuned experiment, series, grid value), in order, and the distinct runs. */
    private record Plan(List<Slot> slots, List<Slot> runs) {}

    private static Plan plan(List<Experiment> experiments) {
        List<Slot> slots = new ArrayList<>(), runs = new ArrayList<>();
        Map<RunKey, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < experiments.size(); i++) {
            Experiment e = experiments.get(i);
            if (!e.tuned()) continue;
            Point r = e.reference();
            Object data = e.traffic() == null ? "synthetic" : e.traffic().isReal() ? e.traffic() : "stand-in";
            for (int g = 0; g < e.groups().size(); g++) {
                FairTime rule = e.groups().get(g).fairTime();
                for (String p : e.groups().get(g).protocols()) {
                    for (int k = 0; k < e.tuningGrid().length; k++) {
                        RunKey key = new RunKey(data, e.dk(), e.dv(), e.radius(), r.horizon(), e.traffic() == null ? r.rho() : 0, r.y0(),
                                r.y1(), rule, p, e.tuningGrid()[k]);
                        Integer run = seen.get(key);
                        if (run == null) {
                            run = runs.size();
                            seen.put(key, run);
                            runs.add(new Slot(i, g, p, k, run));
                        }
                        slots.add(new Slot(i, g, p, k, run));
                    }
                }
            }
        }
        return new Plan(slots, runs);
    }

    /** Phase 1: the distinct tuning runs of every tuned experiment (a sweep of its own), then the choice per series (empty lists for the others). */
    private static List<List<TunedSeries>> tune(List<Experiment> experiments, SweepRunner runner) {
        Plan plan = plan(experiments);
        double[] out = new double[plan.runs().size()];
        double[] cost = new double[out.length];
        List<int[]> runs = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        for (Slot t : plan.runs()) {
            Experiment e = experiments.get(t.experiment());
            RunGroup group = e.groups().get(t.group());
            boolean fewIterations = t.protocol().startsWith("ddam") && group.fairTime() == FairTime.PAPER; // ⌊T/C_max⌋ iterations
            cost[t.run()] = e.reference().horizon() * (fewIterations ? 0.02 : 1.0) * (e.traffic() == null ? 1 : 8);
            runs.add(new int[] {t.experiment(), t.group(), t.grid()});
            protocols.add(t.protocol());
        }
        if (!runs.isEmpty()) {
            List<List<SweepRow>> rows = collect(runner, FigureSweep.tuningCells(experiments, runs, protocols), FigureSweep.tuningFunction(experiments, cost));
            for (int i = 0; i < out.length; i++) out[i] = (Double) rows.get(i).get(0).get(0);
        }

        List<List<TunedSeries>> tuning = new ArrayList<>();
        int k = 0;
        for (Experiment e : experiments) {
            List<TunedSeries> list = new ArrayList<>();
            if (e.tuned()) {
                double[] grid = e.tuningGrid();
                for (int g = 0; g < e.groups().size(); g++) {
                    RunGroup group = e.groups().get(g);
                    for (String p : group.protocols()) {
                        double[] values = new double[grid.length];
                        for (int v = 0; v < grid.length; v++) values[v] = out[plan.slots().get(k++).run()];
                        int best = Tuning.select(grid, values, e.figure().id(), Tuning.label(p, group.fairTime()));
                        list.add(new TunedSeries(g, p, group.fairTime(), grid, values, grid[best]));
                    }
                }
            }
            tuning.add(list);
        }
        return tuning;
    }

    /**
     * The trees of a group's DDAM-TOGD protocols: ddam-star over shortest-path trees, ddam-st over KMB trees (both
     * with {@code transport}), ddam-joint-agg over joint-heuristic trees designed for the aggregate transport at delay
     * slack 0 (deterministic, no MILP solver: same per-pair delays as ddam-star, lower C_max).
     */
    static Map<String, TreeMetrics> ddamTrees(Network g, InterestMatrix w, List<String> protocols, Transport transport) {
        Map<String, TreeMetrics> trees = new java.util.HashMap<>();
        for (String p : protocols) {
            switch (p) {
                case "ddam-star" -> trees.put(p, TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics().withTransport(transport));
                case "ddam-st" -> trees.put(p, TreeDesign.design(new KmbSteinerDesigner(), g, w, 1).metrics().withTransport(transport));
                case "ddam-joint-agg" -> trees.put(p, Simulation.defaultTrees("ddam-joint-heuristic-agg", g, w));
                default -> { }
            }
        }
        return trees;
    }

    /**
     * One tuning run: the protocol alone with the constant step size {@code eta} at the experiment's reference
     * point on the held-out seed {@link Tuning#SEED} (its data stream and its W), under the group's fair-time rule.
     * Only the static regret is needed, so the dynamic regret is measured with the single window Ω = T (the
     * window changes no other number of a run).
     *
     * @param e        the experiment
     * @param group    the index of the run group
     * @param protocol the protocol
     * @param eta      the constant step size
     * @return S-Reg/T' of the run
     */
    static double tuningRun(Experiment e, int group, String protocol, double eta) {
        Point p = e.reference();
        Network g = e.network();
        InterestMatrix w = e.interest(p, Tuning.SEED);
        DataStream data = e.stream(p, Tuning.SEED);
        MemoryCost cost = MemoryCosts.byName("deltanet", data.keyDim(), data.valueDim(), null, null);
        Map<String, TreeMetrics> trees = protocol.startsWith("ddam") ? ddamTrees(g, w, List.of(protocol), e.groups().get(group).transport())
                : Map.of();
        Simulation.Config c = new Simulation.Config(g, w, data, cost, Projection.ball(e.radius()), List.of(protocol), p.horizon(),
                Double.toString(eta), e.groups().get(group).fairTime(), p.horizon(), false, trees, null, 1);
        return Simulation.run(c).get(0).staticRegretAverage();
    }

    /**
     * The runs of one task with the experiment's own step sizes ({@code theory} or a number).
     *
     * @param e     the experiment (not {@code tuned})
     * @param point the point index
     * @param seed  s (1-based)
     * @return one record per protocol per group, in order
     * @throws IllegalArgumentException if the experiment's step sizes are {@code tuned} (use the four-argument form)
     */
    public static List<RunRecord> runPoint(Experiment e, int point, int seed) {
        if (e.tuned()) throw new IllegalArgumentException(e.figure().id() + ": tuned step sizes need the tuning (runPoint with four arguments)");
        return runPoint(e, point, seed, List.of());
    }

    /**
     * The runs of one task: every {@link RunGroup} of the experiment at one point and seed. With tuned step sizes
     * every protocol of a group runs on its own (one {@link Simulation#run} each) with its tuned η.
     *
     * @param e      the experiment
     * @param point  the point index
     * @param seed   s (1-based)
     * @param tuning the tuned step size of every series if the experiment is {@code tuned} (else ignored, may be empty)
     * @return one record per protocol per group, in order
     * @throws IllegalArgumentException if the experiment is {@code tuned} and a series has no tuned step size
     */
    public static List<RunRecord> runPoint(Experiment e, int point, int seed, List<TunedSeries> tuning) {
        Point p = e.points().get(point);
        Network g = e.network();
        InterestMatrix w = e.interest(p, seed);
        DataStream data = e.stream(p, seed);
        MemoryCost cost = MemoryCosts.byName("deltanet", data.keyDim(), data.valueDim(), null, null);
        Projection projection = Projection.ball(e.radius());
        int[] named = e.windows();
        int[] resolved = new int[named.length];
        for (int i = 0; i < named.length; i++) resolved[i] = named[i] == 0 ? p.horizon() : named[i];
        int[] extra = java.util.Arrays.copyOfRange(resolved, 1, resolved.length);
        List<RunRecord> records = new ArrayList<>();
        for (int gi = 0; gi < e.groups().size(); gi++) {
            RunGroup group = e.groups().get(gi);
            Map<String, TreeMetrics> trees = ddamTrees(g, w, group.protocols(), group.transport());
            List<Simulation.Row> rows = new ArrayList<>();
            if (e.tuned()) {
                for (String protocol : group.protocols()) {
                    double eta = Double.NaN;
                    for (TunedSeries t : tuning) if (t.group() == gi && t.protocol().equals(protocol)) eta = t.eta();
                    if (Double.isNaN(eta)) throw new IllegalArgumentException(e.figure().id() + ": no tuned step size for " + protocol);
                    rows.addAll(Simulation.run(new Simulation.Config(g, w, data, cost, projection, List.of(protocol), p.horizon(),
                            Double.toString(eta), group.fairTime(), resolved[0], false, trees, null, 1), Simulation.Options.defaults().withExtraWindows(extra)).rows());
                }
            } else {
                rows.addAll(Simulation.run(new Simulation.Config(g, w, data, cost, projection, group.protocols(), p.horizon(), e.eta(),
                        group.fairTime(), resolved[0], false, trees, null, 1), Simulation.Options.defaults().withExtraWindows(extra)).rows());
            }
            for (Simulation.Row row : rows) {
                RunMetrics m = row.metrics();
                int it = row.iterations();
                double[] dyn = new double[named.length], pl = new double[named.length];
                for (int i = 0; i < named.length; i++) {
                    dyn[i] = m.dynamicRegretAverage(i);
                    pl[i] = m.totalPathLength(i);
                }
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (double x : row.eta()) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
                long tauSum = trees.containsKey(row.protocol()) ? trees.get(row.protocol()).totalTauSum() : 0;
                records.add(new RunRecord(e.figure().id(), point, p.x(), seed, p.horizon(), e.traffic() == null ? p.rho() : Double.NaN,
                        p.y0(), p.y1(), row.protocol(), group.fairTime(), it, row.cMax(), tauSum, it == 0 ? 0 : row.loss() / it,
                        row.staticRegretAverage(), named, dyn, pl, row.selfNmse(), row.crossNmse(), lo, hi));
            }
        }
        return records;
    }
}
