package io.ddam.experiments.crossover;

import io.ddam.experiments.run.Simulation;
import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.CellFunction;
import io.ddam.experiments.sweep.Column;
import io.ddam.experiments.sweep.SweepRow;
import io.ddam.experiments.sweep.SweepRunner;
import io.ddam.experiments.sweep.SweepSpec;
import io.ddam.online.data.SyntheticStream;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The crossover analysis ({@code ddam crossover}, docs/formats.md "Output of ddam crossover"): for one
 * instance, C-DOGD, OGD and DDAM-TOGD over each designer × transport run once to a long horizon T_max
 * with prefix metrics at log-spaced checkpoints of link time ({@link Simulation#run(Simulation.Config, Simulation.Options)} with checkpoints and theory step sizes held);
 * T* of a DDAM-TOGD series is the first checkpoint from which it stays below C-DOGD. {@link #map} repeats
 * this over a grid of ρ, interest patterns and seeds, one sweep cell per (ρ, pattern, seed), on any
 * {@link SweepRunner}; {@link #mapCells} aggregates the cells over the seeds. The command line parses,
 * designs the trees (its designer options) and renders.
 */
public final class Crossover {
    /** Link times below this are not checkpoints: DDAM-TOGD has at most one iteration there anyway. */
    public static final int FIRST_CHECKPOINT = 10;

    private Crossover() {}

    /**
     * What every run of an analysis shares.
     *
     * @param horizon     T_max
     * @param checkpoints the link-time checkpoints ({@link #checkpoints}), T_max last
     * @param designers   the designers of DDAM-TOGD's trees
     * @param transports  the transports
     * @param eta         theory, a number, adagrad, coin, dog, dowg or freegrad
     * @param rule        the fair-time rule
     * @param dk          key dimension
     * @param dv          value dimension
     * @param model       the memory cost's name
     * @param radius      the radius of 𝒳
     * @param y1          y1 of regenerated Dirichlet and top-k W
     * @serial exclude
     */
    public record Settings(int horizon, int[] checkpoints, List<String> designers, List<Transport> transports, String eta, FairTime rule,
                           int dk, int dv, String model, double radius, double y1) implements Serializable {}

    /**
     * One DDAM-TOGD series to run.
     *
     * @param protocol  its name, {@code ddam-<designer>} and {@code -agg} for aggregate
     * @param designer  the designer
     * @param transport the transport
     * @param trees     its trees' metrics, with the transport
     */
    public record Plan(String protocol, String designer, Transport transport, TreeMetrics trees) {}

    /** Designs the DDAM-TOGD series of a run (the command line's designers with its options). */
    @FunctionalInterface
    public interface Designs extends Serializable {
        /**
         * The series for one W.
         *
         * @param g       the network
         * @param w       W
         * @param workers threads the design may use (the trees do not depend on it)
         * @return one plan per designer × transport
         */
        List<Plan> plans(Network g, InterestMatrix w, int workers);
    }

    /**
     * One series of a run.
     *
     * @param protocol   name
     * @param designer   designer, or {@code null} for ogd and cdogd
     * @param transport  transport, or {@code null} for ogd and cdogd
     * @param cMax       C_max
     * @param iterations iterations at each checkpoint
     * @param average    S-Reg/iterations at each checkpoint
     * @param tStar      T*, or {@code null} (not crossed; and for ogd and cdogd)
     */
    public record Series(String protocol, String designer, String transport, double cMax, int[] iterations, double[] average, Integer tStar) {
        /**
         * The value at T_max.
         *
         * @return S-Reg/iterations at the last checkpoint
         */
        public double last() { return average[average.length - 1]; }
    }

    /**
     * One run.
     *
     * @param checkpoints the link-time checkpoints
     * @param series      every series
     * @param winner      the series other than OGD with the lowest value at T_max
     */
    public record Run(int[] checkpoints, List<Series> series, String winner) {}

    /**
     * One cell of a map.
     *
     * @param rho   ρ of eq. 41
     * @param value y0 (Dirichlet) or k (top-k)
     * @param seed  the seed of W and the data
     * @serial exclude
     */
    public record Job(double rho, double value, long seed) implements Serializable {}

    /**
     * The regenerated W of a map cell or of a single run: {@code dirichlet:y0=VALUE,y1=Y1} or {@code topk:k=VALUE,y0=1,y1=Y1}.
     *
     * @param byK   top-k rather than Dirichlet
     * @param value y0 or k
     * @param y1    y1
     * @param seed  the seed
     * @return the spec
     */
    public static InterestSpec pattern(boolean byK, double value, double y1, long seed) {
        return byK ? InterestSpec.topK((int) value, 1, y1, seed) : InterestSpec.dirichlet(value, y1, seed);
    }

    /**
     * Link-time checkpoints: round(10^(1 + j/K)) for j = 0, 1, … below T_max, then T_max.
     *
     * @param tMax      T_max
     * @param perDecade K
     * @return the checkpoints, increasing
     */
    public static int[] checkpoints(int tMax, int perDecade) {
        java.util.TreeSet<Integer> hs = new java.util.TreeSet<>();
        for (int j = 0; ; j++) {
            double h = Math.pow(10, 1 + (double) j / perDecade);
            if (h >= tMax) break;
            hs.add((int) Math.round(h));
        }
        hs.add(tMax);
        return hs.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * One crossover run: designs the trees for W ({@code pattern}'s, or the instance's), runs OGD (if
     * {@code withOgd}), C-DOGD and DDAM-TOGD over each design with prefix metrics at the checkpoints, and
     * finds T* for each DDAM-TOGD series. Deterministic in its arguments (the thread count changes nothing).
     *
     * @param inst    the instance
     * @param source  its file name, for errors
     * @param s       the settings
     * @param rho     ρ
     * @param pattern the regenerated W, or {@code null} for the instance's
     * @param seed    the data's seed
     * @param withOgd whether to run OGD
     * @param designs the DDAM-TOGD series' designs
     * @param workers threads
     * @return the run
     * @throws DdamInputException if there is no W
     */
    public static Run run(Instance inst, String source, Settings s, double rho, InterestSpec pattern, long seed, boolean withOgd,
                          Designs designs, int workers) {
        Instance use = pattern == null ? inst : pattern.applyTo(inst);
        if (use.interest().isEmpty()) {
            throw new DdamInputException(source, 0, "has no interest matrix W; give --y0 or --top-k to generate one");
        }
        Network g = use.network();
        InterestMatrix w = use.interest().get();
        int n = g.nodeCount();
        List<Plan> plans = designs.plans(g, w, workers);
        List<String> protocols = new ArrayList<>();
        if (withOgd) protocols.add("ogd");
        protocols.add("cdogd");
        Map<String, TreeMetrics> trees = new LinkedHashMap<>();
        for (Plan p : plans) {
            protocols.add(p.protocol());
            trees.put(p.protocol(), p.trees());
        }
        SyntheticStream data = new SyntheticStream(n, s.horizon(), s.dk(), s.dv(), rho, seed);
        MemoryCost cost = MemoryCosts.byName(s.model(), s.dk(), s.dv(), null, null);
        Simulation.Config c = new Simulation.Config(g, w, data, cost, Projection.ball(s.radius()), protocols, s.horizon(), s.eta(),
                s.rule(), 1, false, trees, null, workers);
        List<List<Simulation.Row>> all = Simulation.run(c, Simulation.Options.defaults().withCheckpoints(s.checkpoints()).withTheoryHeld()).byCheckpoint();
        return assemble(s.checkpoints(), protocols, plans, all);
    }

    /**
     * Series and T* from the rows of {@link Simulation#run(Simulation.Config, Simulation.Options)} with checkpoints and theory step sizes held (one list per checkpoint).
     *
     * @param checkpoints the checkpoints
     * @param protocols   the protocols, in the rows' order
     * @param plans       the DDAM-TOGD series
     * @param all         one list of rows per checkpoint
     * @return the run
     */
    public static Run assemble(int[] checkpoints, List<String> protocols, List<Plan> plans, List<List<Simulation.Row>> all) {
        if (all.size() != checkpoints.length) throw new IllegalStateException(all.size() + " checkpoint rows for " + checkpoints.length);
        int k = checkpoints.length;
        int cd = protocols.indexOf("cdogd");
        double[] cdogd = new double[k];
        for (int i = 0; i < k; i++) cdogd[i] = all.get(i).get(cd).staticRegretAverage();
        List<Series> out = new ArrayList<>();
        for (int p = 0; p < protocols.size(); p++) {
            int[] it = new int[k];
            double[] avg = new double[k];
            for (int i = 0; i < k; i++) {
                Simulation.Row r = all.get(i).get(p);
                it[i] = r.iterations();
                avg[i] = r.staticRegretAverage();
            }
            String name = protocols.get(p);
            Plan plan = null;
            for (Plan x : plans) if (x.protocol().equals(name)) plan = x;
            Integer tStar = plan == null ? null : crossover(checkpoints, avg, cdogd);
            double cMax = all.get(k - 1).get(p).cMax();
            out.add(new Series(name, plan == null ? null : plan.designer(), plan == null ? null : plan.transport().cliName(), cMax, it, avg, tStar));
        }
        return new Run(checkpoints, out, winner(out));
    }

    /** The series other than OGD with the lowest value at T_max (the first on ties). */
    private static String winner(List<Series> series) {
        String winner = null;
        double best = Double.POSITIVE_INFINITY;
        for (Series x : series) {
            if (!x.protocol().equals("ogd") && x.last() < best) {
                best = x.last();
                winner = x.protocol();
            }
        }
        return winner;
    }

    /**
     * T*: the first checkpoint from which {@code ddam} stays strictly below {@code cdogd} up to the last one.
     *
     * @param checkpoints the checkpoints
     * @param ddam        DDAM-TOGD's values
     * @param cdogd       C-DOGD's values
     * @return T*, or {@code null} when it is not below at the last checkpoint
     */
    public static Integer crossover(int[] checkpoints, double[] ddam, double[] cdogd) {
        int from = -1;
        for (int i = checkpoints.length - 1; i >= 0 && ddam[i] < cdogd[i]; i--) from = i;
        return from < 0 ? null : checkpoints[from];
    }

    /** The columns of a map cell's rows: one row per series and checkpoint. */
    static final List<Column> MAP_COLUMNS = List.of(
            new Column("protocol", Column.Type.STRING), new Column("designer", Column.Type.STRING),
            new Column("transport", Column.Type.STRING), new Column("c_max", Column.Type.DOUBLE),
            new Column("link_time", Column.Type.LONG), new Column("iterations", Column.Type.LONG),
            new Column("static_per_step", Column.Type.DOUBLE), new Column("t_star", Column.Type.LONG));

    /** A map cell's function: one crossover run on one thread (rows are the same on any runner). */
    private record MapCells(Instance inst, String source, Settings s, boolean byK, Designs designs) implements CellFunction {
        @Override public List<Column> columns() { return MAP_COLUMNS; }

        @Override public List<SweepRow> apply(Cell cell) {
            double rho = (Double) cell.values().get("rho");
            double value = (Double) cell.values().get("value");
            long seed = (Long) cell.values().get("seed");
            Run r = run(inst, source, s, rho, pattern(byK, value, s.y1(), seed), seed, false, designs, 1);
            List<SweepRow> rows = new ArrayList<>();
            for (Series x : r.series()) {
                for (int i = 0; i < r.checkpoints().length; i++) {
                    rows.add(new SweepRow(java.util.Arrays.asList(x.protocol(), x.designer(), x.transport(), x.cMax(),
                            (long) r.checkpoints()[i], (long) x.iterations()[i], x.average()[i], x.tStar() == null ? null : (long) x.tStar())));
                }
            }
            return rows;
        }
    }

    /**
     * The map's runs, one sweep cell per job on {@code runner} (each cell on one thread; every run is
     * deterministic on its own, so the numbers do not depend on the runner or its threads).
     *
     * @param inst    the instance (its network; W is regenerated per job)
     * @param source  its file name, for errors
     * @param s       the settings
     * @param jobs    the (ρ, pattern value, seed) cells
     * @param byK     top-k patterns rather than Dirichlet
     * @param designs the DDAM-TOGD series' designs
     * @param runner  the runner
     * @return each job's run, in the jobs' order
     */
    public static Map<Job, Run> map(Instance inst, String source, Settings s, List<Job> jobs, boolean byK, Designs designs, SweepRunner runner) {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            Map<String, Object> v = new TreeMap<>();
            v.put("rho", j.rho());
            v.put("value", j.value());
            v.put("seed", j.seed());
            v.put("pattern", byK ? "topk" : "dirichlet");
            String spec = SweepSpec.canonicalJson(v);
            cells.add(new Cell(i, Cell.idOf(spec), spec, v));
        }
        @SuppressWarnings("unchecked")
        List<SweepRow>[] got = new List[jobs.size()];
        runner.run(cells, new MapCells(inst, source, s, byK, designs), (cell, rows) -> {
            synchronized (got) {
                got[cell.index()] = rows;
            }
        });
        Map<Job, Run> runs = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) runs.put(jobs.get(i), fromRows(s.checkpoints(), got[i]));
        return runs;
    }

    /** A run back from its map rows (series in order, checkpoints within a series in order). */
    private static Run fromRows(int[] checkpoints, List<SweepRow> rows) {
        int k = checkpoints.length;
        List<Series> series = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += k) {
            SweepRow first = rows.get(start);
            int[] it = new int[k];
            double[] avg = new double[k];
            for (int i = 0; i < k; i++) {
                SweepRow r = rows.get(start + i);
                it[i] = (int) (long) (Long) r.get(5);
                avg[i] = (Double) r.get(6);
            }
            Long t = (Long) first.get(7);
            series.add(new Series((String) first.get(0), (String) first.get(1), (String) first.get(2), (Double) first.get(3), it, avg,
                    t == null ? null : (int) (long) t));
        }
        return new Run(checkpoints, series, winner(series));
    }

    /**
     * One row per (ρ, pattern value, series): seeds, how many crossed, the geometric mean, min and max of T*
     * over those, the mean S-Reg/iterations at T_max, and the cell's winner (lowest mean at T_max, OGD aside).
     *
     * @param rhos   the ρ values
     * @param values the pattern values
     * @param nSeeds seeds 1..K
     * @param runs   every job's run
     * @param byK    whether the values are k (else y0)
     * @return the rows, as maps in output order
     */
    public static List<Map<String, Object>> mapCells(List<Double> rhos, List<Double> values, int nSeeds, Map<Job, Run> runs, boolean byK) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double r : rhos) {
            for (double v : values) {
                List<Run> cell = new ArrayList<>();
                for (long sd = 1; sd <= nSeeds; sd++) cell.add(runs.get(new Job(r, v, sd)));
                List<Series> first = cell.get(0).series();
                double[] mean = new double[first.size()];
                for (Run run : cell) for (int i = 0; i < mean.length; i++) mean[i] += run.series().get(i).last() / nSeeds;
                String winner = null;
                double best = Double.POSITIVE_INFINITY;
                for (int i = 0; i < mean.length; i++) {
                    if (!first.get(i).protocol().equals("ogd") && mean[i] < best) {
                        best = mean[i];
                        winner = first.get(i).protocol();
                    }
                }
                for (int i = 0; i < first.size(); i++) {
                    Series x = first.get(i);
                    boolean ddam = x.protocol().startsWith("ddam");
                    List<Integer> stars = new ArrayList<>();
                    double logSum = 0;
                    int min = Integer.MAX_VALUE, max = 0;
                    for (Run run : cell) {
                        Integer t = run.series().get(i).tStar();
                        stars.add(t);
                        if (t != null) {
                            logSum += Math.log(t);
                            min = Math.min(min, t);
                            max = Math.max(max, t);
                        }
                    }
                    int crossed = (int) stars.stream().filter(java.util.Objects::nonNull).count();
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("rho", r);
                    if (byK) o.put("k", (int) v); else o.put("y0", v);
                    o.put("protocol", x.protocol());
                    o.put("designer", x.designer());
                    o.put("transport", x.transport());
                    o.put("seeds", nSeeds);
                    o.put("crossed", ddam ? crossed : null);
                    o.put("tStarGeoMean", ddam && crossed > 0 ? Math.exp(logSum / crossed) : null);
                    o.put("tStarMin", ddam && crossed > 0 ? min : null);
                    o.put("tStarMax", ddam && crossed > 0 ? max : null);
                    o.put("tStars", ddam ? stars : List.of()); // per seed, 1..K (JSON only: an array is no CSV column)
                    o.put("staticPerStepMean", mean[i]);
                    o.put("winner", winner);
                    rows.add(o);
                }
            }
        }
        return rows;
    }
}
