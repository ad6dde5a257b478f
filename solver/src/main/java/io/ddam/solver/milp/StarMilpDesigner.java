package io.ddam.solver.milp;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.OrTools.Backend;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.TreeDesigner;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * DDAM-TOGD⋆'s tree designer: the delay-minimising tree MILP (E-1) of method.md §3.1, one model per
 * root n, solved with OR-Tools (SCIP by default). It minimises Σ_{w∈W_n} τ̃_{n,w}, the sum of tree-path
 * delays from n to its interest set, over all trees of the network that contain W_n.
 *
 * <p>The model is the paper's, equation by equation (see {@link #buildModel}); its optimum equals
 * Σ_{w∈W_n} dist_G(n, w), so the shortest-path tree solves the same problem exactly and much faster —
 * this designer exists to reproduce the paper's method and to cross-check. It has |W_n|·2|E| flow
 * variables: fine for networks up to about 100 nodes.
 *
 * <p>The model lets the tree carry nodes outside W_n at zero objective cost (v_i is free for them), so
 * an optimal solution may hang non-target leaves on the tree. With {@link Options#prune()} (the default)
 * the returned tree is pruned to W_n: repeatedly removing non-target leaves changes no root→w path, so
 * the objective is unchanged. Native code is loaded only when a model is actually solved.
 */
public final class StarMilpDesigner implements TreeDesigner {

    /**
     * Immutable solver options: backend (SCIP by default), time limit in seconds (≤ 0 or infinite: none),
     * solver threads (1; SCIP always runs with one), an optional designer whose tree is given to the
     * solver as a starting solution (e.g. the shortest-path tree), and whether to prune non-target leaves.
     *
     * @param backend          the MILP solver OR-Tools runs
     * @param timeLimitSeconds wall-time limit per root in seconds; ≤ 0 or infinite for none
     * @param threads          solver threads, ≥ 1 (SCIP always uses one)
     * @param startDesigner    a designer whose tree seeds the solver, or {@code null} for none
     * @param prune            whether to cut leaves that are not targets from the solver's tree
     */
    public record Options(Backend backend, double timeLimitSeconds, int threads, TreeDesigner startDesigner, boolean prune) {
        /**
         * Validates the options.
         *
         * @param backend          the MILP solver, not {@code null}
         * @param timeLimitSeconds time limit in seconds, not NaN
         * @param threads          solver threads, ≥ 1
         * @param startDesigner    a designer for a starting solution, or {@code null}
         * @param prune            whether to prune non-target leaves
         * @throws DdamInputException if the time limit is NaN or threads &lt; 1
         */
        public Options {
            Objects.requireNonNull(backend, "backend");
            if (Double.isNaN(timeLimitSeconds)) throw new DdamInputException("time limit is NaN");
            if (threads < 1) throw new DdamInputException("solver threads must be >= 1, got " + threads);
        }

        /**
         * The command line's defaults ({@code ddam trees --designer star}): SCIP, 60 s per tree, one thread,
         * the shortest-path tree as starting solution, pruned.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(Backend.SCIP, DEFAULT_TIME_LIMIT_SECONDS, 1, new ShortestPathTreeDesigner(), true);
        }

        /**
         * The same options with another backend.
         *
         * @param b the MILP solver
         * @return a copy with {@code backend = b}
         */
        public Options withBackend(Backend b) { return new Options(b, timeLimitSeconds, threads, startDesigner, prune); }

        /**
         * The same options with another time limit.
         *
         * @param seconds wall-time limit per root; ≤ 0 or infinite for none
         * @return a copy with this limit
         */
        public Options withTimeLimit(double seconds) { return new Options(backend, seconds, threads, startDesigner, prune); }

        /**
         * The same options with another thread count.
         *
         * @param t solver threads, ≥ 1
         * @return a copy with this thread count
         * @throws DdamInputException if {@code t} &lt; 1
         */
        public Options withThreads(int t) { return new Options(backend, timeLimitSeconds, t, startDesigner, prune); }

        /**
         * The same options with a designer for starting solutions.
         *
         * @param d e.g. {@link io.ddam.solver.tree.ShortestPathTreeDesigner}, or {@code null} for none
         * @return a copy with this start designer
         */
        public Options withStart(TreeDesigner d) { return new Options(backend, timeLimitSeconds, threads, d, prune); }

        /**
         * The same options with pruning on or off.
         *
         * @param p whether to prune non-target leaves
         * @return a copy with this setting
         */
        public Options withPrune(boolean p) { return new Options(backend, timeLimitSeconds, threads, startDesigner, p); }
    }

    private final Options options;

    /** The MILP time limit per tree that the command line uses by default ({@code --time-limit}), in seconds. */
    public static final double DEFAULT_TIME_LIMIT_SECONDS = 60;

    /** With {@link Options#defaults()}: SCIP, 60 s per tree, one thread, the shortest-path tree as start. */
    public StarMilpDesigner() {
        this(Options.defaults());
    }

    /**
     * A designer with the given options.
     *
     * @param options backend, time limit, threads, start designer, pruning
     */
    public StarMilpDesigner(Options options) {
        this.options = Objects.requireNonNull(options);
    }

    /**
     * The options this designer solves with.
     *
     * @return the options given to the constructor
     */
    public Options options() { return options; }

    @Override
    public String name() { return "star"; }

    @Override
    public DesignedTree design(Network network, int root, int[] targets) {
        return design(network, root, targets, null);
    }

    /**
     * As {@link #design(Network, int, int[])}, with {@code hint} (a tree rooted at {@code root} that
     * reaches every target, or null) given to the solver as a starting solution. Without a hint the
     * options' start designer, if any, provides one.
     *
     * @param network the physical network
     * @param root    the tree's root n
     * @param targets the nodes the tree must reach (W_n; may contain the root)
     * @param hint    a starting tree rooted at {@code root} reaching every target, or {@code null}
     * @return the tree with status (optimal, feasible at the time limit, or none), objective Σ τ̃, bound and time
     * @throws DdamInputException if an index is not a node, a target is unreachable, the hint does not fit,
     *         or OR-Tools is not on the class path ({@link OrTools#require()})
     */
    public DesignedTree design(Network network, int root, int[] targets, RoutingTree hint) {
        OrTools.require();   // before any OR-Tools class is touched: a clear error, not NoClassDefFoundError
        long t0 = System.nanoTime();
        int n = network.nodeCount();
        if (root < 0 || root >= n) throw new DdamInputException("root index " + root + " is not a node");
        boolean[] inW = new boolean[n];
        for (int t : targets) {
            if (t < 0 || t >= n) throw new DdamInputException("target index " + t + " is not a node");
            inW[t] = true;
        }
        requireReachable(network, root, targets);
        // Commodities: one unit demand n→w for every w in W_n other than n itself.
        int[] commodities = Arrays.stream(targets).distinct().filter(t -> t != root).sorted().toArray();
        if (commodities.length == 0) {
            // Nothing to reach: the tree is the root alone, and (E-1a) is an empty sum.
            return new DesignedTree(RoutingTree.fromEdges(network, root, new int[0]), SolveStatus.OPTIMAL, 0, 0,
                    System.nanoTime() - t0);
        }
        if (hint == null && options.startDesigner() != null) {
            DesignedTree start = options.startDesigner().design(network, root, targets);
            if (start.status().hasTree()) hint = start.tree();
        }
        if (hint != null) {
            if (hint.root() != root || hint.network() != network) {
                throw new DdamInputException("the starting tree is rooted at " + network.describe(hint.root())
                        + ", not at " + network.describe(root));
            }
            hint.requireReaches(commodities);
        }

        MPSolver solver = OrTools.createSolver(options.backend(), options.threads());
        try {
            Model m = buildModel(solver, network, root, commodities, inW);
            if (hint != null && OrTools.acceptsHints(options.backend())) applyHint(solver, m, network, hint, commodities);
            long deadline = Long.MAX_VALUE;
            if (options.timeLimitSeconds() > 0 && !Double.isInfinite(options.timeLimitSeconds())) {
                solver.setTimeLimit(Math.max(1, Math.round(options.timeLimitSeconds() * 1000)));
                deadline = System.nanoTime() + Math.max(1_000_000L, Math.round(options.timeLimitSeconds() * 1e9));
            }
            MPSolver.ResultStatus rs = OrTools.solveWithin(solver, OrTools.exactGap(options.backend()), deadline);
            SolveStatus status = switch (rs) {
                case OPTIMAL -> SolveStatus.OPTIMAL;
                case FEASIBLE -> SolveStatus.FEASIBLE;
                case INFEASIBLE -> SolveStatus.INFEASIBLE;
                default -> SolveStatus.NO_SOLUTION;
            };
            if (!status.hasTree()) {
                return new DesignedTree(null, status, Double.NaN, Double.NaN, System.nanoTime() - t0);
            }
            List<Integer> chosen = new ArrayList<>();
            for (int e = 0; e < network.edgeCount(); e++) if (m.h[e].solutionValue() > 0.5) chosen.add(e);
            RoutingTree tree = RoutingTree.fromEdges(network, root, chosen.stream().mapToInt(Integer::intValue).toArray());
            tree.requireReaches(commodities);
            if (options.prune()) tree = tree.pruneTo(targets);
            double objective = solver.objective().value();
            double bound = status == SolveStatus.OPTIMAL ? objective : solver.objective().bestBound();
            return new DesignedTree(tree, status, objective, bound, System.nanoTime() - t0);
        } finally {
            solver.delete();
        }
    }

    /**
     * One tree per agent n, for W_n = the support of row n of {@code interest}, solved on up to
     * {@code threads} roots at once (each with its own solver). Results are indexed by root and do not
     * depend on the thread count.
     *
     * @param network  the physical network
     * @param interest W; row n gives the targets of agent n's tree
     * @param threads  how many roots to solve at once (each with its own solver)
     * @return the N results, by agent index (unmodifiable)
     * @throws DdamInputException if W does not fit the network, a target is unreachable, or OR-Tools is
     *         not on the class path ({@link OrTools#require()})
     */
    public List<DesignedTree> designAll(Network network, InterestMatrix interest, int threads) {
        OrTools.require();
        interest.requireSize(network.nodeCount());
        int n = network.nodeCount();
        DesignedTree[] out = new DesignedTree[n];
        int pool = Math.max(1, Math.min(threads, n));
        if (pool == 1) {
            for (int r = 0; r < n; r++) out[r] = design(network, r, interest.interestSet(r));
            return List.of(out);
        }
        ExecutorService ex = Executors.newFixedThreadPool(pool, runnable -> {
            Thread t = new Thread(runnable, "ddam-star-milp");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<DesignedTree>> fs = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int root = r;
                fs.add(ex.submit(() -> design(network, root, interest.interestSet(root))));
            }
            for (int r = 0; r < n; r++) out[r] = fs.get(r).get();
            return List.of(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while designing trees", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            ex.shutdownNow();
        }
    }

    /** The variables of one (E-1) model; arc 2e runs edgeU(e)→edgeV(e), arc 2e+1 the other way. */
    private static final class Model {
        MPVariable[] h;      // h_ij per edge
        MPVariable[] v;      // v_i per node
        MPVariable[][] c;    // C^w per commodity, per arc
        MPVariable[] conn;   // C^conn per arc
    }

    /**
     * Builds (E-1) of method.md §3.1 for root {@code n} and the commodities W_n \ {n}, one equation per
     * block, each constraint named after its equation and index (node and edge ids as in the network).
     */
    private static Model buildModel(MPSolver solver, Network g, int n, int[] commodities, boolean[] inW) {
        int nodes = g.nodeCount();
        int edges = g.edgeCount();
        int arcs = 2 * edges;
        double inf = MPSolver.infinity();
        Model m = new Model();

        // ---- Variables
        m.h = new MPVariable[edges];
        for (int e = 0; e < edges; e++) m.h[e] = solver.makeBoolVar("h[" + g.id(g.edgeU(e)) + "," + g.id(g.edgeV(e)) + "]");
        m.v = new MPVariable[nodes];
        for (int i = 0; i < nodes; i++) m.v[i] = solver.makeBoolVar("v[" + g.id(i) + "]");
        m.c = new MPVariable[commodities.length][arcs];
        for (int k = 0; k < commodities.length; k++) {
            int w = g.id(commodities[k]);
            for (int a = 0; a < arcs; a++) m.c[k][a] = solver.makeNumVar(0, inf, "C^" + w + arcName(g, a));
        }
        m.conn = new MPVariable[arcs];
        for (int a = 0; a < arcs; a++) m.conn[a] = solver.makeNumVar(0, inf, "Cconn" + arcName(g, a));

        // ---- (E-1a) minimise Σ_{w∈W_n} Σ_{(i,j)∈E} τ_ij (C^w_ij + C^w_ji)
        MPObjective objective = solver.objective();
        for (int k = 0; k < commodities.length; k++) {
            for (int e = 0; e < edges; e++) {
                objective.setCoefficient(m.c[k][2 * e], g.delay(e));
                objective.setCoefficient(m.c[k][2 * e + 1], g.delay(e));
            }
        }
        objective.setMinimization();

        // ---- (E-1b) v_w = 1 for every w ∈ W_n; also v_n = 1: the root is in its own tree (implied by
        // (d) and (f) whenever W_n \ {n} is non-empty, stated so the model never relies on that).
        for (int i = 0; i < nodes; i++) {
            if (inW[i] || i == n) {
                MPConstraint b = solver.makeConstraint(1, 1, "E-1b[w=" + g.id(i) + "]");
                b.setCoefficient(m.v[i], 1);
            }
        }

        // ---- (E-1c) Σ_E h_ij = Σ_i v_i − 1: as many edges as tree nodes minus one
        MPConstraint cc = solver.makeConstraint(-1, -1, "E-1c");
        for (int e = 0; e < edges; e++) cc.setCoefficient(m.h[e], 1);
        for (int i = 0; i < nodes; i++) cc.setCoefficient(m.v[i], -1);

        // ---- (E-1d) h_ij ≤ v_i and h_ij ≤ v_j: an edge is used only between tree nodes
        for (int e = 0; e < edges; e++) {
            for (int end : new int[] {g.edgeU(e), g.edgeV(e)}) {
                MPConstraint d = solver.makeConstraint(-inf, 0, "E-1d[e=" + edgeName(g, e) + ",i=" + g.id(end) + "]");
                d.setCoefficient(m.h[e], 1);
                d.setCoefficient(m.v[end], -1);
            }
        }

        // ---- (E-1e) C^w_ij + C^w_ji ≤ h_ij: commodity flow only on tree edges, one direction at a time
        for (int k = 0; k < commodities.length; k++) {
            for (int e = 0; e < edges; e++) {
                MPConstraint ce = solver.makeConstraint(-inf, 0, "E-1e[w=" + g.id(commodities[k]) + ",e=" + edgeName(g, e) + "]");
                ce.setCoefficient(m.c[k][2 * e], 1);
                ce.setCoefficient(m.c[k][2 * e + 1], 1);
                ce.setCoefficient(m.h[e], -1);
            }
        }

        // ---- (E-1f) net outflow of commodity w at n = 1; (E-1g) at w = −1; (E-1h) 0 at every other node
        for (int k = 0; k < commodities.length; k++) {
            int w = commodities[k];
            for (int i = 0; i < nodes; i++) {
                double rhs;
                String name;
                if (i == n) {
                    rhs = 1;
                    name = "E-1f[w=" + g.id(w) + "]";
                } else if (i == w) {
                    rhs = -1;
                    name = "E-1g[w=" + g.id(w) + "]";
                } else {
                    rhs = 0;
                    name = "E-1h[w=" + g.id(w) + ",i=" + g.id(i) + "]";
                }
                MPConstraint f = solver.makeConstraint(rhs, rhs, name);
                setNetOutflow(f, g, i, m.c[k]);
            }
        }

        // ---- (E-1i) net connectivity outflow at n = Σ_i v_i − 1
        MPConstraint ci = solver.makeConstraint(-1, -1, "E-1i");
        setNetOutflow(ci, g, n, m.conn);
        for (int i = 0; i < nodes; i++) ci.setCoefficient(m.v[i], -1);

        // ---- (E-1j) every other node i absorbs v_i units: inflow − outflow − v_i = 0
        for (int i = 0; i < nodes; i++) {
            if (i == n) continue;
            MPConstraint cj = solver.makeConstraint(0, 0, "E-1j[i=" + g.id(i) + "]");
            setNetOutflow(cj, g, i, m.conn);
            cj.setCoefficient(m.v[i], 1); // −(net inflow) + v_i = 0, i.e. net outflow = −v_i
        }

        // ---- (E-1k) C^conn_ij, C^conn_ji ≤ |𝒩| h_ij: connectivity flow only on tree edges
        for (int e = 0; e < edges; e++) {
            for (int dir = 0; dir < 2; dir++) {
                MPConstraint ck = solver.makeConstraint(-inf, 0, "E-1k[e=" + edgeName(g, e) + ",dir=" + dir + "]");
                ck.setCoefficient(m.conn[2 * e + dir], 1);
                ck.setCoefficient(m.h[e], -nodes);
            }
        }
        return m;
    }

    /** Sets the coefficients of "Σ_j x_ij − Σ_j x_ji" (net outflow of node i) on a per-arc variable array. */
    private static void setNetOutflow(MPConstraint con, Network g, int i, MPVariable[] perArc) {
        for (int k = g.adjacencyStart(i); k < g.adjacencyStart(i + 1); k++) {
            int e = g.adjacentEdge(k);
            int out = g.edgeU(e) == i ? 2 * e : 2 * e + 1;
            con.setCoefficient(perArc[out], 1);
            con.setCoefficient(perArc[out ^ 1], -1);
        }
    }

    /** A complete starting solution from a tree: h and v of the tree, unit flows along paths, subtree sizes as connectivity flow. */
    private static void applyHint(MPSolver solver, Model m, Network g, RoutingTree tree, int[] commodities) {
        int nodes = g.nodeCount();
        int edges = g.edgeCount();
        List<MPVariable> vars = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        boolean[] inTreeEdge = new boolean[edges];
        for (int e : tree.edges()) inTreeEdge[e] = true;
        for (int e = 0; e < edges; e++) { vars.add(m.h[e]); vals.add(inTreeEdge[e] ? 1.0 : 0.0); }
        for (int i = 0; i < nodes; i++) { vars.add(m.v[i]); vals.add(tree.contains(i) ? 1.0 : 0.0); }
        for (int k = 0; k < commodities.length; k++) {
            double[] flow = new double[2 * edges];
            for (int e : tree.pathEdges(commodities[k])) flow[downArc(g, tree, e)] = 1;
            for (int a = 0; a < 2 * edges; a++) { vars.add(m.c[k][a]); vals.add(flow[a]); }
        }
        // Connectivity flow on arc parent→child = number of nodes in the child's subtree (each absorbs one unit).
        int[] order = tree.nodes();
        int[] subtree = new int[nodes];
        double[] conn = new double[2 * edges];
        for (int idx = order.length - 1; idx >= 1; idx--) {
            int v = order[idx];
            subtree[v] += 1;
            subtree[tree.parent(v)] += subtree[v];
            conn[downArc(g, tree, tree.parentEdge(v))] = subtree[v];
        }
        for (int a = 0; a < 2 * edges; a++) { vars.add(m.conn[a]); vals.add(conn[a]); }
        solver.setHint(vars.toArray(new MPVariable[0]), vals.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The arc of tree edge e that points away from the root. */
    private static int downArc(Network g, RoutingTree tree, int e) {
        int child = tree.parentEdge(g.edgeU(e)) == e ? g.edgeU(e) : g.edgeV(e);
        return g.edgeV(e) == child ? 2 * e : 2 * e + 1;
    }

    private static String edgeName(Network g, int e) {
        return g.id(g.edgeU(e)) + "-" + g.id(g.edgeV(e));
    }

    private static String arcName(Network g, int a) {
        int e = a >> 1;
        int from = (a & 1) == 0 ? g.edgeU(e) : g.edgeV(e);
        return "[" + g.id(from) + "->" + g.id(g.opposite(e, from)) + "]";
    }

    /** Throws a {@link DdamInputException} naming every target the root cannot reach. */
    static void requireReachable(Network g, int root, int[] targets) {
        boolean[] seen = new boolean[g.nodeCount()];
        int[] stack = new int[g.nodeCount()];
        int top = 0;
        stack[top++] = root;
        seen[root] = true;
        while (top > 0) {
            int u = stack[--top];
            for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                int v = g.adjacentNode(k);
                if (!seen[v]) { seen[v] = true; stack[top++] = v; }
            }
        }
        List<String> bad = new ArrayList<>();
        for (int t : targets) if (!seen[t]) bad.add(g.describe(t));
        if (!bad.isEmpty()) {
            throw new DdamInputException(bad.size() + " target(s) unreachable from " + g.describe(root) + ": "
                    + String.join(", ", bad.stream().distinct().toList()));
        }
    }
}
