package io.ddam.solver.steiner;

import java.util.Arrays;

/**
 * Wong's dual ascent for the directed-cut formulation on the bidirected graph, rooted at the first
 * terminal: a lower bound, the reduced costs it leaves on the arcs, reduced-cost fixing against an
 * upper bound, and the saturated arcs for a primal heuristic.
 *
 * <p>Arc {@code 2e} runs from {@code edgeU[e]} to {@code edgeV[e]}, arc {@code 2e+1} back. For each
 * terminal t in turn, W is the set of nodes that reach t over saturated arcs (reduced cost 0); while
 * the root is not in W, the cut δ⁻(W) gets dual value Δ = its smallest reduced cost, which is
 * subtracted from every arc of the cut (so one more arc saturates and W grows). The duals stay
 * feasible (reduced costs ≥ 0) and each W holds a terminal but not the root, so Σ Δ is a lower bound
 * on every Steiner tree. The cut's arcs sit in a heap keyed by reduced cost plus the total Δ spent so
 * far in the round, so one round costs O(m log m) rather than O(n·m).
 */
public final class DualAscent {
    private final SteinerProblem p;
    private final double lowerBound;
    private final double[] reducedCost;

    private final java.util.List<int[]> cuts;

    /** Most cut arcs kept for {@link #cuts()} in all (memory: 4 bytes each). */
    static final int MAX_CUT_ARCS = 4_000_000;

    private DualAscent(SteinerProblem p, double lowerBound, double[] reducedCost, java.util.List<int[]> cuts) {
        this.p = p;
        this.lowerBound = lowerBound;
        this.reducedCost = reducedCost;
        this.cuts = cuts;
    }

    /**
     * The cuts δ⁻(W) that got a positive dual value, as arc lists (up to {@link #MAX_CUT_ARCS} arcs in
     * all): valid directed cuts, a warm start for the LP (with all of them its bound is at least
     * {@link #lowerBound()}).
     *
     * @return the cuts, each an array of arcs
     */
    public java.util.List<int[]> cuts() { return cuts; }

    /**
     * Runs dual ascent to the end.
     *
     * @param p the problem (the root is its first terminal)
     * @return the bound and reduced costs
     */
    public static DualAscent run(SteinerProblem p) { return run(p, Long.MAX_VALUE); }

    /**
     * Runs dual ascent (Wong): repeatedly take the active terminal whose cut had the fewest arcs, grow
     * its W, raise the cut. A terminal is active while W contains neither the root nor a terminal
     * that does not also reach it (so only "root components" are raised, which keeps the bound
     * tight). Stopped at {@code deadline}, the duals so far are still feasible and the bound valid.
     *
     * @param p        the problem (the root is its first terminal)
     * @param deadline {@link System#nanoTime()} deadline
     * @return the bound and reduced costs
     */
    public static DualAscent run(SteinerProblem p, long deadline) {
        int n = p.nodeCount(), m = p.edgeCount();
        int[] eu = p.edgeU(), ev = p.edgeV();
        double[] rc = new double[2 * m];
        for (int e = 0; e < m; e++) { rc[2 * e] = p.cost()[e]; rc[2 * e + 1] = p.cost()[e]; }
        int[][] csr = p.adjacency();
        int[] start = csr[0], adj = csr[1];
        int[] term = p.terminals();
        int root = term[0];
        boolean[] terminal = new boolean[n];
        for (int t : term) terminal[t] = true;
        int[] inW = new int[n];      // stamp: inW[v] == stamp means v ∈ W
        int[] reach = new int[n];    // stamp for the forward check
        int stamp = 0;
        int[] wList = new int[n];
        int[] cut = new int[2 * m];
        MinHeap queue = new MinHeap(term.length);   // terminal index → last cut size
        for (int i = 1; i < term.length; i++) queue.push(i, 0);
        double lower = 0;
        int iter = 0;
        java.util.List<int[]> cuts = new java.util.ArrayList<>();
        long cutArcs = 0;
        while (!queue.isEmpty()) {
            if ((++iter & 63) == 0 && System.nanoTime() > deadline) break;
            int ti = queue.pop();
            int t = term[ti];
            stamp++;
            // W: nodes reaching t over saturated arcs.
            int wSize = 0;
            wList[wSize++] = t;
            inW[t] = stamp;
            boolean hasRoot = false, otherTerminal = false;
            for (int i = 0; i < wSize; i++) {
                int w = wList[i];
                for (int k = start[w]; k < start[w + 1]; k++) {
                    int e = adj[k];
                    int x = eu[e] == w ? ev[e] : eu[e];
                    if (inW[x] == stamp) continue;
                    int in = eu[e] == w ? 2 * e + 1 : 2 * e;   // x → w
                    if (rc[in] == 0) {
                        inW[x] = stamp;
                        wList[wSize++] = x;
                        if (x == root) hasRoot = true;
                        else if (terminal[x]) otherTerminal = true;
                    }
                }
            }
            if (hasRoot) continue;   // connected: done for good
            if (otherTerminal && !reachesAllTerminals(t, wList, wSize, inW, stamp, reach, start, adj, eu, ev, rc, terminal)) {
                continue;            // another terminal's component comes first; it will carry t along
            }
            int cutSize = 0;
            double delta = Double.POSITIVE_INFINITY;
            for (int i = 0; i < wSize; i++) {
                int w = wList[i];
                for (int k = start[w]; k < start[w + 1]; k++) {
                    int e = adj[k];
                    int x = eu[e] == w ? ev[e] : eu[e];
                    if (inW[x] == stamp) continue;
                    int in = eu[e] == w ? 2 * e + 1 : 2 * e;
                    cut[cutSize++] = in;
                    if (rc[in] < delta) delta = rc[in];
                }
            }
            if (cutSize == 0) break;   // t cannot reach the root: no tree; the bound so far stays valid
            lower += delta;
            if (delta > 0 && cutArcs + cutSize <= MAX_CUT_ARCS) {
                cuts.add(java.util.Arrays.copyOf(cut, cutSize));
                cutArcs += cutSize;
            }
            for (int i = 0; i < cutSize; i++) {
                int a = cut[i];
                double r = rc[a] - delta;
                rc[a] = r <= 1e-12 * Math.max(1, delta) ? 0 : r;
            }
            queue.push(ti, cutSize);
        }
        return new DualAscent(p, lower, rc, cuts);
    }

    /** Whether t reaches, over saturated arcs inside W, every terminal of W (then W is a root component). */
    private static boolean reachesAllTerminals(int t, int[] wList, int wSize, int[] inW, int stamp, int[] reach,
                                               int[] start, int[] adj, int[] eu, int[] ev, double[] rc, boolean[] terminal) {
        int need = 0;
        for (int i = 0; i < wSize; i++) if (terminal[wList[i]]) need++;
        // Reuse the tail of a local queue: BFS forward from t.
        int[] q = new int[wSize];
        int head = 0, tail = 0;
        q[tail++] = t;
        reach[t] = stamp;
        int found = 1;
        while (head < tail) {
            int w = q[head++];
            for (int k = start[w]; k < start[w + 1]; k++) {
                int e = adj[k];
                int x = eu[e] == w ? ev[e] : eu[e];
                if (inW[x] != stamp || reach[x] == stamp) continue;
                int out = eu[e] == w ? 2 * e : 2 * e + 1;   // w → x
                if (rc[out] != 0) continue;
                reach[x] = stamp;
                q[tail++] = x;
                if (terminal[x]) found++;
            }
        }
        return found == need;
    }

    /**
     * The lower bound Σ Δ.
     *
     * @return a lower bound on the cost of every Steiner tree
     */
    public double lowerBound() { return lowerBound; }

    /**
     * Reduced cost of arc {@code a} ({@code 2e}: edgeU→edgeV, {@code 2e+1}: back).
     *
     * @param a an arc
     * @return its reduced cost, ≥ 0
     */
    public double reducedCost(int a) { return reducedCost[a]; }

    /**
     * Edges whose arcs are both saturated or one of them is: the graph the primal heuristic runs on,
     * as per-edge weights (the smaller reduced cost of the two arcs).
     *
     * @return per-edge weights min(rc(2e), rc(2e+1))
     */
    public double[] edgeReducedCosts() {
        double[] w = new double[p.edgeCount()];
        for (int e = 0; e < w.length; e++) w[e] = Math.min(reducedCost[2 * e], reducedCost[2 * e + 1]);
        return w;
    }

    /**
     * Reduced-cost fixing: edge {u, v} is in no tree cheaper than {@code upper} if, for both
     * orientations u→v, lowerBound + d(root, u) + rc(u→v) + d(v, T∖root) &gt; upper, with d the
     * shortest directed distances by reduced cost (a rooted tree using u→v holds arc-disjoint paths
     * root→u and v→some terminal, and costs at least the bound plus its reduced cost).
     *
     * @param upper the cost of a known tree
     * @return per edge: true if it can be deleted
     */
    public boolean[] fixable(double upper) {
        int n = p.nodeCount(), m = p.edgeCount();
        int[] eu = p.edgeU(), ev = p.edgeV();
        int[][] csr = p.adjacency();
        int[] start = csr[0], adj = csr[1];
        MinHeap heap = new MinHeap(n);
        // Forward from the root.
        double[] fromRoot = new double[n];
        Arrays.fill(fromRoot, Double.POSITIVE_INFINITY);
        int root = p.terminals()[0];
        fromRoot[root] = 0;
        heap.push(root, 0);
        dijkstra(heap, fromRoot, start, adj, eu, ev, false);
        // Backward to the nearest non-root terminal.
        double[] toTerm = new double[n];
        Arrays.fill(toTerm, Double.POSITIVE_INFINITY);
        for (int i = 1; i < p.terminals().length; i++) { toTerm[p.terminals()[i]] = 0; heap.push(p.terminals()[i], 0); }
        dijkstra(heap, toTerm, start, adj, eu, ev, true);
        double slack = 1e-9 * Math.max(1, Math.abs(upper));
        boolean[] fix = new boolean[m];
        for (int e = 0; e < m; e++) {
            int u = eu[e], v = ev[e];
            double fwd = lowerBound + fromRoot[u] + reducedCost[2 * e] + toTerm[v];
            double bwd = lowerBound + fromRoot[v] + reducedCost[2 * e + 1] + toTerm[u];
            fix[e] = fwd > upper + slack && bwd > upper + slack;
        }
        return fix;
    }

    /**
     * Dual ascent from several roots (Polzin &amp; Daneshmand; SCIP-Jack does the same): the problem is
     * undirected, so every root gives a valid bound and valid reduced-cost fixing, and different roots
     * fix different edges. Takes this run (from the first terminal) and runs again from up to
     * {@code extraRoots} other terminals spread over the terminal list, stopping at {@code deadline}.
     *
     * @param upper      the cost of a known tree
     * @param extraRoots how many other terminals to try as the root
     * @param deadline   {@link System#nanoTime()} deadline; past it no further root is started
     * @return the best bound and, per edge, whether some root's test deletes it
     */
    public MultiRoot fixableFromRoots(double upper, int extraRoots, long deadline) {
        double bound = lowerBound;
        boolean[] fix = fixable(upper);
        int[] t = p.terminals();
        int k = Math.min(extraRoots, t.length - 1);
        for (int i = 1; i <= k && System.nanoTime() < deadline; i++) {
            int j = (int) ((long) i * t.length / (k + 1));
            if (j == 0) continue;
            int[] reordered = t.clone();
            reordered[0] = t[j];
            reordered[j] = t[0];
            SteinerProblem q = new SteinerProblem(p.nodeCount(), p.edgeU(), p.edgeV(), p.cost(), reordered);
            DualAscent da = run(q, deadline);
            bound = Math.max(bound, da.lowerBound());
            boolean[] f = da.fixable(upper);
            for (int e = 0; e < fix.length; e++) fix[e] |= f[e];
        }
        return new MultiRoot(bound, fix);
    }

    /**
     * What {@link #fixableFromRoots} found.
     *
     * @param lowerBound the best dual-ascent bound over the roots
     * @param fixable    per edge: true if it is in no tree costing the upper bound or less
     */
    public record MultiRoot(double lowerBound, boolean[] fixable) {}

    /** Dijkstra by reduced cost: along arcs x→y (forward) or against them (backward). */
    private void dijkstra(MinHeap heap, double[] d, int[] start, int[] adj, int[] eu, int[] ev, boolean backward) {
        while (!heap.isEmpty()) {
            int x = heap.pop();
            double dx = heap.key(x);
            for (int k = start[x]; k < start[x + 1]; k++) {
                int e = adj[k];
                int y = eu[e] == x ? ev[e] : eu[e];
                int arc = eu[e] == x ? 2 * e : 2 * e + 1;     // x → y
                double w = reducedCost[backward ? arc ^ 1 : arc];
                double nd = dx + w;
                if (nd < d[y]) { d[y] = nd; heap.push(y, nd); }
            }
        }
    }
}
