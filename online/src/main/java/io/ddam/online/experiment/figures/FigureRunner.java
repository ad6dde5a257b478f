package io.ddam.online.experiment.figures;

import io.ddam.online.data.DataStream;
import io.ddam.online.experiment.Simulation;
import io.ddam.online.metrics.RunMetrics;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.KmbSteinerDesigner;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs experiments: one task per (figure, sweep point, seed), on a fixed pool of threads. Every task
 * is a pure function of its experiment, point and seed (each {@link Simulation#run} uses one thread),
 * and its runs are stored at the task's index, so the results are identical for any thread count; the
 * longest tasks start first only to shorten the wall time.
 */
public final class FigureRunner {
    private FigureRunner() {}

    /**
     * Runs every task of the experiments.
     *
     * @param experiments the figures to run
     * @param threads     the number of worker threads (≥ 1)
     * @param onTaskDone  called once per finished task, from a worker thread (e.g. a progress bar's step); may be null
     * @return one result per experiment, in order
     * @throws io.ddam.solver.DdamInputException if a run rejects its input (the first failing task in task order)
     */
    public static List<FigureResult> run(List<Experiment> experiments, int threads, Runnable onTaskDone) {
        if (threads < 1) throw new io.ddam.solver.DdamInputException("the number of threads must be at least 1, not " + threads);
        record Task(int index, Experiment e, int experiment, int point, int seed, double cost) {}
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < experiments.size(); i++) {
            Experiment e = experiments.get(i);
            for (int p = 0; p < e.points().size(); p++) {
                for (int s = 1; s <= e.seeds(); s++) tasks.add(new Task(tasks.size(), e, i, p, s, e.cost(p)));
            }
        }
        @SuppressWarnings("unchecked")
        List<RunRecord>[] out = new List[tasks.size()];
        List<Task> order = new ArrayList<>(tasks);
        order.sort(Comparator.comparingDouble((Task t) -> -t.cost()).thenComparingInt(Task::index));
        AtomicInteger worker = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ddam-reproduce-" + worker.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(tasks.size());
            for (int i = 0; i < tasks.size(); i++) futures.add(null);
            for (Task t : order) {
                futures.set(t.index(), pool.submit(() -> {
                    out[t.index()] = runPoint(t.e(), t.point(), t.seed());
                    if (onTaskDone != null) onTaskDone.run();
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException ex) {
                    Throwable c = ex.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error err) throw err;
                    throw new IllegalStateException(c);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ex);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<FigureResult> results = new ArrayList<>();
        int k = 0;
        for (Experiment e : experiments) {
            List<RunRecord> records = new ArrayList<>();
            for (int i = 0; i < e.tasks(); i++) records.addAll(out[k++]);
            results.add(FigureResult.fromRecords(e, records));
        }
        return results;
    }

    /**
     * The runs of one task: every {@link RunGroup} of the experiment at one point and seed.
     *
     * @param e     the experiment
     * @param point the point index
     * @param seed  s (1-based)
     * @return one record per protocol per group, in order
     */
    public static List<RunRecord> runPoint(Experiment e, int point, int seed) {
        Point p = e.points().get(point);
        Network g = e.network();
        InterestMatrix w = e.interest(p, seed);
        DataStream data = e.stream(p, seed);
        MemoryCost cost = MemoryCosts.byName("deltanet", data.keyDim(), data.valueDim(), null, null);
        Projection projection = Projection.ball(e.radius());
        TreeMetrics spt = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        TreeMetrics kmb = TreeDesign.design(new KmbSteinerDesigner(), g, w, 1).metrics();
        Map<String, TreeMetrics> trees = Map.of("ddam-star", spt, "ddam-st", kmb);
        int[] named = e.windows();
        int[] resolved = new int[named.length];
        for (int i = 0; i < named.length; i++) resolved[i] = named[i] == 0 ? p.horizon() : named[i];
        int[] extra = java.util.Arrays.copyOfRange(resolved, 1, resolved.length);
        List<RunRecord> records = new ArrayList<>();
        for (RunGroup group : e.groups()) {
            Simulation.Config c = new Simulation.Config(g, w, data, cost, projection, group.protocols(), p.horizon(), e.eta(),
                    group.fairTime(), resolved[0], false, trees, null, 1);
            for (Simulation.Row row : Simulation.run(c, extra)) {
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
                long tauSum = switch (row.protocol()) {
                    case "ddam-star" -> spt.totalTauSum();
                    case "ddam-st" -> kmb.totalTauSum();
                    default -> 0;
                };
                records.add(new RunRecord(e.figure().id(), point, p.x(), seed, p.horizon(), e.traffic() == null ? p.rho() : Double.NaN,
                        p.y0(), p.y1(), row.protocol(), group.fairTime(), it, row.cMax(), tauSum, it == 0 ? 0 : row.loss() / it,
                        row.staticRegretAverage(), named, dyn, pl, row.selfNmse(), row.crossNmse(), lo, hi));
            }
        }
        return records;
    }
}
