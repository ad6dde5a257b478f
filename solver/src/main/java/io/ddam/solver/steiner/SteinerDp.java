package io.ddam.solver.steiner;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The Dreyfus–Wagner / Erickson–Monma–Veinott dynamic program for Steiner trees with few terminals,
 * run Dijkstra-style per terminal subset: l(v, S) is the cost of a cheapest tree containing v and the
 * terminal subset S (S excludes the root); for each S in increasing order, first l(v, S) = min over
 * splits S = A ∪ B of l(v, A) + l(v, B), then one Dijkstra spreads the labels along edges. The optimum
 * is l(root, all). Time O(3^q·n + 2^q·m·log n), memory 12·2^q·n bytes, for q = terminals − 1; exact
 * for any costs ≥ 0.
 *
 * <p>Pruning (after Hougardy, Silvanus &amp; Vygen 2017, in its simplest form): a label is useless if
 * it plus a lower bound on connecting the rest exceeds a known upper bound; the lower bound used is
 * the distance from v to the nearest terminal outside S (the tree containing S ∪ {v} must still reach
 * it), and the upper bound is the caller's incumbent.
 */
public final class SteinerDp {
    private SteinerDp() {}

    /** Largest 2^q·n the program takes (memory 12–16 bytes each: about 540 MB at most). */
    public static final long MAX_LABELS = 1L << 25;

    /**
     * Estimated work: 3^q·n + 2^q·m·log2(n), q = terminals − 1, for choosing between the DP and the MILP.
     *
     * @param p the problem
     * @return the estimate (elementary steps), or {@code Double.POSITIVE_INFINITY} if over {@link #MAX_LABELS}
     */
    public static double cost(SteinerProblem p) {
        int q = p.terminals().length - 1;
        int n = p.nodeCount();
        if (q >= 31 || (1L << q) * n > MAX_LABELS) return Double.POSITIVE_INFINITY;
        return Math.pow(3, q) * n + Math.pow(2, q) * p.edgeCount() * 2 * (1 + Math.log(n) / Math.log(2));
    }

    /**
     * A tree with its cost.
     *
     * @param edges edges of the problem forming a Steiner tree
     * @param cost  their total cost
     */
    public record Tree(int[] edges, double cost) {}

    /**
     * Solves exactly.
     *
     * @param p        the problem; at most {@link #MAX_LABELS} labels
     * @param upper    a known upper bound for pruning (a tree's cost), or +∞
     * @param deadline {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE}
     * @return an optimal tree, or {@code null} if the terminals are not connected, or the deadline passed
     * @throws IllegalArgumentException if the problem is too large for the program
     */
    public static Tree solve(SteinerProblem p, double upper, long deadline) {
        return run(p, upper, deadline, false).tree();
    }

    /**
     * Searches for a tree cheaper than {@code upper} (with integral costs at least one unit cheaper, else
     * by more than a relative 10^-9, as {@link SparseSteinerDp#search}): its optimum, or a proof that
     * there is none.
     *
     * @param p        the problem; at most {@link #MAX_LABELS} labels
     * @param upper    the cost of a known tree, or +∞
     * @param deadline {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE}
     * @return the outcome (the lower bound is 0 when stopped by the deadline)
     * @throws IllegalArgumentException if the problem is too large for the program
     */
    public static SparseSteinerDp.Result search(SteinerProblem p, double upper, long deadline) {
        return run(p, upper, deadline, true);
    }

    private static SparseSteinerDp.Result run(SteinerProblem p, double upper, long deadline, boolean strict) {
        SparseSteinerDp.Result unknown = new SparseSteinerDp.Result(null, false, 0);
        int n = p.nodeCount();
        int[] term = p.terminals();
        int q = term.length - 1;
        if (q == 0) return new SparseSteinerDp.Result(new Tree(new int[0], 0), false, 0);
        if (cost(p) == Double.POSITIVE_INFINITY) throw new IllegalArgumentException("too many terminals for the dynamic program");
        int root = term[0];
        int[][] csr = p.adjacency();
        int[] start = csr[0], adj = csr[1];
        int[] eu = p.edgeU(), ev = p.edgeV();
        double[] c = p.cost();
        int full = (1 << q) - 1;
        double[] lab = new double[(full + 1) * n];
        int[] pred = new int[(full + 1) * n];   // ≥ 0: edge from the neighbour; -1: terminal itself; ≤ -2: split -(A+2)
        Arrays.fill(lab, Double.POSITIVE_INFINITY);
        // Distance from each node to each terminal, for the pruning bound (distance to the nearest terminal not in S).
        double[][] dt = new double[q + 1][];
        MinHeap heap = new MinHeap(n);
        for (int i = 0; i <= q; i++) dt[i] = dijkstra(n, start, adj, eu, ev, c, term[i], heap);
        // A little slack so that rounding never prunes a label of an optimal tree costing exactly the bound;
        // or, strictly, only trees cheaper than the bound (SparseSteinerDp's cutoff).
        double ub = upper == Double.POSITIVE_INFINITY ? upper
                : strict ? SparseSteinerDp.cutoff(upper, c) : upper + 1e-9 * Math.max(1, Math.abs(upper));
        double[] mst = msts(dt, term, q);
        int[][] live = new int[full + 1][];    // per subset: the nodes whose label became permanent
        int[] cand = new int[n];
        boolean[] isCand = new boolean[n];
        boolean[] done = new boolean[n];
        int[] popped = new int[n];
        for (int s = 1; s <= full; s++) {
            if (System.nanoTime() > deadline) return unknown;
            int base = s * n;
            int nc = 0;
            if (Integer.bitCount(s) == 1) {
                int t = term[Integer.numberOfTrailingZeros(s) + 1];
                lab[base + t] = 0;
                pred[base + t] = -1;
                cand[nc++] = t;
                isCand[t] = true;
            } else {
                int low = s & -s;
                // Splits A ∪ B = S with A holding S's lowest terminal: each split once; only permanent
                // labels of A are combined (the sparse form: pruned labels are never part of an optimum).
                for (int a = (s - 1) & s; a > 0; a = (a - 1) & s) {
                    if ((a & low) == 0) continue;
                    // The last subsets have up to 2^(k-2) splits each: look at the clock inside them too.
                    if ((a & 0x3FF) == 0 && System.nanoTime() > deadline) return unknown;
                    int b = s ^ a;
                    int[] la = live[a].length <= live[b].length ? live[a] : live[b];
                    int aBase = a * n, bBase = b * n;
                    for (int v : la) {
                        double y = lab[aBase + v] + lab[bBase + v];
                        if (y < lab[base + v]) {
                            lab[base + v] = y;
                            pred[base + v] = -(a + 2);
                            if (!isCand[v]) { isCand[v] = true; cand[nc++] = v; }
                        }
                    }
                }
            }
            // Dijkstra from the merged labels, pruned by the bound.
            for (int i = 0; i < nc; i++) {
                int v = cand[i];
                isCand[v] = false;
                double l = lab[base + v];
                if (l + restBound(dt, mst, s, q, v) <= ub) heap.push(v, l);
            }
            int np = 0;
            while (!heap.isEmpty()) {
                int x = heap.pop();
                double lx = heap.key(x);
                done[x] = true;
                popped[np++] = x;
                if (s == full && x == root) break;
                for (int k = start[x]; k < start[x + 1]; k++) {
                    int e = adj[k];
                    int y = eu[e] == x ? ev[e] : eu[e];
                    if (done[y]) continue;
                    double d = lx + c[e];
                    if (d < lab[base + y] && d + restBound(dt, mst, s, q, y) <= ub) {
                        lab[base + y] = d;
                        pred[base + y] = e;
                        heap.push(y, d);
                    }
                }
            }
            heap.clear();
            live[s] = Arrays.copyOf(popped, np);
            for (int i = 0; i < np; i++) done[popped[i]] = false;
            if (s == full) break;
        }
        double opt = lab[full * n + root];
        // Every subset done: with the strict cutoff no label left means no cheaper tree.
        // (A merge may set the root's label above the cutoff without it entering the queue.)
        if (opt == Double.POSITIVE_INFINITY || (strict && opt > ub)) return strict && upper < Double.POSITIVE_INFINITY
                ? new SparseSteinerDp.Result(null, true, upper) : unknown;
        boolean[] use = new boolean[p.edgeCount()];
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {root, full});
        while (!stack.isEmpty()) {
            int[] top = stack.pop();
            int v = top[0], s = top[1];
            int pr = pred[s * n + v];
            if (pr == -1) continue;
            if (pr >= 0) {
                use[pr] = true;
                stack.push(new int[] {eu[pr] == v ? ev[pr] : eu[pr], s});
            } else {
                int a = -pr - 2;
                stack.push(new int[] {v, a});
                stack.push(new int[] {v, s ^ a});
            }
        }
        int cnt = 0;
        for (boolean b : use) if (b) cnt++;
        int[] edges = new int[cnt];
        cnt = 0;
        for (int e = 0; e < use.length; e++) if (use[e]) edges[cnt++] = e;
        int[] tree = p.pruneToTree(edges);
        return new SparseSteinerDp.Result(new Tree(tree, p.cost(tree)), false, opt);
    }

    /**
     * A lower bound on the rest of an optimal tree given the subtree for (v, S): the rest connects v with
     * every terminal R outside S (the root included), so it costs at least the largest distance from v to
     * R, and at least half of a shortest tour through {v} ∪ R in the distance graph (doubling a tree gives
     * a closed walk), which is at least half the minimum 1-tree: the MST of R plus the two shortest
     * distances from v into R (Hougardy, Silvanus &amp; Vygen's 1-tree bound; with |R| = 1 both are d(v, R)).
     */
    static double restBound(double[][] dt, double[] mst, int s, int q, int v) {
        double b = dt[0][v];
        for (int i = 0; i < q; i++) if ((s & (1 << i)) == 0 && dt[i + 1][v] > b) b = dt[i + 1][v];
        return Math.max(b, oneTree(dt, mst, s, q, v) / 2);
    }

    /** The minimum 1-tree of {v} ∪ R (R: the root and the terminals outside S) in the distance graph. */
    static double oneTree(double[][] dt, double[] mst, int s, int q, int v) {
        double d1 = dt[0][v], d2 = Double.POSITIVE_INFINITY;   // the two smallest distances from v into R
        for (int i = 0; i < q; i++) {
            if ((s & (1 << i)) != 0) continue;
            double d = dt[i + 1][v];
            if (d < d1) { d2 = d1; d1 = d; } else if (d < d2) d2 = d;
        }
        if (d2 == Double.POSITIVE_INFINITY) d2 = d1;
        return mst[s] + d1 + d2;
    }

    /**
     * For tests: {@link #restBound} and {@link #oneTree} of node v and terminal subset {@code s} (bit i for
     * terminal i + 1) of {@code p}.
     *
     * @param p the problem
     * @param s the subset S
     * @param v the node
     * @return {restBound, oneTree}
     */
    static double[] bounds(SteinerProblem p, int s, int v) {
        int n = p.nodeCount();
        int[] term = p.terminals();
        int q = term.length - 1;
        int[][] csr = p.adjacency();
        double[][] dt = new double[q + 1][];
        MinHeap heap = new MinHeap(n);
        for (int i = 0; i <= q; i++) dt[i] = dijkstra(n, csr[0], csr[1], p.edgeU(), p.edgeV(), p.cost(), term[i], heap);
        double[] mst = msts(dt, term, q);
        return new double[] {restBound(dt, mst, s, q, v), oneTree(dt, mst, s, q, v)};
    }

    /** Per subset S: the MST (Prim, by shortest-path distances) of the terminals outside S and the root. */
    static double[] msts(double[][] dt, int[] term, int q) {
        int full = (1 << q) - 1;
        double[] out = new double[full + 1];
        for (int s = 0; s <= full; s++) out[s] = mstOutside(dt, term, q, s);
        return out;
    }

    /**
     * The MST (Prim, by shortest-path distances) of the root and the terminals outside S (bit i: terminal
     * i + 1); 0 if they are not connected.
     */
    static double mstOutside(double[][] dt, int[] term, int q, int s) {
        int[] r = new int[q + 1];
        double[] key = new double[q + 1];
        boolean[] in = new boolean[q + 1];
        int k = 0;
        r[k++] = 0;
        for (int i = 0; i < q; i++) if ((s & (1 << i)) == 0) r[k++] = i + 1;
        Arrays.fill(key, 0, k, Double.POSITIVE_INFINITY);
        key[0] = 0;
        double total = 0;
        for (int it = 0; it < k; it++) {
            int best = -1;
            for (int j = 0; j < k; j++) if (!in[j] && (best < 0 || key[j] < key[best])) best = j;
            in[best] = true;
            total += key[best];
            for (int j = 0; j < k; j++) {
                double d = dt[r[best]][term[r[j]]];
                if (!in[j] && d < key[j]) key[j] = d;
            }
        }
        return total == Double.POSITIVE_INFINITY ? 0 : total;
    }

    static double[] dijkstra(int n, int[] start, int[] adj, int[] eu, int[] ev, double[] c, int src, MinHeap heap) {
        double[] d = new double[n];
        Arrays.fill(d, Double.POSITIVE_INFINITY);
        d[src] = 0;
        heap.push(src, 0);
        while (!heap.isEmpty()) {
            int x = heap.pop();
            double dx = heap.key(x);
            for (int k = start[x]; k < start[x + 1]; k++) {
                int e = adj[k];
                int y = eu[e] == x ? ev[e] : eu[e];
                double nd = dx + c[e];
                if (nd < d[y]) { d[y] = nd; heap.push(y, nd); }
            }
        }
        return d;
    }
}
