package io.ddam.experiments.figures;

import io.ddam.online.data.SyntheticStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.CellFunction;
import io.ddam.experiments.sweep.Column;
import io.ddam.experiments.sweep.LocalSweepRunner;
import io.ddam.experiments.sweep.SweepRow;
import io.ddam.experiments.sweep.SweepSpec;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.GraphMLReader;
import io.ddam.solver.milp.JointMilpDesigner;
import io.ddam.solver.milp.OrTools;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.JointTreeDesigner;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ddam reproduce failures} (issue 11, part 5): time-average static regret and NMSE against the link
 * failure rate, for OGD, C-DOGD and DDAM-TOGD over shortest-path and load-aware joint trees, each DDAM-TOGD
 * with and without tree repair, on synthetic20 and on a Topology Zoo network. Not a figure of the paper: the
 * paper assumes a fixed graph, so every parameter here is our decision, listed in {@link Result#decisions()}.
 *
 * <p>Failures are independent per link ({@code indep:p=P,q=Q,seed=S}, {@link FailureSchedules}): an up link
 * fails at a step with probability p, a down link comes back with probability q = 1/{@value #MEAN_DOWN} (a fixed
 * mean repair time). The seeds s = 1..K are the schedules' seeds; the graph, W and the data are fixed, so the
 * spread across seeds is the failures' alone. Each (network, p, s) is one cell of a sweep run on the sweep engine's local runner, in parallel; every
 * number is the same for any thread count (each task is seeded and single-threaded).
 */
public final class FailureExperiment {
    private FailureExperiment() {}

    /**
     * The step size of every protocol unless another is asked for: what Fig. 3's tuning picks for OGD at T = 2500
     * (the theorems' steps leave DDAM-TOGD barely learning under the fair-time rule, which would hide what it loses).
     */
    public static final String DEFAULT_ETA = "0.1";
    /** Mean down time of a failed link, in steps: q = 1/20. */
    public static final int MEAN_DOWN = 20;
    /** Detection delay before a repair, in steps. */
    public static final int REPAIR_DELAY = 2;
    /** The failure probabilities per link and step of a full run. */
    public static final double[] RATES = {0, 1e-3, 3e-3, 1e-2, 3e-2};
    /** The failure probabilities of {@code --quick}. */
    public static final double[] QUICK_RATES = {0, 3e-3, 3e-2};
    /** The horizon of a full run: the paper's T for synthetic20. */
    public static final int HORIZON = 2500;
    /** The horizon of {@code --quick}. */
    public static final int QUICK_HORIZON = 500;
    /** Time limit of one MILP repair ({@code --milp-repair}), seconds. */
    public static final double MILP_REPAIR_SECONDS = 2;
    /** The Topology Zoo network, read from {@code <data dir>/topologies/}. */
    public static final String ZOO = "Abilene";
    /** The data stream's seed (eq. 41 with ρ = 0.75, d_k = 4, d_v = 3) and the Dirichlet W's seed (y0 = 2, y1 = 10). */
    public static final long DATA_SEED = 1, W_SEED = 1001;

    /**
     * What to run.
     *
     * @param quick   fewer rates, a shorter horizon, joint-heuristic trees
     * @param seeds   K schedule seeds s = 1..K
     * @param eta     the step size: {@code theory}, a number, {@code adagrad} or {@code coin}
     * @param dataDir the public data folder (with {@code topologies/}), or {@code null}: the Zoo part is then skipped
     * @param horizon T, or {@code null} for {@link #HORIZON} ({@link #QUICK_HORIZON} with {@code quick})
     * @param rates   failure probabilities, or {@code null} for {@link #RATES} ({@link #QUICK_RATES})
     * @param milp    whether the joint trees come from the joint MILP (else joint-heuristic); {@code null}: the
     *                MILP unless {@code quick} or OR-Tools is missing
     * @param milpRepair whether repairs of MILP trees re-solve the MILP too (each with a {@value #MILP_REPAIR_SECONDS} s
     *                limit); otherwise the joint heuristic repairs them, warm-started from the MILP trees in force (a
     *                MILP repair costs 0.1–5 s on synthetic20, and a run at p = 0.03 has over 2,000 changes)
     */
    public record Options(boolean quick, int seeds, String eta, Path dataDir, Integer horizon, double[] rates, Boolean milp,
                          boolean milpRepair) {
        /**
         * Validates.
         *
         * @param quick   quick
         * @param seeds   K ≥ 1
         * @param eta     the step size
         * @param dataDir the data folder or null
         * @param horizon T or null
         * @param rates   rates in [0, 1] or null
         * @param milp    MILP or not, or null
         * @param milpRepair whether the MILP repairs its trees
         * @throws DdamInputException if K &lt; 1, T &lt; 1 or a rate is outside [0, 1]
         */
        public Options {
            if (seeds < 1) throw new DdamInputException("--seeds must be >= 1, not " + seeds);
            if (horizon != null && horizon < 1) throw new DdamInputException("--horizon must be >= 1, not " + horizon);
            if (rates != null) {
                rates = rates.clone();
                if (rates.length == 0) throw new DdamInputException("--rates needs at least one failure probability");
                for (double r : rates) {
                    if (!(r >= 0 && r <= 1)) throw new DdamInputException("--rates: failure probability " + r + " is outside [0, 1]");
                }
            }
        }

        /** @return T */
        int t() { return horizon != null ? horizon : quick ? QUICK_HORIZON : HORIZON; }

        /** @return the rates */
        double[] p() { return (rates != null ? rates : quick ? QUICK_RATES : RATES).clone(); }

        /** @return whether the joint trees are the MILP's */
        boolean useMilp() { return milp != null ? milp : !quick && OrTools.isAvailable(); }
    }

    /**
     * One network of the experiment.
     *
     * @param name     e.g. {@code synthetic20}, {@code Abilene}
     * @param network  G
     * @param interest W
     * @param describe one line on where it comes from
     */
    public record Subject(String name, Network network, InterestMatrix interest, String describe) {}

    /**
     * One protocol in one run.
     *
     * @param network  the network's name
     * @param rate     p
     * @param seed     the schedule seed
     * @param protocol the protocol name ({@code ogd}, {@code cdogd}, {@code ddam-spt}, {@code ddam-joint}, …)
     * @param trees    the designer of its trees, or {@code null} for OGD and C-DOGD
     * @param repair   whether its trees were repaired ({@code null} for OGD and C-DOGD, which have no trees)
     * @param repairedWith the designer of the repairs, or {@code null} without
     * @param schedule the failure spec of the run
     * @param events   link events of the schedule
     * @param row      the run with failures next to the same run without
     */
    public record Run(String network, double rate, long seed, String protocol, String trees, Boolean repair, String repairedWith,
                      String schedule, int events, Simulation.FailureRow row) {
        /**
         * The series this run belongs to: the protocol, for DDAM-TOGD with "repair" or "no repair".
         *
         * @return e.g. {@code ddam-spt repair}
         */
        public String series() { return repair == null ? protocol : protocol + (repair ? " repair" : " no repair"); }
    }

    /**
     * What the experiment produced.
     *
     * @param subjects  the networks run
     * @param rates     the failure probabilities
     * @param seeds     K
     * @param horizon   T
     * @param records   every run as a record of {@link FailurePoints#run} (read back from the sweep's rows), by
     *                  network, rate, seed, then protocol
     * @param decisions our choices, one sentence each
     * @param skipped   why a part did not run (the Zoo network without data), empty otherwise
     */
    public record Result(List<Subject> subjects, double[] rates, int seeds, int horizon, List<Map<String, Object>> records, List<String> decisions,
                         List<String> skipped) {}

    /**
     * The networks: synthetic20 (W Dirichlet) always; {@link #ZOO} when {@code dataDir} has it.
     *
     * @param o       the options
     * @param skipped receives the reason the Zoo network is left out, if it is
     * @return the networks
     */
    static List<Subject> subjects(Options o, List<String> skipped) {
        List<Subject> s = new ArrayList<>();
        Network syn = PaperNetworks.synthetic20();
        s.add(new Subject("synthetic20", syn, InterestGenerators.dirichlet(syn.nodeCount(), 2, 10, W_SEED),
                PaperNetworks.SYNTHETIC20_SPEC + " (instances/synthetic20.json's graph)"));
        Path file = o.dataDir() == null ? null : o.dataDir().resolve("topologies").resolve(ZOO + ".graphml");
        if (file == null) {
            skipped.add("Topology Zoo network " + ZOO + " skipped: no data folder (set DDAM_DATA_DIR or give --data-dir)");
        } else if (!Files.isRegularFile(file)) {
            skipped.add("Topology Zoo network " + ZOO + " skipped: " + file + " not found");
        } else {
            Instance inst = GraphMLReader.read(file, GraphMLReader.Options.defaults());
            Network g = inst.network();
            g.requireConnected(file.toString());
            s.add(new Subject(ZOO, g, InterestGenerators.dirichlet(g.nodeCount(), 2, 10, W_SEED),
                    "Topology Zoo " + ZOO + " (" + g.nodeCount() + " nodes, " + g.edgeCount() + " links; delays from coordinates at "
                            + "200 km/ms, 1 ms per step)"));
        }
        return s;
    }

    /** The failure spec of rate p and seed s. */
    static String spec(double p, long seed) {
        return "indep:p=" + fmt(p) + ",q=" + fmt(1.0 / MEAN_DOWN) + ",seed=" + seed;
    }

    /**
     * Runs the experiment.
     *
     * @param o        the options
     * @param threads  worker threads (results do not depend on it)
     * @param progress called once per finished task
     * @return the runs and decisions
     * @throws DdamInputException if an input is wrong or a task fails
     */
    public static Result run(Options o, int threads, Runnable progress) {
        List<String> skipped = new ArrayList<>();
        List<Subject> subjects = subjects(o, skipped);
        double[] rates = o.p();
        int t = o.t();
        boolean milp = o.useMilp();
        String jointName = milp ? JointMilpDesigner.NAME : JointHeuristicDesigner.NAME;
        String jointProtocol = "ddam-" + jointName;
        // Trees designed once per network on the intact graph (the runs share them; only repairs differ).
        List<Map<String, TreeMetrics>> trees = new ArrayList<>();
        for (Subject sub : subjects) {
            TreeMetrics spt = Simulation.defaultTrees("ddam-spt", sub.network(), sub.interest());
            TreeMetrics joint = designer(jointName).design(sub.network(), sub.interest()).metrics();
            trees.add(Map.of("ddam-spt", spt, jointProtocol, joint));
        }
        // The experiment's sweep: one cell per (network, p, s), run on the sweep engine's local runner.
        List<Cell> cells = new ArrayList<>();
        for (int k = 0; k < subjects.size(); k++) {
            for (double p : rates) {
                for (long s = 1; s <= o.seeds(); s++) {
                    Map<String, Object> v = new java.util.TreeMap<>();
                    v.put("preset", "reproduce-failures");
                    v.put("network", subjects.get(k).name());
                    v.put("subject", (long) k);
                    v.put("rate", p);
                    v.put("seed", s);
                    v.put("horizon", (long) t);
                    v.put("eta", o.eta());
                    v.put("joint", jointName);
                    v.put("milpRepair", o.milpRepair() ? "yes" : "no");
                    String text = SweepSpec.canonicalJson(v);
                    cells.add(new Cell(cells.size(), Cell.idOf(text), text, v));
                }
            }
        }
        Cells function = new Cells(subjects, trees, t, o.eta(), jointProtocol, jointName, o.milpRepair());
        // The rows of each cell, kept at the cell's index: the result is read from them alone, in grid order.
        List<?>[] byCell = new List<?>[cells.size()];
        new LocalSweepRunner(Math.max(1, Math.min(threads, cells.size())), (c, nanos) -> progress.run()).run(cells, function, (c, rows) -> {
            synchronized (byCell) {
                byCell[c.index()] = rows;
            }
        });
        List<Map<String, Object>> records = new ArrayList<>();
        for (List<?> rows : byCell) {
            for (Object r : rows) records.add(FailurePoints.record((SweepRow) r));
        }
        return new Result(List.copyOf(subjects), rates, o.seeds(), t, List.copyOf(records), decisions(o, subjects, milp, milp && o.milpRepair()),
                List.copyOf(skipped));
    }

    /** The joint designer with the command line's defaults (unicast, ε = 0, λ = 0; the MILP with SCIP and 60 s). */
    static JointTreeDesigner designer(String name) {
        return name.equals(JointMilpDesigner.NAME) ? new JointMilpDesigner(JointMilpDesigner.Options.defaults().withLpBound(false))
                : new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults());
    }

    /** One (network, p, seed): OGD, C-DOGD and both DDAM-TOGDs with repair, then both DDAM-TOGDs without. */
    static List<Run> task(Subject sub, Map<String, TreeMetrics> trees, double p, long seed, int horizon, String eta,
                          String jointProtocol, String jointName, boolean milpRepair) {
        Network g = sub.network();
        SyntheticStream data = new SyntheticStream(g.nodeCount(), horizon, Experiments.DK, Experiments.DV, 0.75, DATA_SEED);
        MemoryCost cost = MemoryCosts.byName("deltanet", Experiments.DK, Experiments.DV, null, null);
        Projection ball = Projection.ball(Experiments.RADIUS);
        String spec = spec(p, seed);
        LinkSchedule schedule = FailureSchedules.fromSpec(spec, g, Map.of(), horizon);
        List<Run> out = new ArrayList<>();
        List<String> withRepair = List.of("ogd", "cdogd", "ddam-spt", jointProtocol);
        String jointRepair = jointName.equals(JointMilpDesigner.NAME) && milpRepair ? JointMilpDesigner.NAME : JointHeuristicDesigner.NAME;
        Simulation.FailureSetup repair = new Simulation.FailureSetup(schedule, REPAIR_DELAY, (name, t) -> jointRepair.equals(JointMilpDesigner.NAME)
                ? new JointMilpDesigner(JointMilpDesigner.Options.defaults().withLpBound(false).withTimeLimit(MILP_REPAIR_SECONDS))
                : designer(JointHeuristicDesigner.NAME));
        List<Simulation.FailureRow> a = Simulation.run(config(sub, data, cost, ball, withRepair, horizon, eta, trees), Simulation.Options.defaults().withFailures(repair)).failures();
        List<String> ddam = List.of("ddam-spt", jointProtocol);
        List<Simulation.FailureRow> b = Simulation.run(config(sub, data, cost, ball, ddam, horizon, eta, trees), Simulation.Options.defaults().withFailures(new Simulation.FailureSetup(schedule, -1))).failures();
        int events = schedule.events().size();
        for (int i = 0; i < a.size(); i++) {
            String proto = withRepair.get(i);
            boolean isDdam = proto.startsWith("ddam");
            String with = !isDdam ? null : proto.equals("ddam-spt") ? "spt" : jointRepair;
            out.add(new Run(sub.name(), p, seed, proto, isDdam ? treesOf(proto, jointName) : null, isDdam ? Boolean.TRUE : null, with, spec,
                    events, a.get(i)));
        }
        for (int i = 0; i < b.size(); i++) {
            out.add(new Run(sub.name(), p, seed, ddam.get(i), treesOf(ddam.get(i), jointName), Boolean.FALSE, null, spec, events, b.get(i)));
        }
        return out;
    }

    /**
     * The cell function of the failure sweep: one (network, p, s) task. Its rows are the runs' records
     * ({@link FailurePoints#COLUMNS}), from which the points, tables and plots are aggregated. Every value
     * is a function of the cell except {@code repair_seconds}, the repairs' wall time.
     */
    private record Cells(List<Subject> subjects, List<Map<String, TreeMetrics>> trees, int horizon, String eta, String jointProtocol,
                         String jointName, boolean milpRepair) implements CellFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public List<Column> columns() { return FailurePoints.COLUMNS; }

        @Override
        public double cost(Cell cell) { return 1.0 + (Double) cell.values().get("rate"); }

        @Override
        public List<SweepRow> apply(Cell cell) {
            int k = ((Long) cell.values().get("subject")).intValue();
            double p = (Double) cell.values().get("rate");
            long seed = (Long) cell.values().get("seed");
            List<SweepRow> rows = new ArrayList<>();
            for (Run x : task(subjects.get(k), trees.get(k), p, seed, horizon, eta, jointProtocol, jointName, milpRepair)) {
                rows.add(FailurePoints.row(FailurePoints.run(x)));
            }
            return rows;
        }
    }

    private static String treesOf(String protocol, String jointName) { return protocol.equals("ddam-spt") ? "spt" : jointName; }

    private static Simulation.Config config(Subject sub, SyntheticStream data, MemoryCost cost, Projection ball, List<String> protocols,
                                            int horizon, String eta, Map<String, TreeMetrics> trees) {
        return new Simulation.Config(sub.network(), sub.interest(), data, cost, ball, protocols, horizon, eta, FairTime.PAPER, 1,
                false, trees, null, 1);
    }

    /**
     * Our decisions, one sentence each (the paper has no failures).
     *
     * @param o        the options
     * @param subjects the networks
     * @param milp     whether the joint trees are the MILP's
     * @param milpRepair whether the MILP repairs them
     * @return the sentences
     */
    static List<String> decisions(Options o, List<Subject> subjects, boolean milp, boolean milpRepair) {
        List<String> d = new ArrayList<>();
        StringBuilder nets = new StringBuilder();
        for (Subject s : subjects) nets.append(nets.length() == 0 ? "" : "; ").append(s.name()).append(": ").append(s.describe());
        d.add("Networks: " + nets + ". W: Dirichlet(y0 = 2, y1 = 10, seed " + W_SEED + "); data: synthetic (eq. 41), ρ = 0.75, d_k = "
                + Experiments.DK + ", d_v = " + Experiments.DV + ", seed " + DATA_SEED + "; T = " + o.t() + (o.quick() ? " (quick)" : "") + ".");
        d.add("Failures: every link fails independently at each step with probability p ∈ " + list(o.p()) + " and a failed link comes back "
                + "with probability q = 1/" + MEAN_DOWN + " (mean down time " + MEAN_DOWN + " steps), spec indep:p=P,q=" + fmt(1.0 / MEAN_DOWN)
                + ",seed=S; seeds S = 1.." + o.seeds() + " are the schedules' only randomness (graph, W and data fixed).");
        d.add("Protocols: OGD (no messages: the no-loss reference), C-DOGD (mixing over the live links), DDAM-TOGD over shortest-path "
                + "trees (ddam-spt) and over load-aware " + (milp ? "joint MILP trees (ddam-joint, SCIP, 60 s limit)" : "joint-heuristic trees "
                + "(ddam-joint-heuristic" + (o.quick() ? "; quick runs skip the MILP)" : "; OR-Tools absent or not asked for)")) + ", unicast, "
                + "delay slack 0; each DDAM-TOGD with repair (the affected trees re-designed " + REPAIR_DELAY + " steps after every change, "
                + "with spt for ddam-spt and " + (milpRepair ? "the joint MILP (" + fmt(MILP_REPAIR_SECONDS) + " s limit per repair)"
                : "the joint heuristic") + " for the joint trees, warm-started from the trees in force) and without (the trees stay; "
                + "terms whose path is down are lost)." + (milp && !milpRepair ? " MILP repairs (--milp-repair) cost 0.1–5 s each on "
                + "synthetic20 (measured) against 2,000+ changes per run at p = 0.03, so by default the heuristic repairs the MILP's trees." : ""));
        d.add("Paper fair-time rule (⌊T/C_max⌋ DDAM-TOGD iterations; with repair each iteration is charged the C_max of the trees in "
                + "force); step size " + (o.eta().equals(DEFAULT_ETA) ? "η = 0.1 for every protocol (the constant Fig. 3's tuning picks "
                + "for OGD at T = 2500; tuned step sizes have no failure-aware form)" : o.eta()) + "; DeltaNet cost; radius R = " + fmt(Experiments.RADIUS) + ".");
        d.add("y = time-average static regret S-Reg/T' at the horizon (T' = iterations run) and Self-NMSE; lines are means over the seeds, "
                + "bands span min..max; p = 0 is the run without failures.");
        return d;
    }

    static String fmt(double v) { return Experiments.fmt(v); }

    private static String list(double[] a) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ", ").append(fmt(a[i]));
        return sb.append('}').toString();
    }

    /**
     * A rate as text for file names and tables ({@code 0.003}).
     *
     * @param p the rate
     * @return the text
     */
    public static String rate(double p) { return String.format(Locale.ROOT, "%s", fmt(p)); }
}
