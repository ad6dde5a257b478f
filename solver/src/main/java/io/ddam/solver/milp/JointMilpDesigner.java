package io.ddam.solver.milp;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.OrTools.Backend;
import io.ddam.solver.tree.JointDesign;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.JointProblem;
import io.ddam.solver.tree.JointTreeDesigner;
import io.ddam.solver.tree.LoadBounds;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeDesign;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Designer {@code joint}: all N routing trees in one OR-Tools MILP that minimises the busiest link's
 * time per iteration, C_max = max_e load_e / κ_e, under a budget on the total delay (docs/algorithms.md,
 * "The joint congestion MILP", gives the formulation equation by equation; the constraint groups below
 * carry the same names J-1 … J-6).
 *
 * <p>Per root n a single-commodity flow f^n carries one unit from n to every m ∈ W_n ∖ {n}; on a tree the
 * flow on an arc is the number of targets below it, so Σ_arcs f·delay = Σ_m τ̃_{n,m} and the unicast load
 * of an edge is 2·Σ_n (flow on its two arcs). Binary arc choices y^n with in-degree ≤ 1 make each flow's
 * support an arborescence rooted at n; the aggregate load of an edge is 2·Σ_n (y^n on its two arcs).
 * The objective is C (optionally C + λ·Σ τ̃), with Σ_n Σ_m τ̃_{n,m} ≤ (1+ε)·D*, D* the shortest-path optimum.
 * Arcs whose reduced delay exceeds the slack ε·D* cannot lie on any tree path within budget and are left
 * out; at ε = 0 only the shortest-path DAG of each root remains, which makes the budget automatic.
 *
 * <p>Beside the MILP it reports lower bounds on the objective: the LP relaxation of the same model
 * (solved separately, y continuous) and the cut bounds of {@link LoadBounds}, and the solver's own
 * bound at the end. The starting solution is the {@link JointHeuristicDesigner}'s trees (which start from
 * the shortest-path trees), so the answer is never worse than the heuristic's; if the solver finds
 * nothing better within the time limit the heuristic's trees are returned with status feasible.
 */
public final class JointMilpDesigner implements JointTreeDesigner {
    /** The name used on the command line. */
    public static final String NAME = "joint";

    /** How the joint problem is solved. */
    public enum Method {
        /** The compact MILP where it is small and has no delay slack (fast there), column generation elsewhere. */
        AUTO,
        /** The compact flow MILP (J-0 … J-6). */
        COMPACT,
        /** Dantzig–Wolfe decomposition with column generation (DW-1 … DW-3). */
        COLGEN;

        /**
         * Parses a command-line name.
         *
         * @param name auto, compact or colgen (any case)
         * @return the method
         * @throws DdamInputException for any other name
         */
        public static Method parse(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "compact" -> COMPACT;
                case "colgen" -> COLGEN;
                default -> throw new DdamInputException("unknown --method '" + name + "'; choose auto, compact or colgen");
            };
        }

        /** @return the command-line name */
        public String cliName() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * Largest number of compact-model arc variables (Σ_n allowed arcs of n) for which {@link Method#AUTO}
     * picks the compact MILP at ε = 0; above it, or with any delay slack, it picks column generation.
     */
    public static final long AUTO_COMPACT_ARCS = 150_000;

    /** Which trees seed the solver. */
    public enum Start {
        /** No starting solution. */
        NONE,
        /** The shortest-path trees. */
        SPT,
        /** The joint heuristic's trees (default; they start from the shortest-path trees). */
        HEURISTIC
    }

    /**
     * Immutable options.
     *
     * @param backend          the MILP solver (SCIP by default)
     * @param timeLimitSeconds wall-time limit of the MILP solve; ≤ 0 or infinite for none
     * @param transport        whose loads to minimise
     * @param delaySlack       ε ≥ 0 of the delay budget, or infinite for none
     * @param lambda           λ ≥ 0 of the objective C + λ·Σ τ̃
     * @param start            the starting solution
     * @param lpBound          whether to solve the LP relaxation for a bound (compact method)
     * @param method           compact MILP, column generation, or chosen by size ({@link Method#AUTO})
     * @param threads          threads for column generation's pricing (the answer is the same for any count)
     */
    public record Options(Backend backend, double timeLimitSeconds, Transport transport, double delaySlack, double lambda,
                          Start start, boolean lpBound, Method method, int threads) {
        /**
         * Validates.
         *
         * @param backend          the backend
         * @param timeLimitSeconds the time limit
         * @param transport        the transport
         * @param delaySlack       ε
         * @param lambda           λ
         * @param start            the start
         * @param lpBound          whether to compute the LP bound
         * @param method           the method
         * @param threads          pricing threads, ≥ 1
         * @throws DdamInputException if ε or λ is negative or NaN, λ infinite, the time limit NaN, or threads &lt; 1
         */
        public Options {
            Objects.requireNonNull(method, "method");
            if (threads < 1) throw new DdamInputException("--threads must be >= 1, not " + threads);
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(start, "start");
            if (Double.isNaN(timeLimitSeconds)) throw new DdamInputException("time limit is NaN");
            if (!(delaySlack >= 0)) throw new DdamInputException("--delay-slack must be >= 0, not " + delaySlack);
            if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new DdamInputException("--lambda must be a finite number >= 0, not " + lambda);
        }

        /**
         * SCIP, 60 s, unicast, ε = 0, λ = 0, heuristic start, LP bound on: the command line's defaults.
         *
         * @return the defaults
         */
        public static Options defaults() { return new Options(Backend.SCIP, 60, Transport.UNICAST, 0, 0, Start.HEURISTIC, true, Method.AUTO, 1); }

        /**
         * With another backend.
         *
         * @param b the backend
         * @return a copy
         */
        public Options withBackend(Backend b) { return new Options(b, timeLimitSeconds, transport, delaySlack, lambda, start, lpBound, method, threads); }

        /**
         * With another time limit.
         *
         * @param s seconds; ≤ 0 or infinite for none
         * @return a copy
         */
        public Options withTimeLimit(double s) { return new Options(backend, s, transport, delaySlack, lambda, start, lpBound, method, threads); }

        /**
         * With another transport.
         *
         * @param t the transport
         * @return a copy
         */
        public Options withTransport(Transport t) { return new Options(backend, timeLimitSeconds, t, delaySlack, lambda, start, lpBound, method, threads); }

        /**
         * With another delay slack.
         *
         * @param eps ε ≥ 0 or infinite
         * @return a copy
         */
        public Options withDelaySlack(double eps) { return new Options(backend, timeLimitSeconds, transport, eps, lambda, start, lpBound, method, threads); }

        /**
         * With another delay weight.
         *
         * @param l λ ≥ 0
         * @return a copy
         */
        public Options withLambda(double l) { return new Options(backend, timeLimitSeconds, transport, delaySlack, l, start, lpBound, method, threads); }

        /**
         * With another starting solution.
         *
         * @param s the start
         * @return a copy
         */
        public Options withStart(Start s) { return new Options(backend, timeLimitSeconds, transport, delaySlack, lambda, s, lpBound, method, threads); }

        /**
         * With the LP bound on or off.
         *
         * @param on whether to solve the LP relaxation
         * @return a copy
         */
        public Options withLpBound(boolean on) { return new Options(backend, timeLimitSeconds, transport, delaySlack, lambda, start, on, method, threads); }

        /**
         * With another method.
         *
         * @param m compact, colgen or auto
         * @return a copy
         */
        public Options withMethod(Method m) { return new Options(backend, timeLimitSeconds, transport, delaySlack, lambda, start, lpBound, m, threads); }

        /**
         * With another pricing thread count.
         *
         * @param t threads ≥ 1
         * @return a copy
         */
        public Options withThreads(int t) { return new Options(backend, timeLimitSeconds, transport, delaySlack, lambda, start, lpBound, method, t); }
    }

    private final Options options;

    /** With {@link Options#defaults()}. */
    public JointMilpDesigner() { this(Options.defaults()); }

    /**
     * With the given options.
     *
     * @param options backend, time limit, transport, ε, λ, start, LP bound
     */
    public JointMilpDesigner(Options options) { this.options = Objects.requireNonNull(options); }

    /**
     * The options.
     *
     * @return the options given to the constructor
     */
    public Options options() { return options; }

    @Override
    public String name() { return NAME; }

    @Override
    public JointDesign design(Network network, InterestMatrix interest) {
        return design(network, interest, null);
    }

    /**
     * As {@link #design(Network, InterestMatrix)}, also offering {@code warm} (e.g. the trees of a smaller
     * delay slack, which fit every larger budget) as a starting solution: the solver starts from whichever
     * of it and the configured start has the lower objective and fits the budget.
     *
     * @param network  the physical network
     * @param interest W
     * @param warm     trees of a previous design on the same network and W, or {@code null}
     * @return the trees with C_max, bounds, status and time
     * @throws DdamInputException as {@link #design(Network, InterestMatrix)}
     */
    public JointDesign design(Network network, InterestMatrix interest, TreeDesign warm) {
        long t0 = System.nanoTime();
        JointProblem p = JointProblem.of(network, interest);
        // Before any switch in this class: javac's switch-map class for it also maps MPSolver.ResultStatus,
        // whose initialiser calls native code.
        OrTools.ensureLoaded();
        long slack = p.slackSteps(options.delaySlack());
        boolean colgen = chooseColumnGeneration(p, slack);
        // Column generation builds the shortest-path trees itself, one root at a time (null start = those).
        int[][] start = switch (options.start()) {
            case NONE -> null;
            case SPT -> colgen ? null : p.shortestPathParents();
            // The heuristic's rounds grow with N·|E|; past a few thousand nodes column generation starts from shortest paths.
            case HEURISTIC -> colgen && network.nodeCount() > COLGEN_HEURISTIC_NODES ? null : new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults()
                    .withTransport(options.transport()).withDelaySlack(options.delaySlack()).withLambda(options.lambda()))
                    .improve(p, p.shortestPathParents(), shareOfLimit(t0, colgen ? COLGEN_START_SHARE : START_SHARE));
        };
        if (warm != null) {
            int[][] w = new int[network.nodeCount()][];
            for (int r = 0; r < w.length; r++) w[r] = p.parentsOf(warm.tree(r));
            long delay = warm.metrics().totalTauSum() / 2;
            boolean fits = slack == Long.MAX_VALUE || delay <= p.shortestDelaySum() + slack;
            if (fits && (start == null || objective(p, w) < objective(p, start))) start = w;
        }
        if (colgen) return new JointColumnGeneration(options, options.threads()).design(p, start, t0);
        Map<String, Double> bounds = new LinkedHashMap<>();
        bounds.put("cut", LoadBounds.objectiveBound(p, options.transport(), options.lambda()));
        if (options.lpBound()) {
            // At most half of what is left of the limit: unbounded, it overran a 60 s limit by 6 s on a loaded machine (200 nodes).
            double limit = options.timeLimitSeconds();
            double lpSeconds = limit > 0 && !Double.isInfinite(limit) ? Math.max(1, 0.5 * (limit - (System.nanoTime() - t0) / 1e9)) : 0;
            double lp = lpRelaxation(p, options.transport(), options.delaySlack(), options.lambda(), lpSeconds);
            if (!Double.isNaN(lp)) bounds.put("lp", lp);
        }
        if (start != null) {
            // A bound already meets the start: it is optimal, and building and solving the MILP would add nothing.
            double obj = objective(p, start), best = Double.NEGATIVE_INFINITY;
            for (double b : bounds.values()) if (!Double.isNaN(b)) best = Math.max(best, b);
            if (obj <= JointColumnGeneration.roundUp(best, network, options.lambda()) + 1e-9 * Math.max(1, obj)) {
                return new JointDesign(p.toDesign(NAME, start, SolveStatus.OPTIMAL), options.transport(), SolveStatus.OPTIMAL,
                        options.delaySlack(), options.lambda(), p.shortestDelaySum(), bounds, System.nanoTime() - t0);
            }
        }

        long tBuild = System.nanoTime();
        MPSolver solver = OrTools.createSolver(options.backend(), 1);
        try {
            Model m = buildModel(solver, p, slack, options.transport(), options.lambda(), false);
            if (start != null && OrTools.acceptsHints(options.backend())) applyHint(solver, m, p, start, options.transport());
            double limit = options.timeLimitSeconds();
            // The start and the LP bound count against the limit: the MILP gets what is left, less twice the time building
            // it took (the solver's clock starts after MPSolver has copied the model into it, which costs about as much
            // again, and the answer is read out after it), and at least a second.
            double buildSeconds = (System.nanoTime() - tBuild) / 1e9;
            double left = limit - (System.nanoTime() - t0) / 1e9 - 2 * buildSeconds;
            boolean limited = limit > 0 && !Double.isInfinite(limit);
            MPSolver.ResultStatus rs;
            if (limited && left < 1 && start != null) {
                rs = MPSolver.ResultStatus.NOT_SOLVED;   // no time for the solver: the start is the answer (below)
            } else {
                if (limited) solver.setTimeLimit(Math.max(1000, Math.round(left * 1000)));
                // The watchdog stops the solver at the limit (less a margin for reading the trees out) where its own clock,
                // checked between nodes, ran over on a loaded machine.
                long deadline = limited ? Math.max(System.nanoTime() + 1_000_000_000L, t0 + (long) ((limit - FINISH_MARGIN) * 1e9)) : Long.MAX_VALUE;
                rs = OrTools.solveWithin(solver, OrTools.exactGap(options.backend()), deadline);
            }
            SolveStatus status = switch (rs) {
                case OPTIMAL -> SolveStatus.OPTIMAL;
                case FEASIBLE -> SolveStatus.FEASIBLE;
                case INFEASIBLE -> SolveStatus.INFEASIBLE;
                default -> SolveStatus.NO_SOLUTION;
            };
            int[][] parents = status.hasTree() ? extract(m, p) : null;
            if (status.hasTree()) {
                double solverBound = status == SolveStatus.OPTIMAL ? solver.objective().value() : solver.objective().bestBound();
                // SCIP reports ±1e20 as its bound when it has none yet (stopped before the root LP finished).
                if (!Double.isNaN(solverBound) && Math.abs(solverBound) < 1e19) bounds.put("solver", solverBound);
            }
            if (parents == null || (start != null && objective(p, start) < objective(p, parents) - 1e-9)) {
                // Nothing (better) within the time limit: the start is a valid answer, and never worse.
                if (start == null) {
                    throw new DdamInputException("the joint MILP found no trees (" + status.label()
                            + (limit > 0 ? " within the " + limit + " s time limit" : "") + "); raise --time-limit or use joint-heuristic");
                }
                parents = start;
                if (status != SolveStatus.OPTIMAL) status = SolveStatus.FEASIBLE;
            }
            if (status == SolveStatus.FEASIBLE) {
                // Stopped at the limit, but a bound (the LP, a cut) may already meet the trees: then they are optimal.
                double obj = objective(p, parents), best = Double.NEGATIVE_INFINITY;
                for (double b : bounds.values()) if (!Double.isNaN(b)) best = Math.max(best, b);
                if (obj <= JointColumnGeneration.roundUp(best, network, options.lambda()) + 1e-9 * Math.max(1, obj)) status = SolveStatus.OPTIMAL;
            }
            TreeDesign d = p.toDesign(NAME, parents, status);
            return new JointDesign(d, options.transport(), status, options.delaySlack(), options.lambda(),
                    p.shortestDelaySum(), bounds, System.nanoTime() - t0);
        } finally {
            solver.delete();
        }
    }

    /** Seconds of the limit left, when a MILP is interrupted, for reading the trees out and building the design. */
    static final double FINISH_MARGIN = 0.5;

    /** Share of the time limit the heuristic start may use. */
    static final double START_SHARE = 0.25;
    /**
     * Share of the time limit the heuristic start may use before column generation, which finds integer trees of its
     * own (rounding, local search, re-routing): at 1,000 nodes the heuristic's quarter gave C_max 210 where they gave 46.
     */
    static final double COLGEN_START_SHARE = 0.1;

    /** The {@link System#nanoTime()} at which {@code share} of the time limit has passed since t0; MAX_VALUE without a limit. */
    long shareOfLimit(long t0, double share) {
        double limit = options.timeLimitSeconds();
        return limit > 0 && !Double.isInfinite(limit) ? t0 + (long) (share * limit * 1e9) : Long.MAX_VALUE;
    }

    /** Largest network on which column generation starts from the joint heuristic's trees (else from shortest paths). */
    static final int COLGEN_HEURISTIC_NODES = 2000;

    /**
     * Whether this problem goes to column generation: always for {@link Method#COLGEN}, never for
     * {@link Method#COMPACT}; for {@link Method#AUTO}, whenever the budget leaves slack (the compact model's
     * branching then stalls: a 39 % gap on the 149-node GtsCe at ε = 0.1) or the compact model would have more
     * than {@link #AUTO_COMPACT_ARCS} arc variables.
     */
    private boolean chooseColumnGeneration(JointProblem p, long slack) {
        return switch (options.method()) {
            case COLGEN -> true;
            case COMPACT -> false;
            case AUTO -> slack != 0 || compactArcsAbove(p, 0, AUTO_COMPACT_ARCS);
        };
    }

    /**
     * Whether the compact model (and so its LP relaxation) of {@code p} has more than {@code cap} arc variables with
     * the given delay slack; counted root by root, stopping once the cap is passed.
     *
     * @param p     the joint problem
     * @param slack the delay slack in the problem's delay steps ({@link JointProblem#slackSteps})
     * @param cap   the largest count that is not "above"
     * @return true when the arc variables number more than {@code cap}
     */
    public static boolean compactArcsAbove(JointProblem p, long slack, long cap) {
        long arcs = 0;
        for (int r = 0; r < p.size() && arcs <= cap; r++) if (p.targetCount(r) > 0) arcs += p.allowedArcs(r, slack).length;
        return arcs > cap;
    }

    /** C_max + λ·Σ τ̃ of parent-edge arrays, as the model measures it. */
    private double objective(JointProblem p, int[][] parents) {
        TreeDesign d = p.toDesign(NAME, parents, SolveStatus.FEASIBLE);
        var metrics = d.metrics().withTransport(options.transport());
        return metrics.cMax() + options.lambda() * (metrics.totalTauSum() / 2.0);
    }

    /**
     * The LP relaxation's optimum of the joint model (y continuous in [0, 1]): a lower bound on
     * C_max + λ·Σ τ̃ of any trees within the delay budget. For unicast loads it is the fractional
     * minimum-congestion flow, usually close to the optimum; for aggregate loads it is weak (y = f/k).
     * Other designers (the joint heuristic) use it to state their gap.
     *
     * @param p         the joint problem
     * @param transport whose loads
     * @param epsilon   ε of the delay budget, ≥ 0 or infinite
     * @param lambda    λ ≥ 0
     * @return the LP optimum, or NaN if the LP solver did not reach optimality
     */
    public static double lpRelaxation(JointProblem p, Transport transport, double epsilon, double lambda) {
        return lpRelaxation(p, transport, epsilon, lambda, 0);
    }

    /**
     * As {@link #lpRelaxation(JointProblem, Transport, double, double)}, stopped after a time limit.
     *
     * @param p         the joint problem
     * @param transport whose loads
     * @param epsilon   ε of the delay budget, ≥ 0 or infinite
     * @param lambda    λ ≥ 0
     * @param seconds   the LP solver's time limit, 0 for none
     * @return the LP optimum, or NaN if the LP solver did not reach optimality within the limit
     */
    public static double lpRelaxation(JointProblem p, Transport transport, double epsilon, double lambda, double seconds) {
        OrTools.ensureLoaded();
        long slack = p.slackSteps(epsilon);
        // With a limit, GLOP, whose limit is wall time: CLP counts its limit in CPU seconds, so on a loaded machine (a
        // third of a core) the bound's "half of the time left" can stretch to more than the whole limit.
        MPSolver lp = OrTools.createLpSolver(seconds > 0);
        try {
            buildModel(lp, p, slack, transport, lambda, true);
            if (seconds > 0) lp.setTimeLimit(Math.max(1, Math.round(seconds * 1000)));
            MPSolver.ResultStatus rs = OrTools.solveWithin(lp, null, seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE);
            return rs == MPSolver.ResultStatus.OPTIMAL ? lp.objective().value() : Double.NaN;
        } finally {
            lp.delete();
        }
    }

    /** The variables of the joint model; arcs as in {@link JointProblem} (2e: edgeU→edgeV, 2e+1 back). */
    private static final class Model {
        int[][] arcs;         // per root: the arcs it may use
        MPVariable[][] y;     // per root, per allowed arc: arc chosen
        MPVariable[][] f;     // per root, per allowed arc: targets below
        MPVariable c;         // C ≥ load_e / κ_e (in units of cScale)
        double cScale = 1;    // C = cScale · c
    }

    /**
     * Builds the joint model, one constraint group per equation of docs/algorithms.md, each constraint
     * named after its group and indices (node and edge ids as in the network).
     */
    private static Model buildModel(MPSolver solver, JointProblem p, long slack, Transport transport, double lambda,
                                    boolean relaxed) {
        Network g = p.network();
        int n = g.nodeCount();
        int edges = g.edgeCount();
        double inf = MPSolver.infinity();
        Model m = new Model();
        m.arcs = new int[n][];
        m.y = new MPVariable[n][];
        m.f = new MPVariable[n][];

        // ---- Variables: y^n_a ∈ {0,1}, 0 ≤ f^n_a ≤ |W_n∖{n}|, C ≥ 0
        for (int r = 0; r < n; r++) {
            int k = p.targetCount(r);
            m.arcs[r] = k == 0 ? new int[0] : p.allowedArcs(r, slack);
            m.y[r] = new MPVariable[m.arcs[r].length];
            m.f[r] = new MPVariable[m.arcs[r].length];
            for (int i = 0; i < m.arcs[r].length; i++) {
                String name = "[n=" + g.id(r) + "," + arcName(p, m.arcs[r][i]) + "]";
                m.y[r][i] = relaxed ? solver.makeNumVar(0, 1, "y" + name) : solver.makeBoolVar("y" + name);
                m.f[r][i] = solver.makeNumVar(0, k, "f" + name);
            }
        }
        // With λ = 0, C_max lives on a grid (multiples of gcd_e 2/κ_e, even integers for κ ≡ 1): the MILP writes
        // C = step·z with z integer, so the solver prunes every node whose bound rounds up to the incumbent.
        long step = relaxed ? 0 : JointColumnGeneration.cmaxStep(g, lambda);
        m.cScale = step > 0 ? step : 1;
        m.c = step > 0 ? solver.makeIntVar(0, inf, "C/" + step) : solver.makeNumVar(0, inf, "C");

        // ---- (J-0) minimise C (+ λ Σ_n Σ_a delay_a f^n_a = λ Σ_n Σ_m τ̃_{n,m})
        MPObjective obj = solver.objective();
        obj.setCoefficient(m.c, m.cScale);
        if (lambda > 0) {
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < m.arcs[r].length; i++) obj.setCoefficient(m.f[r][i], lambda * g.delay(m.arcs[r][i] >> 1));
            }
        }
        obj.setMinimization();

        int[][] arcIndex = new int[n][];
        for (int r = 0; r < n; r++) {
            if (p.targetCount(r) == 0) continue;
            int k = p.targetCount(r);
            int[] pos = new int[2 * edges];
            Arrays.fill(pos, -1);
            for (int i = 0; i < m.arcs[r].length; i++) pos[m.arcs[r][i]] = i;
            arcIndex[r] = pos;
            boolean[] target = new boolean[n];
            for (int t : p.targets(r)) target[t] = true;

            // ---- (J-1) flow conservation: net outflow k_n at the root, -1 at each target, 0 elsewhere
            for (int v = 0; v < n; v++) {
                double rhs = v == r ? k : target[v] ? -1 : 0;
                MPConstraint con = solver.makeConstraint(rhs, rhs, "J-1[n=" + g.id(r) + ",i=" + g.id(v) + "]");
                for (int q = g.adjacencyStart(v); q < g.adjacencyStart(v + 1); q++) {
                    int e = g.adjacentEdge(q);
                    int out = g.edgeU(e) == v ? 2 * e : 2 * e + 1;
                    if (pos[out] >= 0) con.setCoefficient(m.f[r][pos[out]], 1);
                    if (pos[out ^ 1] >= 0) con.setCoefficient(m.f[r][pos[out ^ 1]], -1);
                }
            }
            // ---- (J-2) flow only on chosen arcs: f^n_a ≤ k_n y^n_a
            for (int i = 0; i < m.arcs[r].length; i++) {
                MPConstraint con = solver.makeConstraint(-inf, 0, "J-2[n=" + g.id(r) + "," + arcName(p, m.arcs[r][i]) + "]");
                con.setCoefficient(m.f[r][i], 1);
                con.setCoefficient(m.y[r][i], -k);
            }
            // ---- (J-3) in-degree ≤ 1 at every node (no arc enters the root): each tree is an arborescence
            for (int v = 0; v < n; v++) {
                if (v == r) continue;
                MPConstraint con = null;
                for (int q = g.adjacencyStart(v); q < g.adjacencyStart(v + 1); q++) {
                    int e = g.adjacentEdge(q);
                    int in = g.edgeV(e) == v ? 2 * e : 2 * e + 1;
                    if (pos[in] < 0) continue;
                    if (con == null) con = solver.makeConstraint(-inf, 1, "J-3[n=" + g.id(r) + ",i=" + g.id(v) + "]");
                    con.setCoefficient(m.y[r][pos[in]], 1);
                }
            }
        }

        // ---- (J-4) delay budget Σ_n Σ_a delay_a f^n_a ≤ D* + slack. At slack 0 every allowed arc lies on a
        // shortest path, so every flow path is shortest and the budget holds by construction: not stated.
        if (slack > 0 && slack != Long.MAX_VALUE) {
            MPConstraint con = solver.makeConstraint(-inf, p.shortestDelaySum() + slack, "J-4");
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < m.arcs[r].length; i++) con.setCoefficient(m.f[r][i], g.delay(m.arcs[r][i] >> 1));
            }
        }

        // ---- (J-5) link load: unicast load_e = 2 Σ_n (f on e's arcs), aggregate load_e = 2 Σ_n (y on e's arcs);
        // ---- (J-6) C ≥ load_e / κ_e, written κ_e C − load_e ≥ 0
        for (int e = 0; e < edges; e++) {
            MPConstraint con = null;
            for (int r = 0; r < n; r++) {
                if (arcIndex[r] == null) continue;
                for (int a = 2 * e; a <= 2 * e + 1; a++) {
                    int i = arcIndex[r][a];
                    if (i < 0) continue;
                    if (con == null) {
                        con = solver.makeConstraint(0, inf, "J-6[e=" + g.id(g.edgeU(e)) + "-" + g.id(g.edgeV(e)) + "]");
                        con.setCoefficient(m.c, m.cScale * g.capacity(e));
                    }
                    MPVariable x = transport == Transport.UNICAST ? m.f[r][i] : m.y[r][i];
                    con.setCoefficient(x, -2);
                }
            }
        }
        return m;
    }

    /** A complete starting solution: y on tree arcs, f = targets below, C = the trees' C_max. */
    private static void applyHint(MPSolver solver, Model m, JointProblem p, int[][] parents, Transport transport) {
        Network g = p.network();
        int n = g.nodeCount();
        List<MPVariable> vars = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        long[] uni = new long[g.edgeCount()], agg = new long[g.edgeCount()];
        for (int r = 0; r < n; r++) {
            if (m.arcs[r].length == 0) continue;
            double[] below = new double[2 * g.edgeCount()];
            boolean[] used = new boolean[2 * g.edgeCount()];
            for (int t : p.targets(r)) {
                for (int v = t; v != r; ) {
                    int e = parents[r][v];
                    int u = g.opposite(e, v);
                    int a = g.edgeU(e) == u ? 2 * e : 2 * e + 1;
                    below[a] += 1;
                    used[a] = true;
                    v = u;
                }
            }
            for (int i = 0; i < m.arcs[r].length; i++) {
                int a = m.arcs[r][i];
                vars.add(m.y[r][i]);
                vals.add(used[a] ? 1.0 : 0.0);
                vars.add(m.f[r][i]);
                vals.add(below[a]);
            }
            for (int a = 0; a < below.length; a++) {
                uni[a >> 1] += 2 * (long) below[a];
                if (used[a]) agg[a >> 1] += 2;
            }
        }
        double c = 0;
        for (int e = 0; e < g.edgeCount(); e++) c = Math.max(c, (transport == Transport.UNICAST ? uni[e] : agg[e]) / g.capacity(e));
        vars.add(m.c);
        vals.add(c / m.cScale);
        solver.setHint(vars.toArray(new MPVariable[0]), vals.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Per root, the tree read from the solution: the chosen arc with flow into every node the flow reaches. */
    private static int[][] extract(Model m, JointProblem p) {
        Network g = p.network();
        int n = g.nodeCount();
        int[][] parents = new int[n][];
        for (int r = 0; r < n; r++) {
            int[] par = new int[n];
            Arrays.fill(par, -1);
            double[] inflow = new double[n];
            for (int i = 0; i < m.arcs[r].length; i++) {
                int a = m.arcs[r][i];
                double fl = m.f[r][i].solutionValue();
                if (fl > 0.5 && m.y[r][i].solutionValue() > 0.5 && fl > inflow[p.head(a)]) {
                    inflow[p.head(a)] = fl;
                    par[p.head(a)] = a >> 1;
                }
            }
            // A solution whose flow support is not a tree (possible only through numerical noise) is rejected.
            // Only the target paths are kept: a time-limited solution may also carry a circulation off them.
            int[] kept = new int[n];
            Arrays.fill(kept, -1);
            for (int t : p.targets(r)) {
                int v = t, steps = 0;
                while (v != r) {
                    if (par[v] < 0 || ++steps > n) return null;
                    kept[v] = par[v];
                    v = g.opposite(par[v], v);
                }
            }
            parents[r] = kept;
        }
        return parents;
    }

    private static String arcName(JointProblem p, int a) {
        Network g = p.network();
        return g.id(p.tail(a)) + "->" + g.id(p.head(a));
    }

    @Override
    public String toString() { return NAME + String.format(Locale.ROOT, "(%s, eps=%s)", options.transport(), options.delaySlack()); }
}
