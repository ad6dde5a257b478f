package io.ddam.online.experiment;

import io.ddam.online.data.DataStream;
import io.ddam.online.metrics.RegretMeter;
import io.ddam.online.metrics.RunMetrics;
import io.ddam.online.metrics.TheoremBounds;
import io.ddam.online.metrics.TheoremBounds.Bound;
import io.ddam.online.metrics.TheoremBounds.GradientSource;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.CdogdProtocol;
import io.ddam.online.protocol.ConsensusWeights;
import io.ddam.online.protocol.DdamTogdProtocol;
import io.ddam.online.protocol.FairTime;
import io.ddam.online.protocol.LocalProtocol;
import io.ddam.online.protocol.OgdProtocol;
import io.ddam.online.protocol.Protocol;
import io.ddam.online.protocol.StepSizes;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.KmbSteinerDesigner;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One simulation of method.md §4: runs the named protocols on one instance (physical graph G and
 * interest matrix W) and one data stream, measures each with a {@link RegretMeter} and evaluates the
 * matching theorem bound ({@link TheoremBounds}). Protocol names: {@code ogd}, {@code cdogd},
 * {@code local}, {@code ddam-star} (= {@code ddam-spt}: shortest-path trees, which reach the optimum
 * of the delay-sum MILP), {@code ddam-st} (KMB Steiner trees), {@code ddam-joint-heuristic} (load-aware
 * trees), each also with the suffix {@link #AGGREGATE_SUFFIX} for the aggregate transport; callers may
 * pass other trees per name (their {@link TreeMetrics#transport()} sets the transport).
 *
 * <p>Conventions: OGD, C-DOGD and local learners run T = {@code horizon} iterations; DDAM-TOGD runs
 * {@link FairTime#iterations}(T, C_max^𝒯). Theory step sizes and bounds use the iterations each
 * protocol actually runs. Gradient bounds G_n, unless given, are {@link MemoryCost#gradientBound}(R,
 * max_t ‖k_{n,t}‖_∞, max_t ‖v_{n,t}‖) over the first T steps of the data (read in a pre-pass), i.e.
 * {@link GradientSource#DATA_RANGE}, reported as "measured". "theory" step sizes: Corollary 1 (ogd, and
 * local, which has no theorem of its own), Theorem 2 (cdogd), Corollary 2 (ddam). Static bounds are the
 * corollaries with theory η and Theorem 1 / eq. (16) with zero path length otherwise; local learners and
 * C-DOGD off its assumptions get {@code NaN} with a reason.
 */
public final class Simulation {
    /**
     * A DDAM-TOGD protocol name ending in this ({@code ddam-star-agg}, {@code ddam-joint-heuristic-agg})
     * runs with the aggregate transport when no trees are given for it: the same iterates, only C_max and
     * so the fair-time iterations change.
     */
    public static final String AGGREGATE_SUFFIX = "-agg";

    private Simulation() {}

    /**
     * The trees a DDAM-TOGD protocol name runs over when none are given: {@code ddam-star}, {@code ddam-spt}
     * and {@code ddam}: shortest-path trees; {@code ddam-st}, {@code ddam-kmb}: KMB Steiner trees;
     * {@code ddam-joint-heuristic}: {@link JointHeuristicDesigner}'s load-aware trees (for the name's
     * transport). With the suffix {@link #AGGREGATE_SUFFIX} the trees' transport is aggregate.
     *
     * @param name     a ddam-* protocol name, lower case
     * @param network  G
     * @param interest W
     * @return the trees' metrics, with the name's transport
     * @throws DdamInputException if the name has no default trees (e.g. {@code ddam-joint}: its MILP is the caller's)
     */
    public static TreeMetrics defaultTrees(String name, Network network, InterestMatrix interest) {
        boolean agg = name.endsWith(AGGREGATE_SUFFIX);
        String base = agg ? name.substring(0, name.length() - AGGREGATE_SUFFIX.length()) : name;
        Transport t = agg ? Transport.AGGREGATE : Transport.UNICAST;
        TreeMetrics trees = switch (base) {
            case "ddam-star", "ddam-spt", "ddam" -> TreeDesign.design(new ShortestPathTreeDesigner(), network, interest, 1).metrics();
            case "ddam-st", "ddam-kmb" -> TreeDesign.design(new KmbSteinerDesigner(), network, interest, 1).metrics();
            case "ddam-joint-heuristic" -> new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(t))
                    .design(network, interest).metrics();
            default -> throw new DdamInputException("no routing trees for '" + name + "'");
        };
        return trees.withTransport(t);
    }

    /**
     * What to simulate.
     *
     * @param network       the physical graph G
     * @param interest      W
     * @param data          the data stream (horizon ≥ {@code horizon})
     * @param cost          f
     * @param projection    𝒳
     * @param protocols     protocol names, in output order
     * @param horizon       T
     * @param eta           a number, or {@code theory}
     * @param fairTime      the fair-time rule for DDAM-TOGD
     * @param window        Ω for the dynamic regret
     * @param trace         whether to compute the static time-average regret trace
     * @param trees         routing-tree metrics to use instead of the default for a ddam-* name (may be empty)
     * @param gradientBound a-priori G_n (then {@link GradientSource#PROVEN}), or {@code null} for data ranges
     * @param threads       the most threads each protocol may use for its agents' updates ({@link Protocol#withThreads});
     *                      the results are bitwise the same for any value, only wall times change
     */
    public record Config(Network network, InterestMatrix interest, DataStream data, MemoryCost cost,
                         Projection projection, List<String> protocols, int horizon, String eta, FairTime fairTime,
                         int window, boolean trace, Map<String, TreeMetrics> trees, double[] gradientBound, int threads) {
        /**
         * Copies the lists, map and array in and checks the thread count; everything else is checked by {@link #run}.
         *
         * @param network       the physical graph G
         * @param interest      W
         * @param data          the data stream
         * @param cost          f
         * @param projection    𝒳
         * @param protocols     protocol names (copied)
         * @param horizon       T
         * @param eta           a number, or {@code theory}
         * @param fairTime      the fair-time rule
         * @param window        Ω
         * @param trace         whether to compute the trace
         * @param trees         tree metrics per ddam-* name, or {@code null} for none (copied)
         * @param gradientBound a-priori G_n, or {@code null} (copied)
         * @param threads       threads per protocol, ≥ 1
         * @throws DdamInputException if {@code threads} &lt; 1
         */
        public Config {
            protocols = List.copyOf(protocols);
            trees = trees == null ? Map.of() : Map.copyOf(trees);
            gradientBound = gradientBound == null ? null : gradientBound.clone();
            if (threads < 1) throw new DdamInputException("the number of threads must be at least 1, not " + threads);
        }

        /**
         * A one-thread configuration.
         *
         * @param network       the physical graph G
         * @param interest      W
         * @param data          the data stream (horizon ≥ {@code horizon})
         * @param cost          f
         * @param projection    𝒳
         * @param protocols     protocol names, in output order: {@code ogd}, {@code cdogd}, {@code local},
         *                      {@code ddam-star}, {@code ddam-st}
         * @param horizon       T
         * @param eta           a number, or {@code theory}
         * @param fairTime      the fair-time rule for DDAM-TOGD
         * @param window        Ω for the dynamic regret
         * @param trace         whether to compute the static time-average regret trace
         * @param trees         routing-tree metrics to use instead of the default for a ddam-* name, or {@code null}
         * @param gradientBound a-priori G_n, or {@code null} for data ranges
         */
        public Config(Network network, InterestMatrix interest, DataStream data, MemoryCost cost,
                      Projection projection, List<String> protocols, int horizon, String eta, FairTime fairTime,
                      int window, boolean trace, Map<String, TreeMetrics> trees, double[] gradientBound) {
            this(network, interest, data, cost, projection, protocols, horizon, eta, fairTime, window, trace, trees,
                    gradientBound, 1);
        }
    }

    /**
     * One protocol's result.
     *
     * @param protocol     name
     * @param iterations   iterations run
     * @param cMax         C_max of the protocol's communication (trees: C_max^𝒯; cdogd 2; ogd/local 0)
     * @param metrics      the measured metrics (windows = {Ω})
     * @param eta          the step sizes used
     * @param staticBound  the static-regret bound
     * @param dynamicBound the dynamic-regret bound for Ω (Theorem 1 / eq. 16), {@code NaN} where none
     * @param wallNanos    wall time of the run including metering
     */
    public record Row(String protocol, int iterations, double cMax, RunMetrics metrics, double[] eta, Bound staticBound,
                      Bound dynamicBound, long wallNanos) {
        /**
         * Copies the step sizes in.
         *
         * @param protocol     name
         * @param iterations   iterations run
         * @param cMax         C_max of the protocol's communication
         * @param metrics      the measured metrics
         * @param eta          the step sizes used (copied)
         * @param staticBound  the static-regret bound
         * @param dynamicBound the dynamic-regret bound
         * @param wallNanos    wall time in nanoseconds
         */
        public Row {
            eta = eta.clone();
        }

        /**
         * The step sizes η_n used, per agent.
         *
         * @return a fresh copy
         */
        @Override public double[] eta() { return eta.clone(); }

        /**
         * Σ_n L_n^T (eq. 2) over the iterations run.
         *
         * @return the total loss
         */
        public double loss() { return metrics.totalLoss(); }
        /**
         * S-Reg(T), eq. (4).
         *
         * @return the static regret; may be negative
         */
        public double staticRegret() { return metrics.staticRegret(); }
        /**
         * S-Reg(T)/T.
         *
         * @return the time-average static regret
         */
        public double staticRegretAverage() { return metrics.staticRegretAverage(); }
        /**
         * D-Reg(T), eq. (5), against the windowed comparators with the config's Ω.
         *
         * @return the dynamic regret
         */
        public double dynamicRegret() { return metrics.dynamicRegret(0); }
        /**
         * D-Reg(T)/T.
         *
         * @return the time-average dynamic regret
         */
        public double dynamicRegretAverage() { return metrics.dynamicRegretAverage(0); }
        /**
         * Σ_n PL_n^T (eq. 8) of the windowed comparators.
         *
         * @return the total path length
         */
        public double pathLength() { return metrics.totalPathLength(0); }
        /**
         * Self-NMSE (method.md §4.2).
         *
         * @return Σ‖X_n k_n − v_n‖² / Σ‖v_n‖² over the run
         */
        public double selfNmse() { return metrics.selfNmse(); }
        /**
         * Cross-NMSE (method.md §4.2).
         *
         * @return the same ratio over pairs m ∈ W_n∖{n}, or {@code NaN} when every W_n = {n}
         */
        public double crossNmse() { return metrics.crossNmse(); }
    }

    /**
     * The grid of constant step sizes that {@code tuned} searches: 10^-5, 10^-4.5, …, 10^0 (11 values,
     * half-decade steps).
     */
    public static final double[] TUNING_GRID = tuningGrid();

    private static double[] tuningGrid() {
        double[] g = new double[11];
        for (int i = 0; i < g.length; i++) g[i] = Math.pow(10, -5 + 0.5 * i);
        return g;
    }

    /**
     * {@code tuned} step sizes: for every protocol separately, runs each constant η of {@code grid}
     * and keeps the run with the lowest static regret — the best step size <em>in hindsight</em>, an
     * optimistic reference rather than something an online learner could choose. The config's own
     * {@code eta} is ignored; the returned rows carry the η that won.
     *
     * @param c    what to simulate
     * @param grid the constant step sizes to try, e.g. {@link #TUNING_GRID}
     * @return one row per protocol, the best over the grid
     * @throws DdamInputException if the grid is empty or the config is invalid
     */
    public static List<Row> runTuned(Config c, double[] grid) {
        if (grid.length == 0) throw new DdamInputException("the tuning grid is empty");
        List<Row> best = new ArrayList<>();
        for (String p : c.protocols()) {
            Row winner = null;
            for (double eta : grid) {
                Config one = new Config(c.network(), c.interest(), c.data(), c.cost(), c.projection(), List.of(p), c.horizon(),
                        Double.toString(eta), c.fairTime(), c.window(), c.trace(), c.trees(), c.gradientBound(), c.threads());
                Row r = run(one).get(0);
                if (winner == null || r.staticRegret() < winner.staticRegret()) winner = r;
            }
            best.add(winner);
        }
        return best;
    }

    /**
     * Runs every protocol of {@code c} in order.
     *
     * @param c what to simulate
     * @return one row per protocol, in the config's order
     * @throws DdamInputException if the parts of the config do not fit together, a protocol name is
     *                            unknown, or {@code eta} is neither a number nor {@code theory}
     */
    public static List<Row> run(Config c) {
        return run(c, new int[0]);
    }

    /**
     * Runs every protocol of {@code c} in order and measures, in the same pass, the dynamic regret for
     * further windows: each row's {@link RunMetrics#windows()} is {Ω = {@code c.window()}, then
     * {@code extraWindows}}, so {@link Row#dynamicRegret()} and the bounds still refer to Ω. The extra
     * windows change no other number of the rows.
     *
     * @param c            what to simulate
     * @param extraWindows more window lengths Ω' ≥ 1 to measure (e.g. Ω = 1 and Ω = 168 in one run)
     * @return one row per protocol, in the order of {@code c.protocols()}
     */
    public static List<Row> run(Config c, int... extraWindows) {
        int n = c.interest().size();
        c.interest().requireSize(c.network().nodeCount());
        if (c.data().agents() != n) throw new DdamInputException("the data has " + c.data().agents() + " agents but W has " + n);
        if (c.horizon() < 1 || c.horizon() > c.data().horizon()) {
            throw new DdamInputException("horizon " + c.horizon() + " outside 1.." + c.data().horizon());
        }
        if (c.window() < 1) throw new DdamInputException("window must be at least 1, not " + c.window());
        int[] windows = new int[1 + extraWindows.length];
        windows[0] = c.window();
        System.arraycopy(extraWindows, 0, windows, 1, extraWindows.length);
        Double fixedEta = parseEta(c.eta());
        double radius = c.projection().radius();
        double b = c.projection().diameter();
        GradientSource source = c.gradientBound() != null ? GradientSource.PROVEN : GradientSource.DATA_RANGE;
        double[] g = c.gradientBound() != null ? c.gradientBound() : dataRangeBounds(c.data(), c.cost(), radius, c.horizon());
        if (g.length != n) throw new DdamInputException(g.length + " gradient bounds for " + n + " agents");
        List<Row> rows = new ArrayList<>();
        for (String raw : c.protocols()) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            long start = System.nanoTime();
            int iterations = c.horizon();
            double cMax = 0;
            double[] eta;
            Protocol p;
            Bound stat, dyn;
            InterestMatrix w = c.interest();
            switch (name) {
                case "ogd", "local" -> {
                    eta = fixedEta != null ? StepSizes.constant(n, fixedEta) : StepSizes.ogdTheory(w, b, g, iterations);
                    p = name.equals("ogd") ? new OgdProtocol(w, c.cost(), c.projection(), eta)
                                           : new LocalProtocol(w, c.cost(), c.projection(), eta);
                    stat = dyn = null; // after the run (needs path length)
                }
                case "cdogd" -> {
                    ConsensusWeights a = ConsensusWeights.metropolisHastings(c.network());
                    cMax = 2;
                    eta = fixedEta != null ? StepSizes.constant(n, fixedEta) : StepSizes.cdogdTheory(n, iterations);
                    p = new CdogdProtocol(a, c.cost(), c.projection(), eta);
                    stat = bounded(b) ? TheoremBounds.cdogdStatic(w, b, g, source, a.spectralGap(), eta, iterations)
                                      : unbounded("Theorem 2", source);
                    dyn = new Bound(Double.NaN, "none", source, "no dynamic-regret theorem for C-DOGD");
                }
                default -> {
                    if (!name.startsWith("ddam")) throw new DdamInputException("unknown protocol '" + raw + "'; expected ogd, cdogd, local, ddam-star, ddam-spt, ddam-st");
                    TreeMetrics trees = c.trees().get(name);
                    if (trees == null) trees = defaultTrees(name, c.network(), w);
                    cMax = trees.cMax();
                    iterations = c.fairTime().iterations(c.horizon(), cMax);
                    long[][] tau = DdamTogdProtocol.roundTrips(w, trees);
                    eta = fixedEta != null ? StepSizes.constant(n, fixedEta) : StepSizes.ddamTheory(w, tau, b, g, Math.max(1, iterations));
                    p = new DdamTogdProtocol(name, w, tau, c.cost(), c.projection(), eta).withThreads(c.threads());
                    RunMetrics m = RegretMeter.measure(p, c.data(), w, c.cost(), c.projection(), iterations, c.trace(), windows);
                    if (bounded(b)) {
                        stat = fixedEta == null ? TheoremBounds.ddamStatic(w, tau, b, g, source, iterations)
                                : TheoremBounds.ddamDynamic(w, tau, b, g, source, eta, iterations, new double[n]);
                        dyn = TheoremBounds.ddamDynamic(w, tau, b, g, source, eta, iterations, m.pathLength()[0]);
                    } else {
                        stat = dyn = unbounded("Theorem 3", source);
                    }
                    rows.add(new Row(name, iterations, cMax, m, eta, stat, dyn, System.nanoTime() - start));
                    continue;
                }
            }
            p = p.withThreads(c.threads());
            RunMetrics m = RegretMeter.measure(p, c.data(), w, c.cost(), c.projection(), iterations, c.trace(), windows);
            if (name.equals("ogd")) {
                if (bounded(b)) {
                    stat = fixedEta == null ? TheoremBounds.ogdStatic(w, b, g, source, iterations)
                            : TheoremBounds.ogdDynamic(w, b, g, source, eta, iterations, new double[n]);
                    dyn = TheoremBounds.ogdDynamic(w, b, g, source, eta, iterations, m.pathLength()[0]);
                } else {
                    stat = dyn = unbounded("Theorem 1", source);
                }
            } else if (name.equals("local")) {
                stat = dyn = new Bound(Double.NaN, "none", source, "no regret theorem for independent learners");
            }
            rows.add(new Row(name, iterations, cMax, m, eta, stat, dyn, System.nanoTime() - start));
        }
        return rows;
    }

    private static boolean bounded(double diameter) { return diameter < Double.POSITIVE_INFINITY; }

    private static Bound unbounded(String theorem, GradientSource s) {
        return new Bound(Double.NaN, theorem, s, "the bound needs a bounded 𝒳 (finite radius)");
    }

    private static Double parseEta(String eta) {
        if (eta == null || eta.trim().equalsIgnoreCase("theory")) return null;
        try {
            double v = Double.parseDouble(eta.trim());
            if (!(v >= 0) || Double.isInfinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new DdamInputException("step size must be a non-negative number or 'theory', not '" + eta + "'");
        }
    }

    /** G_n = gradientBound(R, max‖k_n‖_∞, max‖v_n‖) over the first {@code steps} steps. */
    static double[] dataRangeBounds(DataStream data, MemoryCost cost, double radius, int steps) {
        int n = data.agents();
        double[][] k = new double[n][data.keyDim()];
        double[][] v = new double[n][data.valueDim()];
        double[] kMax = new double[n], vMax = new double[n];
        DataStream.Cursor cur = data.cursor();
        for (int t = 1; t <= steps; t++) {
            if (cur.next(k, v) != t) throw new IllegalStateException("data stream ended before step " + t);
            for (int a = 0; a < n; a++) {
                for (double x : k[a]) kMax[a] = Math.max(kMax[a], Math.abs(x));
                double s = 0;
                for (double x : v[a]) s += x * x;
                vMax[a] = Math.max(vMax[a], Math.sqrt(s));
            }
        }
        return TheoremBounds.gradientBounds(cost, radius, kMax, vMax);
    }
}
