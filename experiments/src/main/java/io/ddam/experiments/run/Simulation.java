package io.ddam.experiments.run;

import io.ddam.online.data.DataStream;
import io.ddam.online.metrics.Comparators;
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
import io.ddam.online.protocol.RlsProtocol;
import io.ddam.online.protocol.StepRule;
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
        return defaultTrees(name, network, interest, 1);
    }

    /**
     * As {@link #defaultTrees(String, Network, InterestMatrix)}, designing up to {@code threads} roots'
     * spt or kmb trees at once (the trees are the same for any count: each root's is designed alone).
     *
     * @param name     a ddam-* protocol name, lower case
     * @param network  G
     * @param interest W
     * @param threads  roots designed at once, ≥ 1
     * @return the trees' metrics, with the name's transport
     * @throws DdamInputException if the name has no default trees
     */
    public static TreeMetrics defaultTrees(String name, Network network, InterestMatrix interest, int threads) {
        boolean agg = name.endsWith(AGGREGATE_SUFFIX);
        String base = agg ? name.substring(0, name.length() - AGGREGATE_SUFFIX.length()) : name;
        Transport t = agg ? Transport.AGGREGATE : Transport.UNICAST;
        TreeMetrics trees = switch (base) {
            case "ddam-star", "ddam-spt", "ddam" -> TreeDesign.design(new ShortestPathTreeDesigner(), network, interest, threads).metrics();
            case "ddam-st", "ddam-kmb" -> TreeDesign.design(new KmbSteinerDesigner(), network, interest, threads).metrics();
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
     * @param eta           a number, {@code theory}, a rule ({@code adagrad}, {@code coin}, {@code dog}, {@code dowg}, {@code freegrad}),
     *                      or the RLS learner ({@link #rlsEta})
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
         * @throws IllegalArgumentException if {@code threads} &lt; 1 (a programming error)
         */
        public Config {
            protocols = List.copyOf(protocols);
            trees = trees == null ? Map.of() : Map.copyOf(trees);
            gradientBound = gradientBound == null ? null : gradientBound.clone();
            if (threads < 1) throw new IllegalArgumentException("the number of threads must be at least 1, not " + threads);
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

        /**
         * A builder with the defaults of {@code ddam simulate}: every protocol ({@link ProtocolKind#DEFAULTS}),
         * T = the stream's horizon, DeltaNet for the stream's dimensions, 𝒳 = {‖X‖_F ≤ 50}, theory step
         * sizes, the paper's fair-time rule, Ω = 1, no trace, the default trees, G_n from the data's ranges,
         * one thread.
         *
         * @param network  the physical graph G
         * @param interest W
         * @param data     the data stream
         * @return a builder
         */
        public static Builder builder(Network network, InterestMatrix interest, DataStream data) {
            return new Builder(network, interest, data);
        }
    }

    /**
     * The protocols {@link #run} knows by name, for {@link Builder#protocols(ProtocolKind...)}.
     * DDAM-TOGD over other trees: {@link Builder#ddamOver(String, TreeMetrics)}.
     */
    public enum ProtocolKind {
        /** Full-information OGD (eq. 6). */
        OGD("ogd"),
        /** Consensus C-DOGD over Metropolis–Hastings weights (eq. 11). */
        CDOGD("cdogd"),
        /** Independent learners (each agent on its own data). */
        LOCAL("local"),
        /** DDAM-TOGD over KMB Steiner trees. */
        DDAM_ST("ddam-st"),
        /** DDAM-TOGD over delay-optimal (shortest-path) trees. */
        DDAM_STAR("ddam-star"),
        /** DDAM-TOGD over the load-aware trees of the joint heuristic. */
        DDAM_JOINT_HEURISTIC("ddam-joint-heuristic");

        /** The protocols {@code ddam simulate} runs by default, in its order. */
        public static final List<ProtocolKind> DEFAULTS = List.of(OGD, CDOGD, LOCAL, DDAM_ST, DDAM_STAR);

        private final String id;

        ProtocolKind(String id) { this.id = id; }

        /**
         * The name in results and on the command line.
         *
         * @return e.g. {@code "ddam-star"}
         */
        public String id() { return id; }
    }

    /** How {@link #run} chooses step sizes. */
    public enum StepSizeRule {
        /** The step sizes of the corollaries (Corollary 1, Theorem 2, Corollary 2) for the iterations run. */
        THEORY,
        /** One constant η for every agent and protocol ({@link Builder#constantStepSize(double)}). */
        CONSTANT
    }

    /**
     * Builds a {@link Config} by name instead of by position; made by {@link Config#builder}. Every setter
     * checks its argument at once and throws {@link IllegalArgumentException} for a value no run could use.
     */
    public static final class Builder {
        private final Network network;
        private final InterestMatrix interest;
        private final DataStream data;
        private MemoryCost cost;
        private Projection projection = Projection.ball(50);
        private final List<String> protocols = new ArrayList<>();
        private int horizon;
        private StepSizeRule stepSizes = StepSizeRule.THEORY;
        private double eta = Double.NaN;
        private FairTime fairTime = FairTime.PAPER;
        private int window = 1;
        private boolean trace;
        private final Map<String, TreeMetrics> trees = new java.util.LinkedHashMap<>();
        private double[] gradientBound;
        private int threads = 1;

        private Builder(Network network, InterestMatrix interest, DataStream data) {
            this.network = java.util.Objects.requireNonNull(network, "network");
            this.interest = java.util.Objects.requireNonNull(interest, "interest");
            this.data = java.util.Objects.requireNonNull(data, "data");
            this.horizon = data.horizon();
        }

        /**
         * The per-sample cost f (default: DeltaNet for the stream's d_k and d_v).
         *
         * @param cost f
         * @return this builder
         */
        public Builder cost(MemoryCost cost) {
            this.cost = java.util.Objects.requireNonNull(cost, "cost");
            return this;
        }

        /**
         * The constraint set 𝒳 (default: the ball of radius 50, as {@code --radius}).
         *
         * @param projection 𝒳, e.g. {@code Projection.ball(10)} or {@link Projection#NONE}
         * @return this builder
         */
        public Builder projection(Projection projection) {
            this.projection = java.util.Objects.requireNonNull(projection, "projection");
            return this;
        }

        /**
         * The protocols to run, in output order, replacing those set before (default: {@link ProtocolKind#DEFAULTS}).
         *
         * @param kinds one or more protocols
         * @return this builder
         */
        public Builder protocols(ProtocolKind... kinds) {
            protocols.clear();
            for (ProtocolKind k : kinds) protocols.add(k.id());
            return this;
        }

        /**
         * Adds DDAM-TOGD over the given trees, under {@code name} (e.g. {@code "ddam-joint"} with the joint
         * MILP's trees; the name must start with {@code ddam}). The trees' transport sets C_max.
         *
         * @param name  the protocol's name in results, starting with {@code ddam}
         * @param trees the trees' metrics
         * @return this builder
         * @throws IllegalArgumentException if the name does not start with {@code ddam}
         */
        public Builder ddamOver(String name, TreeMetrics trees) {
            if (name == null || !name.startsWith("ddam")) throw new IllegalArgumentException("a DDAM-TOGD name starts with 'ddam', not " + name);
            if (protocols.isEmpty()) for (ProtocolKind k : ProtocolKind.DEFAULTS) protocols.add(k.id());
            if (!protocols.contains(name)) protocols.add(name);
            this.trees.put(name, java.util.Objects.requireNonNull(trees, "trees"));
            return this;
        }

        /**
         * T, the time steps (default: the stream's horizon).
         *
         * @param horizon 1 ≤ T ≤ the stream's horizon
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder horizon(int horizon) {
            if (horizon < 1 || horizon > data.horizon()) {
                throw new IllegalArgumentException("horizon must be in 1.." + data.horizon() + ", not " + horizon);
            }
            this.horizon = horizon;
            return this;
        }

        /**
         * The step-size rule (default {@link StepSizeRule#THEORY}); for {@link StepSizeRule#CONSTANT} use
         * {@link #constantStepSize(double)}, which also gives the value.
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder stepSizes(StepSizeRule rule) {
            this.stepSizes = java.util.Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * One constant step size η for every agent and protocol.
         *
         * @param eta η &gt; 0, finite
         * @return this builder
         * @throws IllegalArgumentException if η is not positive and finite
         */
        public Builder constantStepSize(double eta) {
            if (!(eta > 0) || Double.isInfinite(eta)) throw new IllegalArgumentException("a step size must be positive and finite, not " + eta);
            this.stepSizes = StepSizeRule.CONSTANT;
            this.eta = eta;
            return this;
        }

        /**
         * The fair-time rule for DDAM-TOGD (default {@link FairTime#PAPER}).
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder fairTime(FairTime rule) {
            this.fairTime = java.util.Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * Ω, the window of the dynamic-regret comparators (default 1: the per-step optimum).
         *
         * @param window Ω ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if Ω &lt; 1
         */
        public Builder window(int window) {
            if (window < 1) throw new IllegalArgumentException("the window must be at least 1, not " + window);
            this.window = window;
            return this;
        }

        /**
         * Whether to compute the trace S-Reg(t)/t (default off).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder trace(boolean on) {
            this.trace = on;
            return this;
        }

        /**
         * A-priori gradient bounds G_n (then {@link GradientSource#PROVEN}); default: from the data's ranges.
         *
         * @param g one bound per agent
         * @return this builder
         * @throws IllegalArgumentException if there is not one bound per agent
         */
        public Builder gradientBound(double[] g) {
            if (g.length != interest.size()) throw new IllegalArgumentException(g.length + " gradient bounds for " + interest.size() + " agents");
            this.gradientBound = g.clone();
            return this;
        }

        /**
         * The most threads each protocol may use (default 1); results are the same for any count.
         *
         * @param threads ≥ 1
         * @return this builder
         * @throws IllegalArgumentException if {@code threads} &lt; 1
         */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("the number of threads must be at least 1, not " + threads);
            this.threads = threads;
            return this;
        }

        /**
         * The configuration.
         *
         * @return a new, immutable config
         * @throws IllegalStateException if {@link StepSizeRule#CONSTANT} was chosen without a value
         */
        public Config build() {
            if (stepSizes == StepSizeRule.CONSTANT && Double.isNaN(eta)) {
                throw new IllegalStateException("constant step sizes need a value: constantStepSize(eta)");
            }
            List<String> names = protocols.isEmpty() ? ProtocolKind.DEFAULTS.stream().map(ProtocolKind::id).toList() : protocols;
            MemoryCost f = cost != null ? cost : new io.ddam.online.model.DeltaNetCost(data.keyDim(), data.valueDim());
            String etaText = stepSizes == StepSizeRule.THEORY ? "theory" : Double.toString(eta);
            return new Config(network, interest, data, f, projection, names, horizon, etaText, fairTime, window, trace, trees,
                    gradientBound, threads);
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
         * Value equality: equal components, the step sizes compared element by element.
         *
         * @param o another object
         * @return whether {@code o} is an equal row
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && protocol.equals(r.protocol) && iterations == r.iterations
                    && Double.compare(cMax, r.cMax) == 0 && metrics.equals(r.metrics) && java.util.Arrays.equals(eta, r.eta)
                    && staticBound.equals(r.staticBound) && dynamicBound.equals(r.dynamicBound) && wallNanos == r.wallNanos;
        }

        /**
         * A hash consistent with {@link #equals(Object)}.
         *
         * @return the hash of the components' contents
         */
        @Override
        public int hashCode() {
            return java.util.Objects.hash(protocol, iterations, cMax, metrics, java.util.Arrays.hashCode(eta), staticBound,
                    dynamicBound, wallNanos);
        }

        /**
         * The row with its step sizes listed.
         *
         * @return e.g. {@code Row[protocol=ogd, iterations=2500, …, eta=[0.016, …], …]}
         */
        @Override
        public String toString() {
            return "Row[protocol=" + protocol + ", iterations=" + iterations + ", cMax=" + cMax + ", metrics=" + metrics
                    + ", eta=" + java.util.Arrays.toString(eta) + ", staticBound=" + staticBound + ", dynamicBound="
                    + dynamicBound + ", wallNanos=" + wallNanos + "]";
        }

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
    private static List<Row> tuned(Config c, double[] grid) {
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
     * Runs every protocol of {@code c} in order, with no options: {@code run(c, Options.defaults()).rows()}.
     *
     * @param c what to simulate
     * @return one row per protocol, in the config's order
     * @throws DdamInputException if the parts of the config do not fit together, a protocol name is
     *                            unknown, or {@code eta} is neither a number nor {@code theory}
     */
    public static List<Row> run(Config c) {
        return run(c, Options.defaults()).rows();
    }

    /**
     * The options of one run ({@link #run(Config, Options)}): what else to measure and how, beyond the
     * config. Step rules (theory, a number, adagrad, coin, dog, freegrad) and transports (the trees'
     * transport) are in the {@link Config}; tuning, failures, checkpoints and extra windows are here.
     * Not every combination is defined: tuning and failures report the horizon only, and exclude each other.
     *
     * @param checkpoints  horizons 1 ≤ h ≤ T at which to report prefix metrics from the same run (T is added)
     * @param theoryHeld   with checkpoints and {@code theory} step sizes: hold each protocol's step size for its
     *                     iterations in T at every step, so a prefix is a run of horizon h with that constant step
     * @param tuning       the constant step sizes to search for {@code tuned} (the best in hindsight per
     *                     protocol), or {@code null} for the config's own
     * @param failures     link failures (then each row is compared with the intact network), or {@code null}
     * @param extraWindows more window lengths Ω' ≥ 1 to measure in the same pass (after the config's Ω)
     */
    public record Options(int[] checkpoints, boolean theoryHeld, double[] tuning, FailureSetup failures, int[] extraWindows) {
        /**
         * Copies the arrays in.
         *
         * @param checkpoints  horizons of prefix metrics (copied)
         * @param theoryHeld   whether theory step sizes are held at T's
         * @param tuning       the tuning grid, or {@code null} (copied)
         * @param failures     link failures, or {@code null}
         * @param extraWindows extra windows (copied)
         */
        public Options {
            checkpoints = checkpoints == null ? new int[0] : checkpoints.clone();
            tuning = tuning == null ? null : tuning.clone();
            extraWindows = extraWindows == null ? new int[0] : extraWindows.clone();
        }

        /**
         * No options: the horizon's rows, the config's step sizes, no failures.
         *
         * @return the default options
         */
        public static Options defaults() { return new Options(null, false, null, null, null); }

        /**
         * With prefix metrics at these horizons (the step sizes must not depend on T, unless {@link #withTheoryHeld()}).
         *
         * @param h horizons 1 ≤ h ≤ T, any order
         * @return a copy
         */
        public Options withCheckpoints(int... h) { return new Options(h, theoryHeld, tuning, failures, extraWindows); }

        /**
         * With {@code theory} step sizes held at the horizon's at every checkpoint ({@code ddam crossover}).
         *
         * @return a copy
         */
        public Options withTheoryHeld() { return new Options(checkpoints, true, tuning, failures, extraWindows); }

        /**
         * With {@code tuned} step sizes: each protocol's best constant η of {@code grid} in hindsight.
         *
         * @param grid the step sizes to try, e.g. {@link #TUNING_GRID}
         * @return a copy
         */
        public Options withTuning(double[] grid) { return new Options(checkpoints, theoryHeld, grid, failures, extraWindows); }

        /**
         * With link failures.
         *
         * @param f the failure setup
         * @return a copy
         */
        public Options withFailures(FailureSetup f) { return new Options(checkpoints, theoryHeld, tuning, f, extraWindows); }

        /**
         * With more windows measured in the same pass (each row's {@link RunMetrics#windows()} is {Ω, then these}).
         *
         * @param w window lengths Ω' ≥ 1
         * @return a copy
         */
        public Options withExtraWindows(int... w) { return new Options(checkpoints, theoryHeld, tuning, failures, w); }

        /**
         * The horizons of prefix metrics (copied).
         *
         * @return the checkpoints as given
         */
        @Override public int[] checkpoints() { return checkpoints.clone(); }

        /**
         * The tuning grid (copied), or {@code null}.
         *
         * @return the grid
         */
        @Override public double[] tuning() { return tuning == null ? null : tuning.clone(); }

        /**
         * The extra windows (copied).
         *
         * @return the windows
         */
        @Override public int[] extraWindows() { return extraWindows.clone(); }
    }

    /**
     * What one run gives: rows at every checkpoint, and with failures the comparison with the intact network.
     *
     * @param checkpoints  the horizons reported, increasing, T last
     * @param byCheckpoint one list of rows per checkpoint, each in the config's protocol order
     * @param failures     with failures, one row per protocol (the run at T with its intact-network twin); else empty
     */
    public record Result(int[] checkpoints, List<List<Row>> byCheckpoint, List<FailureRow> failures) {
        /**
         * Copies in.
         *
         * @param checkpoints  the horizons
         * @param byCheckpoint rows per horizon
         * @param failures     failure rows, or empty
         */
        public Result {
            checkpoints = checkpoints.clone();
            byCheckpoint = List.copyOf(byCheckpoint);
            failures = failures == null ? List.of() : List.copyOf(failures);
        }

        /**
         * The horizons reported (copied).
         *
         * @return increasing, T last
         */
        @Override public int[] checkpoints() { return checkpoints.clone(); }

        /**
         * The rows at the horizon T.
         *
         * @return one row per protocol, in the config's order
         */
        public List<Row> rows() { return byCheckpoint.get(byCheckpoint.size() - 1); }
    }

    /**
     * The one run API: runs every protocol of {@code c}, with the options {@code o} (checkpoints, held theory
     * step sizes, tuning, failures, extra windows). Its rows at T are the same whatever else is asked.
     *
     * @param c what to simulate
     * @param o what else to measure and how
     * @return the rows at every checkpoint (and the failure comparison)
     * @throws DdamInputException if the config is invalid, or the options do not go together (tuning with
     *                            failures or checkpoints, failures with checkpoints, prefix metrics of step sizes
     *                            that depend on T without {@link Options#withTheoryHeld()})
     */
    public static Result run(Config c, Options o) {
        int[] cps = o.checkpoints();
        int[] extra = o.extraWindows();
        int[] at = java.util.stream.IntStream.concat(java.util.Arrays.stream(cps), java.util.stream.IntStream.of(c.horizon()))
                .distinct().sorted().toArray();
        if (o.tuning() != null) {
            if (o.failures() != null || cps.length > 0 || extra.length > 0) {
                throw new DdamInputException("tuned step sizes report the horizon only: no failures, checkpoints or extra windows with them");
            }
            return new Result(new int[] {c.horizon()}, List.of(tuned(c, o.tuning())), null);
        }
        if (o.failures() != null) {
            if (cps.length > 0 || extra.length > 0) throw new DdamInputException("failure runs report the horizon only: no checkpoints or extra windows");
            List<FailureRow> f = withFailures(c, o.failures());
            List<Row> rows = new ArrayList<>();
            for (FailureRow r : f) rows.add(r.row());
            return new Result(new int[] {c.horizon()}, List.of(rows), f);
        }
        if (cps.length > 0) {
            for (int h : cps) {
                if (h < 1 || h > c.horizon()) throw new DdamInputException("checkpoint " + h + " outside 1.." + c.horizon());
            }
            // ader's grid and meta rate are set from T, so its prefixes are not separate runs
            boolean fixed = rls(c.eta()) != null || (adaptive(c.eta()) != null && !"ader".equals(adaptive(c.eta())))
                    || parseEta(c.eta()) != null;
            if (!fixed && !o.theoryHeld()) {
                throw new DdamInputException("prefix metrics need step sizes that do not depend on T; '" + c.eta()
                        + "' does (give a number, adagrad, coin, dog, dowg or freegrad)");
            }
        }
        return new Result(at, execute(c, extra, cps, null, null), null);
    }

    /**
     * Link failures for {@link Options#withFailures}.
     *
     * @param schedule    when links are down (schedule steps = the T steps of OGD and C-DOGD)
     * @param repairDelay steps from a topology change to the repair of the affected trees, or −1 for no repair
     * @param joint       the joint designers that repair {@code ddam-joint*} trees, with the options of the initial
     *                    design (transport, ε, λ, backend, time limit), or {@code null} for their defaults
     */
    public record FailureSetup(io.ddam.solver.failures.LinkSchedule schedule, int repairDelay, JointRepair joint) {
        /**
         * Without configured joint designers (their defaults repair {@code ddam-joint*} trees).
         *
         * @param schedule    when links are down
         * @param repairDelay steps to the repair, or −1 for none
         */
        public FailureSetup(io.ddam.solver.failures.LinkSchedule schedule, int repairDelay) { this(schedule, repairDelay, null); }
    }

    /**
     * The joint designer a repair uses for a protocol's trees: the command line's {@code joint} or
     * {@code joint-heuristic} with its options for the protocol's transport.
     */
    @FunctionalInterface
    public interface JointRepair {
        /**
         * The designer.
         *
         * @param name      {@code joint} or {@code joint-heuristic}
         * @param transport the transport of the protocol's trees
         * @return the configured designer
         */
        io.ddam.solver.tree.JointTreeDesigner designer(String name, io.ddam.solver.tree.Transport transport);
    }

    /**
     * One protocol on the failing network next to the same protocol on the intact one (same data).
     *
     * @param row              the run with failures
     * @param noFailure        the run without failures
     * @param sent             messages sent over links (0 for ogd and local, which send none)
     * @param lost             of which lost to down links
     * @param partitionedSteps steps 1..T at which the live graph is disconnected
     * @param repairedWith     the designer used for repairs, or {@code null}
     * @param repairs          repairs run
     * @param repairedTrees    trees replaced by them
     * @param repairNanos      time spent repairing
     */
    public record FailureRow(Row row, Row noFailure, long sent, long lost, long partitionedSteps, String repairedWith,
                             long repairs, long repairedTrees, long repairNanos) {
        /**
         * lost / sent.
         *
         * @return the fraction of messages lost, 0 when none were sent
         */
        public double lostFraction() { return sent == 0 ? 0.0 : (double) lost / sent; }
    }

    /**
     * Runs every protocol of {@code c} twice on the same data: on the intact network (as {@link #run}) and
     * on the network failing as {@code f} says. OGD and local learners send no messages and are the
     * no-loss reference (identical in both runs); C-DOGD mixes over the live links; DDAM-TOGD loses the
     * gradient terms whose path crosses a down link and, with {@code f.repairDelay() ≥ 0}, has its trees
     * repaired ({@link io.ddam.solver.failures.TreeRepair}: spt for ddam-star/ddam-spt/ddam, kmb for
     * ddam-st/ddam-kmb, joint-heuristic for ddam-joint-heuristic and the joint MILP for ddam-joint
     * (each also with {@code -agg}; the joint designers with {@code f.joint()}'s options), whichever trees the
     * run started from; other names keep their trees). With repairs, the fair-time rule charges each iteration the C_max of the
     * trees in force at its step (link time accumulates per step, the run stops when T is used up);
     * without, DDAM-TOGD runs {@link FairTime#iterations} as usual, spread evenly over the T steps.
     *
     * @param c what to simulate
     * @param f the failures
     * @return one row per protocol, in the config's order
     */
    private static List<FailureRow> withFailures(Config c, FailureSetup f) {
        if (f.schedule().network().nodeCount() != c.network().nodeCount()
                || f.schedule().network().edgeCount() != c.network().edgeCount()) {
            throw new DdamInputException("the failure schedule is for another network");
        }
        List<Row> base = run(c);
        List<Spec> specs = new ArrayList<>();
        List<List<Row>> all = execute(c, new int[0], new int[0], f, specs);
        List<Row> rows = all.get(all.size() - 1);
        long partitioned = f.schedule().partitionedSteps(c.horizon());
        List<FailureRow> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Spec sp = specs.get(i);
            out.add(new FailureRow(rows.get(i), base.get(i), sp.loss.sent(), sp.loss.lost(), partitioned, sp.repairedWith,
                    sp.repairs, sp.repairedTrees, sp.repairNanos));
        }
        return out;
    }

    /** The designer whose trees a ddam-* name runs over by default, for repairs; null when unknown. */
    private static String repairDesigner(String name) {
        String base = name.endsWith(AGGREGATE_SUFFIX) ? name.substring(0, name.length() - AGGREGATE_SUFFIX.length()) : name;
        return switch (base) {
            case "ddam-star", "ddam-spt", "ddam" -> "spt";
            case "ddam-st", "ddam-kmb" -> "kmb";
            case "ddam-joint-heuristic" -> "joint-heuristic";
            case "ddam-joint" -> "joint";
            default -> null;
        };
    }

    /** Phase 1 with failures: the trees in force over time, and the iterations and their clock. */
    private static void planFailures(Spec sp, TreeMetrics trees, Config c, FailureSetup f) {
        String designer = f.repairDelay() >= 0 ? repairDesigner(sp.name) : null;
        sp.epochs = new ArrayList<>();
        sp.epochs.add(new DdamTogdProtocol.TreeEpoch(1, trees));
        if (designer == null) return; // fixed trees: the usual fair-time count, spread evenly (pace)
        sp.repairedWith = designer;
        List<io.ddam.solver.tree.RoutingTree> initial = new ArrayList<>();
        for (int n = 0; n < trees.agentCount(); n++) initial.add(trees.tree(n));
        boolean joint = designer.equals("joint") || designer.equals("joint-heuristic");
        io.ddam.solver.failures.TreeRepair.Timeline tl = joint && f.joint() != null
                ? io.ddam.solver.failures.TreeRepair.timeline(f.joint().designer(designer, trees.transport()), c.network(),
                        c.interest(), initial, f.schedule(), f.repairDelay(), c.horizon())
                : io.ddam.solver.failures.TreeRepair.timeline(designer, c.network(),
                        c.interest(), initial, f.schedule(), f.repairDelay(), c.horizon(), trees.transport());
        sp.repairs = tl.repairs();
        sp.repairedTrees = tl.roots();
        sp.repairNanos = tl.nanos();
        double[] cmax = new double[tl.from().length];
        cmax[0] = trees.cMax();
        for (int k = 1; k < tl.from().length; k++) {
            TreeMetrics m = tl.trees().get(k).metrics(c.network(), trees.transport());
            sp.epochs.add(new DdamTogdProtocol.TreeEpoch(tl.from()[k], m));
            cmax[k] = m.cMax();
        }
        if (c.fairTime() == FairTime.OFF) return; // one iteration per step
        // Each iteration costs the link time of the trees in force when it starts (C_max under the paper's rule,
        // C_max / 2 under the ratio rule); iterations run while the T steps last.
        double used = 0;
        long[] clock = new long[c.horizon() + 1];
        int k = 0, epoch = 0;
        while (k < c.horizon()) {
            long at = (long) Math.floor(used) + 1;
            while (epoch + 1 < cmax.length && tl.from()[epoch + 1] <= at) epoch++;
            double cost = cmax[epoch] == 0 ? 1.0 : (c.fairTime() == FairTime.RATIO ? cmax[epoch] / 2 : cmax[epoch]);
            if (used + cost > c.horizon() + 1e-9 && k > 0) break;
            clock[++k] = Math.min(at, c.horizon());
            used += cost;
        }
        sp.iterations = k;
        sp.clock = java.util.Arrays.copyOf(clock, k + 1);
    }

    /*
     * Prefix metrics from one run (long horizons), Options.withCheckpoints: runs every protocol once for T and
     * reports, for every checkpoint h, the rows a separate run of horizon h would give (static and dynamic
     * regret, path length, NMSE and bounds of the prefix t = 1..h, from running statistics; see Comparators).
     * DDAM-TOGD's prefix at h is its first FairTime.iterations(h, C_max) iterations. This equals separate runs
     * only when the step sizes do not depend on T (a number, adagrad, coin, dog, freegrad). With theory step
     * sizes held (Options.withTheoryHeld, for ddam crossover) every protocol uses its corollary's step size for
     * the iterations it runs in T at every step; the prefix at h is then exactly a run of horizon h with those
     * constant step sizes, with the fixed-eta bound at that prefix; the row at T is the plain run's.
     */
    private static List<List<Row>> execute(Config c, int[] extraWindows, int[] checkpointsIn, FailureSetup fail,
                                           List<Spec> specsOut) {
        int[] checkpoints = java.util.stream.IntStream.concat(java.util.Arrays.stream(checkpointsIn),
                java.util.stream.IntStream.of(c.horizon())).distinct().sorted().toArray();
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
        double[] rls = rls(c.eta());
        if (rls != null && fail != null) throw new DdamInputException("--learner rls cannot be combined with --failures");
        String adaptive = rls != null ? null : adaptive(c.eta());
        Double fixedEta = adaptive != null || rls != null ? null : parseEta(c.eta());
        if (adaptive != null && !adaptive.equals("dog") && !adaptive.equals("dowg") && !bounded(c.projection().diameter())) {
            throw new DdamInputException("--eta " + adaptive + " needs a finite projection radius");
        }
        double radius = c.projection().radius();
        double b = c.projection().diameter();
        GradientSource source = c.gradientBound() != null ? GradientSource.PROVEN : GradientSource.DATA_RANGE;
        InterestMatrix w = c.interest();
        // Phase 1: what each protocol runs (trees, hence fair-time iterations), so that the comparators can
        // be computed once, at every iteration count met, and shared by all protocols.
        List<Spec> specs = new ArrayList<>();
        for (String raw : c.protocols()) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            long start = System.nanoTime();
            Spec sp = new Spec(name);
            // Under --fair-time floats a message's link time is its size in d_v x d_k matrices: RLS sends statistics.
            if (rls != null) sp.ratio = FairTime.ratio(RlsProtocol.statisticFloats(c.cost().cols(), c.cost().rows()), c.cost().cols(), c.cost().rows());
            switch (name) {
                case "ogd", "local" -> sp.iterations = c.horizon();
                case "cdogd" -> {
                    sp.consensus = true;
                    sp.iterations = c.fairTime().consensusIterations(c.horizon(), sp.ratio);
                }
                default -> {
                    if (!name.startsWith("ddam")) throw new DdamInputException("unknown protocol '" + raw + "'; expected ogd, cdogd, local, ddam-star, ddam-spt, ddam-st");
                    TreeMetrics trees = c.trees().get(name);
                    if (trees == null) trees = defaultTrees(name, c.network(), w, c.threads());
                    sp.cMax = trees.cMax();
                    sp.iterations = c.fairTime().iterations(c.horizon(), sp.cMax, sp.ratio);
                    sp.tau = DdamTogdProtocol.roundTripRows(w, trees); // O(nnz W), not N²
                    if (fail != null) planFailures(sp, trees, c, fail);
                }
            }
            sp.setupNanos = System.nanoTime() - start;
            specs.add(sp);
        }
        java.util.TreeSet<Integer> hs = new java.util.TreeSet<>();
        hs.add(c.horizon());
        for (Spec sp : specs) {
            for (int h : checkpoints) {
                int it = fail != null ? sp.iterations // failures: the run's own count (only h = T is asked)
                        : sp.iterationsAt(c.fairTime(), h);
                if (it < 1) throw new DdamInputException("at checkpoint " + h + " the fair-time rule leaves " + sp.name + " no iteration");
                hs.add(it);
            }
        }
        int[] horizons = hs.stream().mapToInt(Integer::intValue).toArray();
        // Phase 2: the hindsight side, once (it also gives the data ranges of the "measured" G_n).
        Comparators shared = Comparators.compute(c.data(), w, c.cost(), c.projection(), horizons, windows, c.trace(), c.threads());
        double[] g = c.gradientBound() != null ? c.gradientBound()
                : TheoremBounds.gradientBounds(c.cost(), radius, shared.maxKeyAbs(c.horizon()), shared.maxValueNorm(c.horizon()));
        if (g.length != n) throw new DdamInputException(g.length + " gradient bounds for " + n + " agents");
        // Phase 3: each protocol, measured against the shared comparators (at every checkpoint). The runs are
        // independent (own cursor, protocol and meter; shared read-only inputs), so with several threads up
        // to that many run at once, each on threads / (runs at once) threads of its own: a second thread
        // then works through whole runs instead of handing off small chunks of every step (warm, N = 100,
        // 2 threads: chunks gained 1.1-1.45x over the whole simulation, whole runs 1.5x; docs/benchmarks.md).
        // Every run's numbers are the same for any thread count, so the rows are too, in the config's order.
        List<List<Row>> out = new ArrayList<>();
        for (int i = 0; i < checkpoints.length; i++) out.add(new ArrayList<>());
        if (specsOut != null) specsOut.addAll(specs);
        int concurrent = Math.max(1, Math.min(c.threads(), specs.size()));
        int agentThreads = Math.max(1, c.threads() / concurrent);
        java.util.function.Function<Spec, List<Row>> runOne = sp -> {
            List<Row> rows = new ArrayList<>(checkpoints.length);
            String name = sp.name;
            long start = System.nanoTime();
            int iterations = sp.iterations;
            double[] eta;
            Protocol p;
            ConsensusWeights a = null;
            switch (name) {
                case "ogd", "local" -> {
                    eta = fixedEta != null ? StepSizes.constant(n, fixedEta) : StepSizes.ogdTheory(w, b, g, iterations);
                    p = name.equals("ogd") ? new OgdProtocol(w, c.cost(), c.projection(), eta)
                                           : new LocalProtocol(w, c.cost(), c.projection(), eta);
                }
                case "cdogd" -> {
                    a = ConsensusWeights.metropolisHastings(c.network());
                    sp.cMax = 2;
                    eta = fixedEta != null ? StepSizes.constant(n, fixedEta) : StepSizes.cdogdTheory(n, iterations);
                    p = new CdogdProtocol(a, c.cost(), c.projection(), eta);
                    if (fail != null) p = ((CdogdProtocol) p).withFailures(fail.schedule(), sp.loss);
                }
                default -> {
                    eta = fixedEta != null ? StepSizes.constant(n, fixedEta) : StepSizes.ddamTheory(w, sp.tau, b, g, Math.max(1, iterations));
                    p = new DdamTogdProtocol(name, w, sp.tau, c.cost(), c.projection(), eta);
                    if (fail != null) {
                        p = ((DdamTogdProtocol) p).withFailures(fail.schedule(), sp.epochs,
                                Math.max(1.0, (double) c.horizon() / Math.max(1, iterations)), sp.clock, sp.loss);
                    }
                }
            }
            if (rls != null) { // the second-order learner replaces the gradient step of the same protocol
                double lambda = rls[0], beta = rls[1];
                java.util.Arrays.fill(eta, Double.NaN);
                p = switch (name) {
                    case "ogd" -> RlsProtocol.centralized(name, w, c.cost(), c.projection(), lambda, beta);
                    case "local" -> RlsProtocol.local(name, w, c.cost(), c.projection(), lambda, beta);
                    case "cdogd" -> RlsProtocol.consensus(name, w, a, c.cost(), c.projection(), lambda, beta);
                    default -> RlsProtocol.overTrees(name, w, sp.tau, c.cost(), c.projection(), lambda, beta);
                };
            }
            if (adaptive != null) {
                StepRule rule = switch (adaptive) {
                    case "adagrad" -> StepRule.adagrad(radius);
                    case "dog" -> StepRule.dog();
                    case "dowg" -> StepRule.dowg();
                    case "freegrad" -> StepRule.freeGrad(radius);
                    case "ader" -> StepRule.ader(radius, Math.max(1, iterations));
                    default -> StepRule.coinBetting(radius, lipschitz(name, w, g));
                };
                java.util.Arrays.fill(eta, Double.NaN);
                if (p instanceof OgdProtocol o) {
                    p = o.withStepRule(rule);
                } else if (p instanceof LocalProtocol l) {
                    p = l.withStepRule(rule);
                } else if (p instanceof CdogdProtocol cd) {
                    // C-DOGD mixes its neighbours' memories, which a coin-betting state (a sum of past gradients) has
                    // no place for: AdaGrad-norm for coin. FreeGrad mixes its gradient sums instead (its consensus form).
                    p = cd.withStepRule(adaptive.equals("coin") ? StepRule.adagrad(radius) : rule);
                } else {
                    p = ((DdamTogdProtocol) p).withStepRule(rule);
                }
            }
            p = p.withThreads(agentThreads);
            RegretMeter meter = new RegretMeter(c.data(), w, c.cost(), shared, iterations, c.trace());
            RunMetrics last;
            try {
                p.run(meter.stream(), iterations, meter);
                last = meter.finish();
            } finally {
                meter.close();
            }
            long nanos = sp.setupNanos + System.nanoTime() - start;
            List<RunMetrics> prefixes = meter.prefixMetrics();
            for (int i = 0; i < checkpoints.length; i++) {
                int it = fail != null ? iterations : sp.iterationsAt(c.fairTime(), checkpoints[i]);
                RunMetrics m = last;
                if (it != iterations) {
                    m = null;
                    for (RunMetrics pm : prefixes) if (pm.iterations() == it) m = pm;
                    if (m == null) throw new IllegalStateException("no prefix metrics at " + it);
                }
                // A prefix of a theory run keeps the step sizes chosen for all the iterations: a fixed η for the prefix.
                Row r = row(name, sp, a, m, eta, fixedEta != null || it != iterations, w, b, g, source, it, nanos);
                if (fail != null && !name.equals("ogd") && !name.equals("local") && sp.loss.lost() > 0) {
                    // The theorems assume every message arrives (and a fixed A for C-DOGD).
                    Bound none = new Bound(Double.NaN, "none", source, sp.loss.lost() + " messages lost to link failures: the theorem assumes none");
                    r = new Row(r.protocol(), r.iterations(), r.cMax(), r.metrics(), eta, none, none, r.wallNanos());
                }
                if (adaptive != null || rls != null) { // the theorems assume constant η
                    Bound none = new Bound(Double.NaN, "none", source, rls != null
                            ? "rls learner: its logarithmic bound (docs/algorithms.md) is not computed here"
                            : "adaptive step sizes (" + adaptive + "): the theorems assume a constant η");
                    r = new Row(r.protocol(), r.iterations(), r.cMax(), r.metrics(), eta, none, none, r.wallNanos());
                }
                rows.add(r);
            }
            return rows;
        };
        List<List<Row>> perSpec = io.ddam.solver.InOrder.map(specs.size(), i -> runOne.apply(specs.get(i)), concurrent, "ddam-protocol-run");
        for (List<Row> rows : perSpec) for (int i = 0; i < checkpoints.length; i++) out.get(i).add(rows.get(i));
        return out;
    }

    /** One result row: the metrics of {@code iterations} steps and the matching theorem bounds. */
    private static Row row(String name, Spec sp, ConsensusWeights a, RunMetrics m, double[] eta, boolean fixed, InterestMatrix w,
                           double b, double[] g, GradientSource source, int iterations, long nanos) {
        int n = w.size();
        Bound stat, dyn;
        switch (name) {
            case "ogd" -> {
                if (bounded(b)) {
                    stat = !fixed ? TheoremBounds.ogdStatic(w, b, g, source, iterations)
                            : TheoremBounds.ogdDynamic(w, b, g, source, eta, iterations, new double[n]);
                    dyn = TheoremBounds.ogdDynamic(w, b, g, source, eta, iterations, m.pathLength()[0]);
                } else {
                    stat = dyn = unbounded("Theorem 1", source);
                }
            }
            case "local" -> stat = dyn = new Bound(Double.NaN, "none", source, "no regret theorem for independent learners");
            case "cdogd" -> {
                stat = bounded(b) ? TheoremBounds.cdogdStatic(w, b, g, source, a.spectralGap(), eta, iterations)
                                  : unbounded("Theorem 2", source);
                dyn = new Bound(Double.NaN, "none", source, "no dynamic-regret theorem for C-DOGD");
            }
            default -> {
                if (bounded(b)) {
                    stat = !fixed ? TheoremBounds.ddamStatic(w, sp.tau, b, g, source, iterations)
                            : TheoremBounds.ddamDynamic(w, sp.tau, b, g, source, eta, iterations, new double[n]);
                    dyn = TheoremBounds.ddamDynamic(w, sp.tau, b, g, source, eta, iterations, m.pathLength()[0]);
                } else {
                    stat = dyn = unbounded("Theorem 3", source);
                }
            }
        }
        return new Row(name, iterations, sp.cMax, m, eta, stat, dyn, nanos);
    }

    /** What phase 1 of {@link #run} settles for one protocol. */
    private static final class Spec {
        final String name;
        int iterations;
        double cMax;
        long[][] tau;
        double ratio = 1;  // link time of one message in d_v x d_k matrices (--fair-time floats)
        boolean consensus; // cdogd
        long setupNanos;
        final io.ddam.online.protocol.MessageLoss loss = new io.ddam.online.protocol.MessageLoss();
        List<DdamTogdProtocol.TreeEpoch> epochs;  // with failures: the trees in force over time
        long[] clock;                             // with failures: schedule step of each iteration
        String repairedWith;                      // the designer repairs used, or null (no repair)
        long repairs, repairedTrees, repairNanos;

        Spec(String name) { this.name = name; }

        /** The iterations this protocol runs when OGD runs h. */
        int iterationsAt(FairTime rule, int h) {
            if (consensus) return rule.consensusIterations(h, ratio);
            return cMax > 0 && tau != null ? rule.iterations(h, cMax, ratio) : h;
        }
    }

    private static boolean bounded(double diameter) { return diameter < Double.POSITIVE_INFINITY; }

    /**
     * The {@code eta} text that selects the RLS learner ({@link RlsProtocol}) in place of gradient steps:
     * {@code ogd} becomes centralized RLS, {@code local} local RLS, {@code cdogd} consensus RLS and every
     * {@code ddam-*} DDAM-RLS over its trees.
     *
     * @param lambda ridge λ &gt; 0
     * @param beta   forgetting factor in (0, 1], or {@link RlsProtocol#AUTO}
     * @return {@code rls:lambda=λ,beta=β} ({@code beta=auto} for {@link RlsProtocol#AUTO})
     * @throws DdamInputException if λ or β is out of range
     */
    public static String rlsEta(double lambda, double beta) {
        RlsProtocol.checkSettings(lambda, beta);
        return "rls:lambda=" + lambda + ",beta=" + (beta == RlsProtocol.AUTO ? "auto" : Double.toString(beta));
    }

    /** {λ, β} if {@code eta} names the RLS learner ({@code rls}, or {@code rls:lambda=L,beta=B}), else {@code null}. */
    static double[] rls(String eta) {
        if (eta == null) return null;
        String e = eta.trim().toLowerCase(Locale.ROOT);
        if (!e.equals("rls") && !e.startsWith("rls:")) return null;
        double lambda = 1, beta = 1;
        if (e.startsWith("rls:")) {
            for (String kv : e.substring(4).split(",")) {
                String[] p = kv.split("=", 2);
                try {
                    if (p.length == 2 && p[0].trim().equals("lambda")) lambda = Double.parseDouble(p[1].trim());
                    else if (p.length == 2 && p[0].trim().equals("beta")) {
                        beta = p[1].trim().equals("auto") ? RlsProtocol.AUTO : Double.parseDouble(p[1].trim());
                        if (!p[1].trim().equals("auto") && !(beta > 0 && beta <= 1)) {
                            throw new DdamInputException("the forgetting factor must be in (0, 1] or auto, not " + p[1].trim());
                        }
                    }
                    else throw new NumberFormatException();
                } catch (NumberFormatException x) {
                    throw new DdamInputException("bad rls setting '" + kv + "' (use rls:lambda=L,beta=B)");
                }
            }
        }
        RlsProtocol.checkSettings(lambda, beta);
        return new double[] {lambda, beta};
    }

    /** {@code adagrad}, {@code coin}, {@code dog}, {@code dowg}, {@code freegrad} or {@code ader} (the rules of {@link StepRule}), or {@code null} for the others. */
    private static String adaptive(String eta) {
        if (eta == null) return null;
        String e = eta.trim().toLowerCase(Locale.ROOT);
        return e.equals("adagrad") || e.equals("coin") || e.equals("dog") || e.equals("dowg") || e.equals("freegrad")
                || e.equals("ader") ? e : null;
    }

    /** L_n for coin betting: a bound on the norm of the gradient sum agent n applies at a step. */
    private static double[] lipschitz(String name, InterestMatrix w, double[] g) {
        int n = w.size();
        double[] l = new double[n];
        for (int a = 0; a < n; a++) {
            if (name.equals("local")) {
                l[a] = w.weight(a, a) * g[a];
            } else { // ogd, ddam: Σ_m w_{a,m} G_m (each m's gradient arrives at most once per step)
                for (int m : w.interestSet(a)) l[a] += w.weight(a, m) * g[m];
            }
            if (!(l[a] > 0)) l[a] = Double.MIN_NORMAL; // no gradient ever: any positive L
        }
        return l;
    }

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
            throw new DdamInputException("step size must be a non-negative number, 'theory', 'adagrad', 'coin', 'dog', 'dowg', 'freegrad' or 'ader', not '" + eta + "'");
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
