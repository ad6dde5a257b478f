package io.ddam.solver.milp;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.OrTools.Backend;
import io.ddam.solver.steiner.DualAscent;
import io.ddam.solver.steiner.Reduction;
import io.ddam.solver.steiner.SparseSteinerDp;
import io.ddam.solver.steiner.SteinerDp;
import io.ddam.solver.steiner.SteinerHeuristic;
import io.ddam.solver.steiner.SteinerProblem;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.TreeDesigner;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The exact Steiner-tree designer: a minimum-<em>cost</em> tree (Σ of edge costs) spanning the root and
 * its targets, for the "DDAM-TOGD (ST)" baseline at its best and for {@code ddam steiner --algorithm exact}.
 *
 * <p><b>Formulation: the directed cut model (DCUT)</b> of Wong / Aneja, on the bidirected graph with the
 * root as the source. One binary x_a per arc; the tree is an arborescence from the root:
 * <ul>
 *   <li>cost: minimise Σ_a c_a x_a;</li>
 *   <li>in-degree: x(δ⁻(t)) = 1 for every terminal t ≠ root, x(δ⁻(v)) ≤ 1 for Steiner nodes, no arc enters the root;</li>
 *   <li>flow balance (valid because costs are positive, so optimal trees have no Steiner leaves):
 *       x(δ⁻(v)) ≤ x(δ⁺(v)) and x_a ≤ x(δ⁻(v)) for every arc a leaving a Steiner node v;</li>
 *   <li>2-cycles: x_uv + x_vu ≤ 1;</li>
 *   <li>directed cuts: x(δ⁺(S)) ≥ 1 for every node set S with the root in S and some terminal outside,
 *       added only when violated.</li>
 * </ul>
 * DCUT was chosen over the multi-commodity flow model because its LP bound is the same (the flow model is
 * DCUT's extended form) while it has 2|E| variables instead of |T|·2|E|: on SteinLib C (up to 25 000
 * arcs and 250 terminals) the flow model has millions of variables, DCUT a few thousand rows. The LP bound
 * of DCUT is very close to the optimum on SteinLib B and C, so little branching is needed.
 *
 * <p><b>Solution loop.</b> OR-Tools' MPSolver offers no lazy-constraint callbacks in Java, so cuts are
 * separated between solves: (1) cutting-plane loop on the LP relaxation with CLP (GLOP if CLP is missing), separating violated
 * cuts by max-flow from the root to each terminal on capacities x (source-side and sink-side minimum
 * cuts, nested cuts); (2) the MILP with every cut found so far, solved by the chosen backend with the best
 * known tree as a hint; if its optimal integer solution is not connected, the cuts it violates are added
 * and the MILP is solved again. A shortest-path heuristic (Takahashi–Matsuyama, then MST + pruning) gives
 * the first incumbent and is re-run after every LP round on costs discounted by the LP values; every
 * LP round's value is already a lower bound (fewer cuts only relax the model), and with integral costs
 * it is rounded up, which often proves optimality without any MILP. Before all this, non-terminal nodes of degree one are removed repeatedly.
 *
 * <p><b>Around the MILP</b> (issue 21; {@link Options#reduce()}, on by default): the reduction tests of
 * {@link Reduction}, Wong's dual ascent ({@link DualAscent}: a bound, heuristic trees from its reduced
 * costs with local search, reduced-cost fixing, its cuts as the LP's first rows), the reductions
 * again, and then the dynamic program ({@link SteinerDp}) when the terminals are few
 * ({@link Method#AUTO}), else the model above on the reduced graph. The tree is mapped back through the
 * reduction log. {@link #solve} also reports what each phase removed and how long it took
 * (docs/algorithms.md, "exact-steiner").
 *
 * <p>Results: {@link SolveStatus#OPTIMAL} with the optimum, or at the time limit
 * {@link SolveStatus#FEASIBLE} with the best tree and the proven lower bound (so the gap is shown).
 * Native code is loaded only when a model is solved.
 */
public final class ExactSteinerDesigner implements TreeDesigner {
    private static final double EPS = 1e-6;
    /**
     * LP reduced-cost fixing in the cutting-plane loop: on (system property {@code ddam.steiner.lpfix=false}
     * turns it off, for comparisons). It was off for a while because PACE instance141 was reported optimal
     * at 2,200,559 (optimum 2,200,557); the cause was the MILP's default relative gap, not the fixing (see
     * {@link Solve#exactMipParameters}): no arc of the optimal tree had been fixed.
     */
    static final boolean LP_REDUCED_COST_FIXING = !"false".equals(System.getProperty("ddam.steiner.lpfix"));
    /** Arcs fixed by the LP's reduced costs since the class was loaded (for tests). */
    static final java.util.concurrent.atomic.AtomicLong LP_FIXED_ARCS = new java.util.concurrent.atomic.AtomicLong();
    /** Tests only: fixes arcs whose bound is this much below the incumbent too (a weakened, invalid test). */
    static volatile double fixingSlackForTests;
    /** Tests only: the MILP's relative gap (0 in production; a weakened run sets e.g. 1e-3). */
    static volatile double mipRelativeGapForTests;
    /** Prints every LP round to standard error (system property {@code ddam.steiner.trace}), for profiling. */
    private static final boolean TRACE = Boolean.getBoolean("ddam.steiner.trace");

    /** CPU time of the calling thread in nanoseconds, or -1 where the JVM does not measure it. */
    static long threadCpuNanos() {
        java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
        return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : -1;
    }
    /**
     * Terminals besides the first tried as dual ascent's root for reduced-cost fixing (system property
     * {@code ddam.steiner.daroots}; 0 by default: on SteinLib C13 it fixed 221 more edges but the solve
     * was no faster, on C18 it fixed none, in a run at a quarter of a core; not measured on the PACE sweep).
     */
    static final int EXTRA_DA_ROOTS = Integer.getInteger("ddam.steiner.daroots", 0);
    /**
     * Whether dual-ascent fixing with integral costs removes the edges of no tree cheaper than the
     * incumbent (rather than of no tree as cheap); {@code -Dddam.steiner.strictfix=false} for comparison.
     */
    /** Tests only: fixing this much further below the incumbent (wrong on purpose, to show the test can fail). */
    static volatile double strictSlackForTests;
    static volatile boolean STRICT_FIXING = !"false".equals(System.getProperty("ddam.steiner.strictfix"));

    /** Most terminals (the root included) for which {@link Method#AUTO} tries the sparse DP before the LP. */
    static final int SPARSE_DP_TERMINALS = Integer.getInteger("ddam.steiner.sparseterminals", 0);

    /** Share of the time left that the sparse DP gets before the LP takes over. */
    static final double SPARSE_DP_SHARE = Double.parseDouble(System.getProperty("ddam.steiner.sparseshare", "0.5"));

    /** Most labels the sparse DP stores (about 60 bytes each). */
    static final int SPARSE_DP_LABELS = Integer.getInteger("ddam.steiner.sparselabels", SparseSteinerDp.DEFAULT_MAX_LABELS);
    /** Cuts found per terminal and LP round before moving on (nested cuts). */
    private static final int NESTED_CUTS = 10;
    /** Most non-zeros of the optional rows x_a ≤ x(δ⁻(v)) ({@code Solve.buildBaseRows}). */
    private static final long OUT_NEEDS_IN_LIMIT = 2_000_000;
    /** Arcs above which the LP loop under a time limit runs on GLOP, which can be interrupted, not CLP. */
    private static final int GLOP_ARCS = 50_000;

    /** How the exact designer solves the (reduced) problem. */
    public enum Method {
        /** The dynamic program when its estimated work is small ({@link #DP_BUDGET}), else the directed-cut MILP. */
        AUTO,
        /** Always the directed-cut MILP with its cutting-plane loop. */
        DCUT,
        /** Always the dynamic program (fails if the problem has too many terminals for it). */
        DP;

        /**
         * The method named {@code name} (case-insensitive).
         *
         * @param name auto, dcut or dp
         * @return the method
         * @throws DdamInputException for any other name
         */
        public static Method parse(String name) {
            return switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "auto" -> AUTO;
                case "dcut" -> DCUT;
                case "dp" -> DP;
                default -> throw new DdamInputException("unknown method '" + name + "'; choose auto, dcut or dp");
            };
        }

        /**
         * The name as the command line spells it.
         *
         * @return auto, dcut or dp
         */
        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * Estimated elementary steps ({@link SteinerDp#cost}) up to which {@link Method#AUTO} takes the
     * dynamic program: about a second or two on one core.
     */
    public static final double DP_BUDGET = 1e9;

    /**
     * Immutable options: the MILP backend (SCIP by default), a time limit in seconds for the whole
     * solve (≤ 0 or infinite: none), solver threads (1; SCIP always runs with one), the method, and
     * whether the reduction tests run first.
     *
     * @param backend          the MILP solver OR-Tools runs
     * @param timeLimitSeconds wall-time limit for the whole solve in seconds; ≤ 0 or infinite for none
     * @param threads          solver threads, ≥ 1 (SCIP always uses one)
     * @param method           auto (default), dcut or dp
     * @param reduce           run the reduction tests and dual ascent first (default true)
     */
    public record Options(Backend backend, double timeLimitSeconds, int threads, Method method, boolean reduce) {
        /**
         * Validates the options.
         *
         * @param backend          the MILP solver, not {@code null}
         * @param timeLimitSeconds time limit in seconds, not NaN
         * @param threads          solver threads, ≥ 1
         * @param method           the method, not {@code null}
         * @param reduce           whether to reduce first
         * @throws DdamInputException if the time limit is NaN or threads &lt; 1
         */
        public Options {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(method, "method");
            if (Double.isNaN(timeLimitSeconds)) throw new DdamInputException("time limit is NaN");
            if (threads < 1) throw new DdamInputException("solver threads must be >= 1, got " + threads);
        }

        /**
         * Options with the automatic method and reductions on.
         *
         * @param backend          the MILP solver
         * @param timeLimitSeconds time limit in seconds
         * @param threads          solver threads
         */
        public Options(Backend backend, double timeLimitSeconds, int threads) { this(backend, timeLimitSeconds, threads, Method.AUTO, true); }

        /**
         * The command line's defaults ({@code ddam steiner --algorithm exact}): SCIP, 60 s per tree
         * ({@link StarMilpDesigner#DEFAULT_TIME_LIMIT_SECONDS}), one thread, automatic method, reductions on.
         *
         * @return the default options
         */
        public static Options defaults() { return new Options(Backend.SCIP, StarMilpDesigner.DEFAULT_TIME_LIMIT_SECONDS, 1); }

        /**
         * The same options with another backend.
         *
         * @param b the MILP solver
         * @return a copy with {@code backend = b}
         */
        public Options withBackend(Backend b) { return new Options(b, timeLimitSeconds, threads, method, reduce); }

        /**
         * The same options with another time limit.
         *
         * @param seconds wall-time limit for the whole solve; ≤ 0 or infinite for none
         * @return a copy with this limit
         */
        public Options withTimeLimit(double seconds) { return new Options(backend, seconds, threads, method, reduce); }

        /**
         * The same options with another thread count.
         *
         * @param t solver threads, ≥ 1
         * @return a copy with this thread count
         * @throws DdamInputException if {@code t} &lt; 1
         */
        public Options withThreads(int t) { return new Options(backend, timeLimitSeconds, t, method, reduce); }

        /**
         * The same options with another method.
         *
         * @param m auto, dcut or dp
         * @return a copy with this method
         */
        public Options withMethod(Method m) { return new Options(backend, timeLimitSeconds, threads, m, reduce); }

        /**
         * The same options with reductions on or off.
         *
         * @param r whether to reduce first
         * @return a copy
         */
        public Options withReduce(boolean r) { return new Options(backend, timeLimitSeconds, threads, method, r); }
    }

    /**
     * What one solve did, for the JSON and table reports (docs/formats.md, "ddam steiner").
     *
     * @param method            the method that solved the reduced problem: dcut, dp, or none (the reductions solved it)
     * @param nodesRemoved      original nodes removed by the reductions
     * @param edgesRemoved      original edges removed (deleted, merged or fixed) by the reductions
     * @param fixedCost         cost of the edges the reductions fixed into the tree
     * @param reducedNodes      nodes of the reduced problem
     * @param reducedEdges      edges of the reduced problem
     * @param reducedTerminals  terminals of the reduced problem
     * @param dualAscentBound   the dual-ascent lower bound on the original problem, NaN if not run
     * @param reduceSeconds     wall time of the reductions
     * @param dualAscentSeconds wall time of dual ascent and its reduced-cost fixing
     * @param lpSeconds         wall time of the LP cutting-plane loop
     * @param milpSeconds       wall time of the MILP rounds
     * @param dpSeconds         wall time of the dynamic program
     */
    public record Stats(String method, int nodesRemoved, int edgesRemoved, double fixedCost, int reducedNodes, int reducedEdges,
                        int reducedTerminals, double dualAscentBound, double reduceSeconds, double dualAscentSeconds,
                        double lpSeconds, double milpSeconds, double dpSeconds) {}

    /**
     * A solve's tree and what it took.
     *
     * @param design the tree, status, cost and bound, as {@link #design} returns them
     * @param stats  reductions, bounds and time per phase
     */
    public record Result(DesignedTree design, Stats stats) {}

    private final Options options;

    /** With {@link Options#defaults()}: SCIP, 60 s per tree, one thread. */
    public ExactSteinerDesigner() { this(Options.defaults()); }

    /**
     * A designer with the given options.
     *
     * @param options backend, time limit, threads
     */
    public ExactSteinerDesigner(Options options) { this.options = Objects.requireNonNull(options); }

    /**
     * The options this designer solves with.
     *
     * @return the options given to the constructor
     */
    public Options options() { return options; }

    @Override
    public String name() { return "exact-steiner"; }

    /** Largest total edge cost the exact solver takes: far below the MILP solvers' infinity (1e20), where objectives stay exact. */
    public static final double MAX_TOTAL_COST = 1e15;

    @Override
    public DesignedTree design(Network network, int root, int[] targets) {
        return design(network, root, targets, null);
    }

    /**
     * As {@link #design(Network, int, int[])}, with {@code hint} (a tree rooted at {@code root}
     * reaching every target, e.g. from KMB, or null) used as the first incumbent and MILP start.
     *
     * @param network the physical network
     * @param root    the tree's root (a terminal)
     * @param targets the other terminals (may contain the root)
     * @param hint    a starting tree rooted at {@code root} reaching every target, or {@code null}
     * @return the minimum-cost Steiner tree (status optimal) or, at the time limit, the best tree found
     *         (status feasible) with the proven lower bound
     * @throws DdamInputException if an index is not a node, a target is unreachable, the hint does not fit,
     *         or OR-Tools is not on the class path ({@link OrTools#require()})
     */
    public DesignedTree design(Network network, int root, int[] targets, RoutingTree hint) {
        return solve(network, root, targets, hint).design();
    }

    /**
     * As {@link #design(Network, int, int[], RoutingTree)}, with what the solve did: reductions,
     * method, bounds, time per phase.
     *
     * @param network the physical network
     * @param root    the tree's root (a terminal)
     * @param targets the other terminals (may contain the root)
     * @param hint    a starting tree rooted at {@code root} reaching every target, or {@code null}
     * @return the tree and the statistics
     * @throws DdamInputException as {@link #design(Network, int, int[], RoutingTree)}, or if the
     *         dynamic program is forced on a problem with too many terminals for it
     */
    public Result solve(Network network, int root, int[] targets, RoutingTree hint) {
        OrTools.require();   // before any OR-Tools class is touched: a clear error, not NoClassDefFoundError
        long t0 = System.nanoTime();
        int n = network.nodeCount();
        if (root < 0 || root >= n) throw new DdamInputException("root index " + root + " is not a node");
        for (int t : targets) if (t < 0 || t >= n) throw new DdamInputException("target index " + t + " is not a node");
        StarMilpDesigner.requireReachable(network, root, targets);
        if (!(network.totalCost() <= MAX_TOTAL_COST)) {
            throw new DdamInputException("the edge costs sum to " + network.totalCost() + ", beyond " + MAX_TOTAL_COST
                    + ", the range the MILP solvers handle exactly (they treat 1e20 as infinity); scale the costs down");
        }
        if (hint != null) {
            if (hint.root() != root || hint.network() != network) {
                throw new DdamInputException("the starting tree is rooted at " + network.describe(hint.root())
                        + ", not at " + network.describe(root));
            }
            hint.requireReaches(targets);
        }
        double limit = options.timeLimitSeconds();
        long deadline = limit > 0 && !Double.isInfinite(limit) ? t0 + (long) (limit * 1e9) : Long.MAX_VALUE;
        return new Pipeline(network, root, targets, hint, deadline, t0).run();
    }

    /** Reductions, then the DP or dual ascent and the MILP on the reduced problem, then the tree mapped back. */
    private final class Pipeline {
        final Network g;
        final int root;
        final int[] targets;
        final RoutingTree hint;
        final long deadline;
        final long t0;
        double reduceS, daS, lpS, milpS, dpS;
        double daBound = Double.NaN;
        double dpBound = Double.NaN;   // the sparse DP's lower bound when it ran out of time

        Pipeline(Network g, int root, int[] targets, RoutingTree hint, long deadline, long t0) {
            this.g = g;
            this.root = root;
            this.targets = targets;
            this.hint = hint;
            this.deadline = deadline;
            this.t0 = t0;
        }

        Result run() {
            SteinerProblem p = SteinerProblem.of(g, root, targets);
            if (!options.reduce()) {
                // The solver as it was: the MILP (or the DP if forced) on the whole graph.
                if (options.method() == Method.DP) return viaDp(p, null);
                Solve s = new Solve(g, root, targets, deadline, t0);
                DesignedTree d = s.run(hint);
                lpS = s.lpNanos / 1e9;
                milpS = s.milpNanos / 1e9;
                return new Result(d, stats("dcut", null));
            }
            long r0 = System.nanoTime();
            Reduction red = Reduction.reduce(p, Reduction.Tests.all(), null, deadline);
            reduceS = (System.nanoTime() - r0) / 1e9;
            SteinerProblem rp = red.reduced();
            if (rp.terminals().length <= 1) return finish(red, new int[0], SolveStatus.OPTIMAL, Double.NaN, "none");
            // Dual ascent: a bound, an incumbent from its saturated arcs (and from plain costs), local search,
            // then reduced-cost fixing against the incumbent and the reductions once more.
            long a0 = System.nanoTime();
            DualAscent da = DualAscent.run(rp, deadline);
            double lower = da.lowerBound();
            daBound = lower + red.fixedCost();
            int[] inc = SteinerHeuristic.fromEveryTerminal(rp, Math.min(deadline, System.nanoTime() + 1_000_000_000L));
            int[] viaDa = SteinerHeuristic.shortestPath(rp, da.edgeReducedCosts(), null);
            if (viaDa != null && rp.cost(viaDa) < rp.cost(inc)) inc = viaDa;
            inc = SteinerHeuristic.localSearch(rp, inc, Math.min(deadline, System.nanoTime() + 2_000_000_000L));
            double upper = rp.cost(inc);
            incumbent = red.expand(inc);
            if (upper <= roundUp(lower, rp) + 1e-9 * Math.max(1, upper)) {
                daS = (System.nanoTime() - a0) / 1e9;
                return finish(red, inc, SolveStatus.OPTIMAL, Double.NaN, "dual-ascent");
            }
            daS = (System.nanoTime() - a0) / 1e9;
            if (System.nanoTime() >= deadline) return finish(red, inc, SolveStatus.FEASIBLE, Double.NaN, "dual-ascent");
            // Dual ascent from a few more roots fixes more edges (each root's test is valid on its own),
            // within a tenth of the time left.
            long fixDeadline = deadline == Long.MAX_VALUE ? System.nanoTime() + 2_000_000_000L
                    : System.nanoTime() + (deadline - System.nanoTime()) / 10;
            // With integral costs every tree cheaper than the incumbent costs at most upper - 1, so an edge
            // whose bound exceeds that is in no cheaper tree and goes (the incumbent itself may go with it;
            // from here on the bounds are valid for the cheaper trees only and are capped at the incumbent).
            strict = STRICT_FIXING && roundUp(0.5, rp) != 0.5;
            DualAscent.MultiRoot multi = da.fixableFromRoots(strict ? upper - 1 - strictSlackForTests + 1e-6 : upper, EXTRA_DA_ROOTS, fixDeadline);
            boolean[] fix = multi.fixable();
            daBound = Math.max(daBound, multi.lowerBound() + red.fixedCost());
            if (upper <= roundUp(multi.lowerBound(), rp) + 1e-9 * Math.max(1, upper)) {
                daS = (System.nanoTime() - a0) / 1e9;
                return finish(red, inc, SolveStatus.OPTIMAL, Double.NaN, "dual-ascent");
            }
            daS = (System.nanoTime() - a0) / 1e9;
            upperOriginal = upper + red.fixedCost();
            if (strict && !connectsTerminals(rp, fix)) {
                // No tree cheaper than the incumbent is left: it is optimal.
                return finish(red, inc, SolveStatus.OPTIMAL, Double.NaN, "dual-ascent");
            }
            long r1 = System.nanoTime();
            Reduction red2 = Reduction.reduce(rp, Reduction.Tests.all(), fix, deadline);
            reduceS += (System.nanoTime() - r1) / 1e9;
            Chain chain = new Chain(red, red2);
            SteinerProblem rp2 = red2.reduced();
            if (rp2.terminals().length <= 1) return chain.finish(new int[0], SolveStatus.OPTIMAL, Double.NaN, "none");
            boolean dp = options.method() == Method.DP
                    || (options.method() == Method.AUTO && SteinerDp.cost(rp2) <= DP_BUDGET);
            // Beyond the budget but within memory, AUTO still gives the pruned DP half of the time left (its
            // pruning is hard to predict; with the 1-tree bound it proved PACE 105 and 109, 16 terminals, in
            // 11-23 s, where the LP loop needs 40-60 s), then falls back to the MILP.
            // At most 16 terminals: with 17 on SteinLib C04's 27-node reduced graph the DP took 16 s where the
            // LP needs milliseconds.
            boolean tryDense = !dp && options.method() == Method.AUTO && SteinerDp.cost(rp2) < Double.POSITIVE_INFINITY
                    && rp2.terminals().length <= 16;
            // More terminals than the dense tables hold: the sparse DP for a share of the time.
            boolean trySparse = !dp && !tryDense && options.method() == Method.AUTO
                    && rp2.terminals().length <= SPARSE_DP_TERMINALS;
            boolean tryDp = tryDense || trySparse;
            if (dp && SteinerDp.cost(rp2) == Double.POSITIVE_INFINITY && rp2.terminals().length > SparseSteinerDp.MAX_TERMINALS) {
                return viaDp(rp2, red2);   // too many terminals for either program: the error message
            }
            if (dp || tryDp) {
                long d0 = System.nanoTime();
                long dpDeadline = dp || deadline == Long.MAX_VALUE ? deadline
                        : d0 + (long) ((deadline - d0) * (tryDense ? 0.5 : SPARSE_DP_SHARE));
                // Both programs seek only trees cheaper than the incumbent (the reductions keep every such
                // tree), so finding none proves the incumbent optimal.
                boolean dense = (dp || tryDense) && SteinerDp.cost(rp2) < Double.POSITIVE_INFINITY;
                SparseSteinerDp.Result r = dense ? SteinerDp.search(rp2, upper - red2.fixedCost(), dpDeadline)
                        : SparseSteinerDp.search(rp2, upper - red2.fixedCost(), dpDeadline, SPARSE_DP_LABELS);
                SteinerDp.Tree t = r.tree();
                if (r.noneBetter()) {
                    dpS = (System.nanoTime() - d0) / 1e9;
                    return chain.finishIncumbent(SolveStatus.OPTIMAL, "dp");
                }
                if (t == null && !dense) dpBound = capped(r.lowerBound() + red2.fixedCost() + red.fixedCost());
                dpS = (System.nanoTime() - d0) / 1e9;
                if (TRACE) System.err.printf("steiner: DP on %d terminals, %d nodes: %s in %.2f s%n",
                        rp2.terminals().length, rp2.nodeCount(), t == null ? "no tree" : "optimal " + t.cost(), dpS);
                if (t != null) return chain.finish(t.edges(), SolveStatus.OPTIMAL, Double.NaN, "dp");
                // null: out of its time or labels (the terminals are connected and the optimum is never pruned).
                if (dp) return chain.finishIncumbent(SolveStatus.FEASIBLE, "dp");
            }
            if (options.method() == Method.DP) return viaDp(rp2, red2);
            if (System.nanoTime() >= deadline) return chain.finishIncumbent(SolveStatus.FEASIBLE, tryDp ? "dp" : "dual-ascent");
            Network rn = rp2.toNetwork();
            int[] rTargets = java.util.Arrays.copyOfRange(rp2.terminals(), 1, rp2.terminals().length);
            Solve s = new Solve(rn, 0, rTargets, deadline, t0);
            // Dual ascent once more on the final graph: its cuts start the LP (so the first LP bound is at
            // least the dual-ascent bound), and its incumbent-guided fixing already happened above.
            long a1 = System.nanoTime();
            DualAscent da2 = DualAscent.run(rp2, deadline);
            daBound = Math.max(daBound, capped(da2.lowerBound() + red2.fixedCost() + red.fixedCost()));
            s.initialCuts = da2.cuts();
            int[] inc2 = SteinerHeuristic.shortestPath(rp2, da2.edgeReducedCosts(), null);
            if (inc2 != null) s.startTree = inc2;
            // In the LP loop only the key-path moves: the node moves (an MST per candidate) on every LP-guided
            // tree took SteinLib C18 from 5.7 to 8.6-9.5 s of CPU; -Dddam.steiner.improver=full runs both.
            s.improver = "full".equals(System.getProperty("ddam.steiner.improver"))
                    ? tree -> SteinerHeuristic.localSearch(rp2, tree, Math.min(deadline, System.nanoTime() + 1_000_000_000L))
                    : tree -> SteinerHeuristic.keyPathExchange(rp2, tree, Math.min(deadline, System.nanoTime() + 1_000_000_000L));
            daS += (System.nanoTime() - a1) / 1e9;
            DesignedTree d = s.run(null);
            lpS = s.lpNanos / 1e9;
            milpS = s.milpNanos / 1e9;
            double bound = Double.isNaN(d.bound()) ? Double.NaN : capped(d.bound() + red2.fixedCost() + red.fixedCost());
            if (strict && d.status() != SolveStatus.OPTIMAL && (!Double.isNaN(bound) && bound >= upperOriginal - 1 + 1e-6
                    || daBound >= upperOriginal - 1 + 1e-6)) {
                // Every tree cheaper than the incumbent was kept and costs more than upper - 1: none exists.
                return chain.finishIncumbent(SolveStatus.OPTIMAL, "dcut");
            }
            return chain.finish(d.tree().edges(), d.status(), bound, "dcut");
        }

        int[] incumbent;   // a tree of the original problem from the heuristics, or null
        /** Whether dual-ascent fixing kept only trees cheaper than the incumbent (integral costs). */
        boolean strict;
        /** The incumbent's cost on the original problem (set before the fixing). */
        double upperOriginal = Double.POSITIVE_INFINITY;

        /**
         * A bound of the problem after strict fixing as a bound of the original: the optimum is the
         * smaller of the incumbent and the best tree left, so the bound is capped at the incumbent.
         */
        double capped(double b) { return strict ? Math.min(b, upperOriginal) : b; }

        /** Whether the terminals of {@code q} hang together without the {@code deleted} edges. */
        boolean connectsTerminals(SteinerProblem q, boolean[] deleted) {
            int n = q.nodeCount();
            int[] parent = new int[n];
            java.util.Arrays.fill(parent, -1);
            for (int e = 0; e < q.edgeCount(); e++) {
                if (deleted[e]) continue;
                int a = find(parent, q.edgeU()[e]), b = find(parent, q.edgeV()[e]);
                if (a != b) parent[a] = b;
            }
            int r = find(parent, q.terminals()[0]);
            for (int t : q.terminals()) if (find(parent, t) != r) return false;
            return true;
        }

        private static int find(int[] p, int x) {
            while (p[x] >= 0) x = p[x];
            return x;
        }

        double roundUp(double b, SteinerProblem q) {
            for (double c : q.cost()) if (c != Math.rint(c)) return b;
            return Math.ceil(b - 1e-6);
        }

        /** Two reductions in a row: the second reduces the first's result. */
        final class Chain {
            final Reduction first, second;

            Chain(Reduction first, Reduction second) { this.first = first; this.second = second; }

            Result finish(int[] edges, SolveStatus status, double bound, String method) {
                int[] mid = second.expand(edges);
                if (mid == null) throw new IllegalStateException("a reduced tree does not map back to a Steiner tree");
                int[] orig = first.expand(mid);
                if (orig == null) throw new IllegalStateException("a reduced tree does not map back to a Steiner tree");
                return finishOriginal(first.original(), orig, status, bound, method, this);
            }

            Result finishIncumbent(SolveStatus status, String method) {
                return finishOriginal(first.original(), incumbent, status, Double.NaN, method, this);
            }
        }

        Result viaDp(SteinerProblem rp, Reduction red) {
            if (SteinerDp.cost(rp) == Double.POSITIVE_INFINITY) {
                throw new DdamInputException("the dynamic program cannot take " + rp.terminals().length + " terminals on "
                        + rp.nodeCount() + " nodes (at most " + SteinerDp.MAX_LABELS + " labels 2^(k-1)·n); use --method dcut or auto");
            }
            long d0 = System.nanoTime();
            int[] heur = SteinerHeuristic.shortestPath(rp);
            SteinerDp.Tree t = SteinerDp.solve(rp, heur == null ? Double.POSITIVE_INFINITY : rp.cost(heur), deadline);
            dpS = (System.nanoTime() - d0) / 1e9;
            if (t == null) {
                // Out of time: the heuristic tree, without a bound.
                return red == null ? finishOriginal(rp, heur, SolveStatus.FEASIBLE, Double.NaN, "dp")
                        : finish(red, heur, SolveStatus.FEASIBLE, Double.NaN, "dp");
            }
            return red == null ? finishOriginal(rp, t.edges(), SolveStatus.OPTIMAL, Double.NaN, "dp")
                    : finish(red, t.edges(), SolveStatus.OPTIMAL, Double.NaN, "dp");
        }

        /** The reduced problem's tree (edges of {@code red.reduced()}) mapped back to the network. */
        Result finish(Reduction red, int[] reducedEdges, SolveStatus status, double bound, String method) {
            int[] edges = red.expand(reducedEdges);
            if (edges == null) throw new IllegalStateException("a reduced tree does not map back to a Steiner tree");
            return finishOriginal(red.original(), edges, status, bound, method, red);
        }

        Result finishOriginal(SteinerProblem p, int[] edges, SolveStatus status, double bound, String method, Chain c) {
            Result r = finishOriginal(p, edges, status, bound, method, c.first);
            Stats s = r.stats();
            SteinerProblem last = c.second.reduced();
            return new Result(r.design(), new Stats(method, g.nodeCount() - last.nodeCount(), g.edgeCount() - last.edgeCount(),
                    c.first.fixedCost() + c.second.fixedCost(), last.nodeCount(), last.edgeCount(), last.terminals().length,
                    s.dualAscentBound(), s.reduceSeconds(), s.dualAscentSeconds(), s.lpSeconds(), s.milpSeconds(), s.dpSeconds()));
        }

        Result finishOriginal(SteinerProblem p, int[] edges, SolveStatus status, double bound, String method) {
            return finishOriginal(p, edges, status, bound, method, (Reduction) null);
        }

        Result finishOriginal(SteinerProblem p, int[] edges, SolveStatus status, double bound, String method, Reduction red) {
            RoutingTree tree = RoutingTree.fromEdges(g, root, edges).pruneTo(targets);
            double cost = tree.cost();
            if (incumbent != null) {
                // The heuristics' tree (before reduced-cost fixing) may beat a time-limited solve.
                RoutingTree h = RoutingTree.fromEdges(g, root, incumbent).pruneTo(targets);
                if (h.cost() < cost - 1e-9) { tree = h; cost = h.cost(); }
            }
            if (hint != null && status != SolveStatus.OPTIMAL) {
                RoutingTree h = hint.pruneTo(targets);
                if (h.cost() < cost) { tree = h; cost = h.cost(); }
            }
            double b = status == SolveStatus.OPTIMAL ? cost : bound;
            if (!Double.isNaN(daBound) && status != SolveStatus.OPTIMAL) b = Double.isNaN(b) ? daBound : Math.max(b, daBound);
            if (!Double.isNaN(dpBound) && status != SolveStatus.OPTIMAL) b = Double.isNaN(b) ? dpBound : Math.max(b, dpBound);
            return new Result(new DesignedTree(tree, status, cost, b, System.nanoTime() - t0), stats(method, red));
        }

        Stats stats(String method, Reduction red) {
            return new Stats(method, red == null ? 0 : red.nodesRemoved(), red == null ? 0 : red.edgesRemoved(),
                    red == null ? 0 : red.fixedCost(), red == null ? g.nodeCount() : red.reduced().nodeCount(),
                    red == null ? g.edgeCount() : red.reduced().edgeCount(),
                    red == null ? targetsWithRoot() : red.reduced().terminals().length, daBound, reduceS, daS, lpS, milpS, dpS);
        }

        int targetsWithRoot() { return SteinerProblem.of(g, root, targets).terminals().length; }
    }

    /** One solve: the reduced graph, the cut pool, the incumbent and the bound. */
    private final class Solve {
        final Network g;
        final int root;
        final int[] targets;
        final boolean[] terminal;
        final int[] terminals;       // all terminals except the root
        final boolean[] alive;       // nodes kept by the reductions
        final boolean[] arcUsable;   // arc a = 2e (u→v) / 2e+1 (v→u) may be in the arborescence
        final long deadline;
        final long t0;
        final boolean integralCosts;
        final List<Row> rows = new ArrayList<>();  // base rows, then cuts
        final Set<BitSet> cutSeen = new HashSet<>();
        int cutCount;
        int[] bestEdges;
        long lpNanos, milpNanos;
        List<int[]> initialCuts = List.of();   // arcs of known valid cuts (from dual ascent)
        int[] startTree;                       // a first incumbent's edges, or null
        java.util.function.UnaryOperator<int[]> improver;   // local search on a tree's edges, or null
        double bestCost = Double.POSITIVE_INFINITY;
        double lowerBound = Double.NEGATIVE_INFINITY;

        Solve(Network g, int root, int[] targets, long deadline, long t0) {
            this.g = g;
            this.root = root;
            this.targets = targets.clone();
            this.deadline = deadline;
            this.t0 = t0;
            int n = g.nodeCount();
            terminal = new boolean[n];
            terminal[root] = true;
            for (int t : targets) terminal[t] = true;
            terminals = java.util.stream.IntStream.range(0, n).filter(v -> terminal[v] && v != root).toArray();
            boolean integral = true;
            for (int e = 0; e < g.edgeCount(); e++) integral &= g.cost(e) == Math.rint(g.cost(e));
            integralCosts = integral;
            alive = reduce();
            arcUsable = new boolean[2 * g.edgeCount()];
            for (int e = 0; e < g.edgeCount(); e++) {
                int u = g.edgeU(e), v = g.edgeV(e);
                if (!alive[u] || !alive[v]) continue;
                arcUsable[2 * e] = v != root;
                arcUsable[2 * e + 1] = u != root;
            }
        }

        DesignedTree run(RoutingTree hint) {
            if (terminals.length == 0) {
                return new DesignedTree(RoutingTree.fromEdges(g, root, new int[0]), SolveStatus.OPTIMAL, 0, 0,
                        System.nanoTime() - t0);
            }
            offer(heuristicTree());
            if (hint != null) offer(hint.pruneTo(targets).edges());
            if (startTree != null) offer(startTree);
            if (!provenOptimal() && timeLeft()) {
                buildBaseRows();
                for (int[] cut : initialCuts) {
                    BitSet b = new BitSet(arcUsable.length);
                    for (int a : cut) if (arcUsable[a]) b.set(a);
                    addCut(b);
                }
                long l0 = System.nanoTime();
                // GLOP for the largest LPs under a time limit: CLP cannot be interrupted, and its CPU-time
                // limit let a 81,000-column LP (PACE instance161) end 3 s late on a 20 s limit.
                int arcs = 0;
                for (boolean u : arcUsable) if (u) arcs++;
                lpInterruptible = deadline != Long.MAX_VALUE && arcs > GLOP_ARCS;
                cuttingPlanes();
                lpNanos = System.nanoTime() - l0;
            }
            long m0 = System.nanoTime();
            // An LP round that ran out of its time means the MILP, whose root is the same LP after a presolve
            // that cannot be interrupted promptly, has no chance in the time left: on the dense PACE instances
            // (81,000 arcs) SCIP then overran a 60 s limit by 20-47 s. The tree and the bound so far are kept.
            boolean mipOptimal = provenOptimal() || (!lpCutShort && solveMip());
            milpNanos = System.nanoTime() - m0;
            RoutingTree tree = RoutingTree.fromEdges(g, root, bestEdges).pruneTo(targets);
            if (TRACE) { StringBuilder sb = new StringBuilder("BEST " + bestCost + " root " + root + " arcs"); for (int e : bestEdges) sb.append(' ').append(e).append(':').append(g.edgeU(e)).append('-').append(g.edgeV(e)); System.err.println(sb); }
            SolveStatus status = mipOptimal || provenOptimal() ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE;
            double bound = status == SolveStatus.OPTIMAL ? bestCost : lowerBound;
            if (bound == Double.NEGATIVE_INFINITY) bound = Double.NaN;
            return new DesignedTree(tree, status, bestCost, bound, System.nanoTime() - t0);
        }

        /**
         * Whether the incumbent is at the lower bound: for integral costs the bound rounded up, else within
         * a relative 1e-9 (floating-point noise of the MILP's dual bound, far below any MIP gap).
         */
        boolean provenOptimal() {
            return bestCost <= roundBound(lowerBound) + (integralCosts ? EPS : Math.max(EPS, 1e-9 * Math.abs(bestCost)));
        }

        /**
         * Parameters for the MILP: relative gap 0 (the OR-Tools default, 1e-4, lets the backend call a tree
         * optimal that is up to 0.01 % above the optimum). The bound, not the status, decides optimality.
         */
        MPSolverParameters exactMipParameters() {
            MPSolverParameters p = new MPSolverParameters();
            if (OrTools.acceptsMipGap(options.backend())) p.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, mipRelativeGapForTests);
            return p;
        }

        double roundBound(double b) { return integralCosts ? Math.ceil(b - 1e-6) : b; }

        boolean timeLeft() { return System.nanoTime() < deadline; }

        /** Whether the LP loop runs on GLOP (wall-time limit, interruptible) rather than CLP (CPU-time limit). */
        boolean lpInterruptible;
        /**
         * Whether an LP round stopped unsolved (GLOP at its wall-time limit, or CLP at its limit with less than
         * twice that round's time left): then no MILP is started.
         */
        boolean lpCutShort;

        /** Time to build the LP's first model (variables, base rows, dual-ascent cuts); 0 before it is built. */
        long buildNanos;

        /**
         * Whether a solve may still start: at least twice the model's build time must be left, because
         * the solver copies the model and factorises it before it first looks at its time limit or an
         * interruption (on PACE instance163, 81,000 columns, that took the run 5.7 s past a 20 s limit).
         */
        boolean timeFor(long build) { return deadline == Long.MAX_VALUE || deadline - System.nanoTime() > 2 * build; }

        long millisLeft() { return deadline == Long.MAX_VALUE ? -1 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000); }

        private long cpuMark = threadCpuNanos(), wallMark = System.nanoTime();
        private double cpuShare = 1;

        /**
         * The wall-time budget {@code ms} as CLP's time limit, which counts process CPU time: on a shared
         * machine the CPU clock runs slower than the wall clock (at a third of its speed with six busy
         * threads per core), so a CLP solve given the wall time left overran it by 2–3× (issue 21). The
         * share is this thread's CPU time over wall time since the previous call (the thread computes all
         * the time, CLP runs in it, and the process clock CLP reads only runs faster), in [0.05, 1], with
         * 20 % to spare.
         */
        long cpuMillis(long ms) {
            long cpu = threadCpuNanos(), wall = System.nanoTime();
            if (cpu >= 0 && wall - wallMark > 50_000_000L) {
                cpuShare = Math.max(0.05, Math.min(1, (double) (cpu - cpuMark) / (wall - wallMark)));
                cpuMark = cpu;
                wallMark = wall;
            }
            return Math.max(1, (long) (ms * 0.8 * cpuShare));
        }

        /**
         * {@code s.solve()}, with {@link MPSolver#interruptSolve()} called at the deadline by a watchdog:
         * the backends that can be interrupted (GLOP, SCIP) then stop even where their own time limit is
         * checked too rarely (SCIP's presolve, GLOP's factorisation).
         */
        MPSolver.ResultStatus solveWithin(MPSolver s) { return solveWithin(s, null); }

        /** As {@link #solveWithin(MPSolver)}, with solver parameters (null: the defaults). */
        MPSolver.ResultStatus solveWithin(MPSolver s, MPSolverParameters params) {
            return OrTools.solveWithin(s, params, deadline);
        }

        static String treeKey(int[] edges) {
            int[] k = edges.clone();
            Arrays.sort(k);
            return Arrays.toString(k);
        }

        /** Trees (sorted edge lists) the improver has already run on. */
        final Set<String> improved = new HashSet<>();

        /** Keeps the tree (pruned to the terminals) if it is the cheapest so far; it must reach all terminals. */
        void offer(int[] treeEdges) {
            int[] edges = RoutingTree.fromEdges(g, root, treeEdges).pruneTo(targets).edges();
            double c = 0;
            for (int e : edges) c += g.cost(e);
            // Each tree is improved once: the LP-guided heuristic returns the same tree round after round
            // once the LP settles, and its local search (up to a second) was most of C18's LP phase.
            if (improver != null && c < bestCost * 1.05 && !provenOptimal() && improved.add(treeKey(edges))) {
                // Local search on promising trees only (within 5% of the best): each pass costs O(n·m log n).
                int[] better = improver.apply(edges);
                double bc = 0;
                for (int e : better) bc += g.cost(e);
                if (bc < c) { edges = RoutingTree.fromEdges(g, root, better).pruneTo(targets).edges(); c = bc; }
            }
            if (c < bestCost - 1e-9) {
                bestCost = c;
                bestEdges = edges.clone();
            }
        }

        // ------------------------------------------------------------------ reductions

        /** Nodes of the root's component, then non-terminals of degree ≤ 1 removed until none is left. */
        boolean[] reduce() {
            int n = g.nodeCount();
            int[] comp = g.components();
            boolean[] keep = new boolean[n];
            int[] deg = new int[n];
            for (int v = 0; v < n; v++) keep[v] = comp[v] == comp[root];
            int[] stack = new int[n];
            int top = 0;
            for (int v = 0; v < n; v++) {
                if (!keep[v]) continue;
                for (int k = g.adjacencyStart(v); k < g.adjacencyStart(v + 1); k++) if (keep[g.adjacentNode(k)]) deg[v]++;
                if (deg[v] <= 1 && !terminal[v]) stack[top++] = v;
            }
            while (top > 0) {
                int v = stack[--top];
                if (!keep[v]) continue;
                keep[v] = false;
                for (int k = g.adjacencyStart(v); k < g.adjacencyStart(v + 1); k++) {
                    int u = g.adjacentNode(k);
                    if (keep[u] && --deg[u] <= 1 && !terminal[u]) stack[top++] = u;
                }
            }
            return keep;
        }

        // ------------------------------------------------------------------ model rows

        /** A row lo ≤ Σ coef·x_arc ≤ hi over arc variables, with its name. */
        record Row(String name, int[] arcs, double[] coef, double lo, double hi) {}

        /** The arc leaving {@code v} at adjacency position k. */
        int outArc(int v, int k) {
            int e = g.adjacentEdge(k);
            return g.edgeU(e) == v ? 2 * e : 2 * e + 1;
        }

        void buildBaseRows() {
            double inf = Double.POSITIVE_INFINITY;
            // x_a ≤ x(δ⁻(v)) for every arc a out of a Steiner node v has Σ_v out(v)·(in(v)+1) non-zeros: on a
            // dense graph (PACE instance161: 640 nodes, 40,896 edges, 10 M non-zeros) building them took longer
            // than the LP. They only tighten the relaxation, so above OUT_NEEDS_IN_LIMIT they are left out.
            long nnz = 0;
            for (int v = 0; v < g.nodeCount(); v++) {
                if (!alive[v] || terminal[v]) continue;
                long d = g.adjacencyStart(v + 1) - g.adjacencyStart(v);
                nnz += d * (d + 1);
            }
            boolean outNeedsIn = nnz <= OUT_NEEDS_IN_LIMIT;
            for (int v = 0; v < g.nodeCount(); v++) {
                if (!alive[v] || v == root) continue;
                List<Integer> in = new ArrayList<>(), out = new ArrayList<>();
                for (int k = g.adjacencyStart(v); k < g.adjacencyStart(v + 1); k++) {
                    int a = outArc(v, k);
                    if (arcUsable[a]) out.add(a);
                    if (arcUsable[a ^ 1]) in.add(a ^ 1);
                }
                int[] inA = in.stream().mapToInt(Integer::intValue).toArray();
                // in-degree: every terminal is entered once, a Steiner node at most once
                rows.add(new Row("in-degree[v=" + g.id(v) + "]", inA, ones(inA.length), terminal[v] ? 1 : 0, 1));
                if (terminal[v]) continue;
                // flow balance: a Steiner node that is entered is also left (no Steiner leaves) ...
                int[] both = new int[inA.length + out.size()];
                double[] coef = new double[both.length];
                for (int i = 0; i < inA.length; i++) { both[i] = inA[i]; coef[i] = 1; }
                for (int i = 0; i < out.size(); i++) { both[inA.length + i] = out.get(i); coef[inA.length + i] = -1; }
                rows.add(new Row("balance[v=" + g.id(v) + "]", both, coef, -inf, 0));
                // ... and is left only if it is entered
                if (!outNeedsIn) continue;
                for (int a : out) {
                    int[] arcs = Arrays.copyOf(inA, inA.length + 1);
                    arcs[inA.length] = a;
                    double[] c = ones(arcs.length);
                    c[inA.length] = -1;
                    rows.add(new Row("out-needs-in[a=" + arcName(a) + "]", arcs, c, 0, inf));
                }
            }
            // 2-cycles: an edge is used in one direction at most
            for (int e = 0; e < g.edgeCount(); e++) {
                if (arcUsable[2 * e] && arcUsable[2 * e + 1]) {
                    rows.add(new Row("2-cycle[e=" + g.id(g.edgeU(e)) + "-" + g.id(g.edgeV(e)) + "]",
                            new int[] {2 * e, 2 * e + 1}, new double[] {1, 1}, -inf, 1));
                }
            }
        }

        static double[] ones(int k) {
            double[] o = new double[k];
            Arrays.fill(o, 1);
            return o;
        }

        String arcName(int a) {
            int e = a >> 1;
            int from = (a & 1) == 0 ? g.edgeU(e) : g.edgeV(e);
            return g.id(from) + "->" + g.id(g.opposite(e, from));
        }

        /** Adds x(cut) ≥ 1 to the pool unless the same arc set is already there; true if new. */
        boolean addCut(BitSet cutArcs) {
            if (cutArcs.isEmpty() || !cutSeen.add(cutArcs)) return false;
            int[] arcs = cutArcs.stream().toArray();
            rows.add(new Row("cut[" + (cutCount++) + "]", arcs, ones(arcs.length), 1, Double.POSITIVE_INFINITY));
            return true;
        }

        /** Creates the variables and the rows from {@code firstRow} on in {@code s}; returns the variables by arc. */
        MPVariable[] addVariables(MPSolver s, boolean integer) {
            MPVariable[] x = new MPVariable[arcUsable.length];
            MPObjective obj = s.objective();
            for (int a = 0; a < arcUsable.length; a++) {
                if (!arcUsable[a]) continue;
                x[a] = s.makeVar(0, 1, integer, "x[" + arcName(a) + "]");
                obj.setCoefficient(x[a], g.cost(a >> 1));
            }
            obj.setMinimization();
            return x;
        }

        /**
         * Adds rows {@code from} on to {@code s}, leaving out arcs fixed to 0 ({@code x[a] == null}); a row
         * that needs ≥ 1 of arcs that are all fixed sets {@link #noBetterTree} (no tree below the bound the
         * arcs were fixed against exists).
         */
        void addRows(MPSolver s, MPVariable[] x, int from) {
            double inf = MPSolver.infinity();
            for (int r = from; r < rows.size(); r++) {
                Row row = rows.get(r);
                int live = 0;
                for (int a : row.arcs()) if (x[a] != null) live++;
                if (live == 0) {
                    if (row.lo() > 0) noBetterTree = true;
                    continue;
                }
                MPConstraint c = s.makeConstraint(Double.isInfinite(row.lo()) ? -inf : row.lo(),
                        Double.isInfinite(row.hi()) ? inf : row.hi(), row.name());
                for (int i = 0; i < row.arcs().length; i++) {
                    if (x[row.arcs()[i]] != null) c.setCoefficient(x[row.arcs()[i]], row.coef()[i]);
                }
            }
        }

        /** Cost below which every tree avoids the arcs fixed by reduced costs (+∞ before any fixing). */
        double fixedAgainst = Double.POSITIVE_INFINITY;
        /** Set when the rows cannot be met without a fixed arc: no tree costs less than {@link #fixedAgainst}. */
        boolean noBetterTree;

        /**
         * A bound {@code b} of the model with fixed arcs as a bound of the whole problem: a tree using a
         * fixed arc costs at least {@link #fixedAgainst}, any other at least {@code b}.
         */
        double globalBound(double b) { return Math.min(b, fixedAgainst); }

        /**
         * Reduced-cost fixing on an optimal LP of value {@code z}: a tree using arc a costs at least
         * z + rc_a (LP duality, a at its lower bound 0), so an arc with z + rc_a at or above the incumbent
         * (rounded up for integral costs) is in no cheaper tree and leaves the model. Returns the count.
         */
        int fixByReducedCost(MPVariable[] x, double z) {
            if (bestCost == Double.POSITIVE_INFINITY) return 0;
            int fixed = 0;
            for (int a = 0; a < x.length; a++) {
                if (x[a] == null) continue;
                double rc = x[a].reducedCost();
                if (!(rc > 0)) continue;
                // Slack for the LP's tolerances (relative 1e-7 on the value, 1e-5 on the arc's cost).
                double b = z + rc - 1e-7 * Math.max(1, Math.abs(z)) - 1e-5 * Math.max(1, g.cost(a >> 1));
                if (integralCosts ? Math.ceil(b) >= bestCost - fixingSlackForTests : b > bestCost - fixingSlackForTests) {
                    arcUsable[a] = false;
                    fixed++;
                    if (TRACE) System.err.printf("FIX arc %d (edge %d cost %s) z %.6f rc %.6f b %.6f best %s ub %s%n", a, a >> 1, g.cost(a >> 1), z, rc, b, bestCost, x[a].ub());
                }
            }
            if (fixed > 0) fixedAgainst = Math.min(fixedAgainst, bestCost);
            LP_FIXED_ARCS.addAndGet(fixed);
            return fixed;
        }

        // ------------------------------------------------------------------ LP cutting planes

        /** Wall time of the latest LP round (0 before the first). */
        long lastRoundNanos;

        /**
         * Whether a CLP round that takes as long as the previous one ({@code lastRound} ns of wall time),
         * with half again to spare for the rows added since, ends before the deadline.
         */
        boolean clpRoundFits(long lastRound) {
            return deadline == Long.MAX_VALUE || deadline - System.nanoTime() > lastRound + lastRound / 2;
        }

        void cuttingPlanes() {
            long b0 = System.nanoTime();
            MPSolver lp = OrTools.createLpSolver(lpInterruptible);
            try {
                MPVariable[] x = addVariables(lp, false);
                int usable = 0;
                for (MPVariable v : x) if (v != null) usable++;
                int added = 0;
                double[] val = new double[arcUsable.length];
                while (timeLeft()) {
                    addRows(lp, x, added);
                    added = rows.size();
                    if (noBetterTree) {
                        lowerBound = Math.max(lowerBound, fixedAgainst);
                        break;
                    }
                    if (buildNanos == 0) buildNanos = System.nanoTime() - b0;
                    if (!timeFor(buildNanos)) break;
                    if (!lpInterruptible && !clpRoundFits(lastRoundNanos)) {
                        // CLP cannot be interrupted and its CPU-time limit trails the wall clock on a loaded
                        // machine: a round that would not finish in time is not started (PACE 123, 147, 151
                        // and 157 ran 5-13 s past a 60 s limit at load 8-10). The MILP (SCIP, which is
                        // interrupted at the deadline) gets the time left.
                        break;
                    }
                    long ms = millisLeft();
                    // CLP counts process CPU time, GLOP wall time (and can also be interrupted).
                    if (ms > 0) lp.setTimeLimit(lpInterruptible ? ms : cpuMillis(ms));
                    long q0 = System.nanoTime();
                    MPSolver.ResultStatus rs = solveWithin(lp);
                    lastRoundNanos = System.nanoTime() - q0;
                    if (TRACE) System.err.printf("lp round: %d arcs, %d rows, %d cuts, %s in %.3f s, value %s, best %s%n", usable, rows.size(), cutCount, rs,
                            (System.nanoTime() - q0) / 1e9, rs == MPSolver.ResultStatus.OPTIMAL ? lp.objective().value() : Double.NaN, bestCost);
                    if (rs == MPSolver.ResultStatus.INFEASIBLE && fixedAgainst < Double.POSITIVE_INFINITY) {
                        // Infeasible only through fixed arcs (the model without them has the incumbent).
                        lowerBound = Math.max(lowerBound, fixedAgainst);
                        break;
                    }
                    if (rs != MPSolver.ResultStatus.OPTIMAL) {
                        // Only GLOP's limit is wall time: CLP stops at a CPU-time estimate that on a loaded
                        // machine can leave half the time unused, which the MILP then gets (skipping it there
                        // lost PACE 107, 111 and 139 in a sweep).
                        // A CLP round stopped at its limit still skips the MILP when less than twice that round's
                        // wall time is left: the MILP's root is the same LP, and on PACE instance199 (10,000
                        // edges) SCIP started with 35 s left after a 24.5 s CLP round and ran 20 s past a 60 s
                        // limit in a sweep.
                        lpCutShort = rs != MPSolver.ResultStatus.INFEASIBLE
                                && (lpInterruptible || deadline - System.nanoTime() < 2 * lastRoundNanos);
                        break;
                    }
                    for (int a = 0; a < val.length; a++) val[a] = x[a] == null ? 0 : x[a].solutionValue();
                    double z = lp.objective().value();
                    // With only some of the cuts the LP is still a relaxation, so every round's value is a lower bound.
                    lowerBound = Math.max(lowerBound, globalBound(z));
                    if (!timeLeft()) break;
                    lpGuidedHeuristic(val);
                    if (provenOptimal()) break;
                    int fixed = LP_REDUCED_COST_FIXING ? fixByReducedCost(x, z) : 0;
                    if (fixed > 0 && fixed >= usable / 50) {
                        // CLP solves every round from scratch anyway: a smaller model is simply faster.
                        usable -= fixed;
                        lp.delete();
                        lp = OrTools.createLpSolver(lpInterruptible);
                        x = addVariables(lp, false);
                        added = 0;
                    } else if (fixed > 0) {
                        for (int a = 0; a < x.length; a++) if (x[a] != null && !arcUsable[a]) x[a].setUb(0);
                        usable -= fixed;
                    }
                    int before = cutCount;
                    long s0 = System.nanoTime();
                    separate(val);
                    if (TRACE) System.err.printf("  heuristic+fixing %.3f s, separation %.3f s%n", (s0 - q0) / 1e9, (System.nanoTime() - s0) / 1e9);
                    if (cutCount == before) break; // no violated cut: the LP optimum is the DCUT bound
                }
            } finally {
                lp.delete();
            }
        }

        /**
         * Finds directed cuts violated by {@code val}: for each terminal, max-flow from the root; a flow
         * below 1 gives the source-side and the sink-side minimum cut; the cut arcs are then raised to
         * capacity 1 and the search repeated (nested cuts).
         */
        void separate(double[] val) {
            MaxFlow mf = new MaxFlow();
            for (int t : terminals) {
                if (!timeLeft()) return;
                double[] cap = val.clone();
                for (int round = 0; round < NESTED_CUTS; round++) {
                    double f = mf.run(cap, t);
                    if (f >= 1 - EPS) break;
                    BitSet src = mf.cutFromSourceSide();
                    BitSet snk = mf.cutFromSinkSide(t);
                    addCut(src);
                    addCut(snk);
                    for (int a = src.nextSetBit(0); a >= 0; a = src.nextSetBit(a + 1)) cap[a] = 1;
                    for (int a = snk.nextSetBit(0); a >= 0; a = snk.nextSetBit(a + 1)) cap[a] = 1;
                }
            }
        }

        /** Dinic's max-flow on the usable arcs, stopped as soon as one unit has been routed. */
        final class MaxFlow {
            final int n = g.nodeCount();
            final double[] residual = new double[arcUsable.length]; // residual capacity of arc a
            final int[] level = new int[n];
            final int[] iter = new int[n];
            final int[] queue = new int[n];

            double run(double[] cap, int sink) {
                for (int a = 0; a < residual.length; a++) residual[a] = 0;
                // The residual of arc a starts at its capacity; pushing on a adds to the residual of a^1
                // on top of that arc's own capacity (both directions of an edge are real arcs).
                for (int a = 0; a < residual.length; a++) if (arcUsable[a]) residual[a] = Math.max(0, cap[a]);
                double flow = 0;
                while (flow < 1 - EPS && bfs(sink)) {
                    for (int v = 0; v < n; v++) iter[v] = g.adjacencyStart(v);
                    double pushed;
                    while (flow < 1 - EPS && (pushed = dfs(root, sink, 1 - flow)) > 1e-12) flow += pushed;
                }
                return flow;
            }

            boolean bfs(int sink) {
                Arrays.fill(level, -1);
                int head = 0, tail = 0;
                queue[tail++] = root;
                level[root] = 0;
                while (head < tail) {
                    int u = queue[head++];
                    for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                        int a = outArc(u, k);
                        int v = g.adjacentNode(k);
                        if (alive[v] && level[v] < 0 && residual[a] > 1e-9) {
                            level[v] = level[u] + 1;
                            queue[tail++] = v;
                        }
                    }
                }
                return level[sink] >= 0;
            }

            double dfs(int u, int sink, double want) {
                if (u == sink) return want;
                for (; iter[u] < g.adjacencyStart(u + 1); iter[u]++) {
                    int k = iter[u];
                    int a = outArc(u, k);
                    int v = g.adjacentNode(k);
                    if (residual[a] > 1e-9 && level[v] == level[u] + 1) {
                        double d = dfs(v, sink, Math.min(want, residual[a]));
                        if (d > 1e-12) {
                            residual[a] -= d;
                            residual[a ^ 1] += d;
                            return d;
                        }
                    }
                }
                return 0;
            }

            /** Usable arcs leaving the set of nodes reachable from the root in the residual graph. */
            BitSet cutFromSourceSide() {
                boolean[] inS = new boolean[n];
                int head = 0, tail = 0;
                queue[tail++] = root;
                inS[root] = true;
                while (head < tail) {
                    int u = queue[head++];
                    for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                        int v = g.adjacentNode(k);
                        if (alive[v] && !inS[v] && residual[outArc(u, k)] > 1e-9) { inS[v] = true; queue[tail++] = v; }
                    }
                }
                return arcsLeaving(inS);
            }

            /** Usable arcs entering the set of nodes that reach {@code sink} in the residual graph. */
            BitSet cutFromSinkSide(int sink) {
                boolean[] inT = new boolean[n];
                int head = 0, tail = 0;
                queue[tail++] = sink;
                inT[sink] = true;
                while (head < tail) {
                    int v = queue[head++];
                    for (int k = g.adjacencyStart(v); k < g.adjacencyStart(v + 1); k++) {
                        int u = g.adjacentNode(k);
                        int a = outArc(v, k) ^ 1; // u→v
                        if (alive[u] && !inT[u] && residual[a] > 1e-9) { inT[u] = true; queue[tail++] = u; }
                    }
                }
                boolean[] inS = new boolean[n];
                for (int v = 0; v < n; v++) inS[v] = alive[v] && !inT[v];
                return arcsLeaving(inS);
            }

            BitSet arcsLeaving(boolean[] inS) {
                BitSet cut = new BitSet(arcUsable.length);
                for (int u = 0; u < n; u++) {
                    if (!inS[u]) continue;
                    for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                        int a = outArc(u, k);
                        if (arcUsable[a] && !inS[g.adjacentNode(k)]) cut.set(a);
                    }
                }
                return cut;
            }
        }

        // ------------------------------------------------------------------ MILP rounds

        /** Solves the MILP with the cut pool until its optimum is a tree; true when that proves optimality. */
        boolean solveMip() {
            while (timeLeft()) {
                // The MILP's root is the last LP round's LP: with less time left than that round took, SCIP
                // only answers its interrupt late (PACE instance171: started with 2 s left, ended 2.4 s over).
                if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() < lastRoundNanos) break;
                MPSolver mip = OrTools.createSolver(options.backend(), options.threads());
                try {
                    if (!timeFor(buildNanos)) break;
                    MPVariable[] x = addVariables(mip, true);
                    addRows(mip, x, 0);
                    if (noBetterTree) {
                        lowerBound = Math.max(lowerBound, fixedAgainst);
                        return provenOptimal();
                    }
                    if (OrTools.acceptsHints(options.backend())) hint(mip, x);
                    if (!timeFor(buildNanos)) break;
                    long ms = millisLeft();
                    if (ms > 0) mip.setTimeLimit(ms);
                    MPSolver.ResultStatus rs = solveWithin(mip, exactMipParameters());
                    if (rs == MPSolver.ResultStatus.OPTIMAL || rs == MPSolver.ResultStatus.FEASIBLE) {
                        // The MILP is a relaxation (it has only some cuts), so its bound is a valid lower bound.
                        // Its dual bound, never its value: "OPTIMAL" means within the backend's MIP gap, which
                        // OR-Tools sets to 1e-4 relative by default (210 on PACE instance141, where a tree 2
                        // above the optimum was reported optimal that way).
                        lowerBound = Math.max(lowerBound, globalBound(mip.objective().bestBound()));
                        double[] val = new double[arcUsable.length];
                        for (int a = 0; a < val.length; a++) val[a] = x[a] == null ? 0 : Math.rint(x[a].solutionValue());
                        int[] treeEdges = arborescence(val);
                        if (treeEdges != null) {
                            offer(treeEdges);
                            return provenOptimal();
                        }
                        int before = cutCount;
                        separate(val);
                        if (cutCount == before) return provenOptimal(); // cannot happen for an integral non-tree
                    } else {
                        // Infeasible only through arcs fixed by reduced costs: no tree is cheaper than the incumbent.
                        if (rs == MPSolver.ResultStatus.INFEASIBLE && fixedAgainst < Double.POSITIVE_INFINITY) {
                            lowerBound = Math.max(lowerBound, fixedAgainst);
                        }
                        return provenOptimal();
                    }
                } finally {
                    mip.delete();
                }
            }
            return provenOptimal();
        }

        /** The best tree so far as a complete MILP start: its arcs oriented away from the root. */
        void hint(MPSolver s, MPVariable[] x) {
            if (bestEdges == null) return;
            RoutingTree t = RoutingTree.fromEdges(g, root, bestEdges);
            double[] val = new double[arcUsable.length];
            for (int v : t.nodes()) {
                if (v == root) continue;
                int e = t.parentEdge(v);
                val[g.edgeV(e) == v ? 2 * e : 2 * e + 1] = 1;
            }
            List<MPVariable> vars = new ArrayList<>();
            List<Double> vals = new ArrayList<>();
            for (int a = 0; a < x.length; a++) {
                if (x[a] == null) continue;
                vars.add(x[a]);
                vals.add(val[a]);
            }
            s.setHint(vars.toArray(new MPVariable[0]), vals.stream().mapToDouble(Double::doubleValue).toArray());
        }

        /** The edges of an integral solution if they form a tree from the root reaching every terminal, else null. */
        int[] arborescence(double[] val) {
            int n = g.nodeCount();
            boolean[] seen = new boolean[n];
            int[] queue = new int[n];
            int head = 0, tail = 0;
            queue[tail++] = root;
            seen[root] = true;
            List<Integer> edges = new ArrayList<>();
            while (head < tail) {
                int u = queue[head++];
                for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                    int a = outArc(u, k);
                    if (val[a] < 0.5) continue;
                    int v = g.adjacentNode(k);
                    if (seen[v]) return null;
                    seen[v] = true;
                    edges.add(a >> 1);
                    queue[tail++] = v;
                }
            }
            for (int t : terminals) if (!seen[t]) return null;
            return edges.stream().mapToInt(Integer::intValue).toArray();
        }

        // ------------------------------------------------------------------ heuristic

        /**
         * Shortest-path heuristic (Takahashi–Matsuyama) from the root on the reduced graph by cost, then a
         * minimum spanning tree of the chosen nodes with non-terminal leaves pruned: a good first incumbent.
         */
        int[] heuristicTree() {
            double[] w = new double[g.edgeCount()];
            for (int e = 0; e < w.length; e++) w[e] = g.cost(e);
            return heuristicTree(w);
        }

        /**
         * The same heuristic guided by an LP solution: edge e weighs c_e·(1 − max(x_uv, x_vu)), so edges the
         * LP likes are nearly free; the result is then evaluated and kept by its true cost.
         */
        void lpGuidedHeuristic(double[] val) {
            double[] w = new double[g.edgeCount()];
            for (int e = 0; e < w.length; e++) w[e] = g.cost(e) * (1 - Math.min(1, Math.max(val[2 * e], val[2 * e + 1]))) + 1e-9;
            offer(heuristicTree(w));
        }

        int[] heuristicTree(double[] weight) {
            int n = g.nodeCount();
            boolean[] inTree = new boolean[n];
            inTree[root] = true;
            double[] dist = new double[n];
            int[] via = new int[n];
            int remaining = terminals.length;
            while (remaining > 0) {
                Arrays.fill(dist, Double.POSITIVE_INFINITY);
                Arrays.fill(via, -1);
                PriorityQueue<double[]> pq = new PriorityQueue<>((p, q) -> Double.compare(p[0], q[0]));
                for (int v = 0; v < n; v++) if (inTree[v]) { dist[v] = 0; pq.add(new double[] {0, v}); }
                int hit = -1;
                while (!pq.isEmpty()) {
                    double[] top = pq.poll();
                    int u = (int) top[1];
                    if (top[0] > dist[u]) continue;
                    if (terminal[u] && !inTree[u]) { hit = u; break; }
                    for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                        int v = g.adjacentNode(k);
                        if (!alive[v]) continue;
                        double d = dist[u] + weight[g.adjacentEdge(k)];
                        if (d < dist[v]) { dist[v] = d; via[v] = g.adjacentEdge(k); pq.add(new double[] {d, v}); }
                    }
                }
                for (int v = hit; !inTree[v]; v = g.opposite(via[v], v)) {
                    inTree[v] = true;
                    if (terminal[v]) remaining--;
                }
            }
            return mstPruned(inTree);
        }

        /** Prim's MST on the subgraph induced by {@code nodes} (connected), then non-terminal leaves pruned. */
        int[] mstPruned(boolean[] nodes) {
            int n = g.nodeCount();
            boolean[] done = new boolean[n];
            double[] key = new double[n];
            int[] parentEdge = new int[n];
            Arrays.fill(key, Double.POSITIVE_INFINITY);
            Arrays.fill(parentEdge, -1);
            PriorityQueue<double[]> pq = new PriorityQueue<>((p, q) -> Double.compare(p[0], q[0]));
            key[root] = 0;
            pq.add(new double[] {0, root});
            while (!pq.isEmpty()) {
                double[] top = pq.poll();
                int u = (int) top[1];
                if (done[u]) continue;
                done[u] = true;
                for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                    int v = g.adjacentNode(k);
                    double c = g.cost(g.adjacentEdge(k));
                    if (nodes[v] && !done[v] && c < key[v]) { key[v] = c; parentEdge[v] = g.adjacentEdge(k); pq.add(new double[] {c, v}); }
                }
            }
            return RoutingTree.fromParentEdges(g, root, parentEdge).pruneTo(targets).edges();
        }
    }
}
