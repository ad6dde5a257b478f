package io.ddam.solver.steiner;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The Dijkstra–Steiner algorithm of Hougardy, Silvanus &amp; Vygen (2017) with sparse labels: for
 * Steiner trees with more terminals than {@link SteinerDp}'s dense tables (2^q·n entries) hold.
 *
 * <p>A label (v, S) is the cost of a cheapest tree found so far containing node v and the terminal
 * subset S (S excludes the root, terminal 0). All labels share one priority queue ordered by cost, so a
 * label leaves it (becomes permanent) at its optimal value; a permanent label (v, S) is then extended
 * along every edge at v and merged with every permanent label (v, T) at the same node with T ∩ S = ∅.
 * The optimum is the label (root, all) when it becomes permanent. Only labels that are reached are
 * stored (a hash map from (v, S)), and a label is never stored when its cost plus a lower bound on
 * connecting v with the terminals outside S (and the root) exceeds a known upper bound
 * ({@link SteinerDp#restBound}: the farthest such terminal, and half the minimum 1-tree), so with a
 * good incumbent most of the 2^q·n labels are never made. Exact for any costs ≥ 0.
 */
public final class SparseSteinerDp {
    private SparseSteinerDp() {}

    private static final boolean TRACE = Boolean.getBoolean("ddam.steiner.trace");

    /** Largest number of labels stored by default (about 60 bytes each with the map and the queue). */
    public static final int DEFAULT_MAX_LABELS = 12_000_000;

    /** Most terminals the program takes (subsets are bit sets of an int). */
    public static final int MAX_TERMINALS = 31;

    /**
     * What the program found.
     *
     * @param tree       an optimal tree, cheaper than the upper bound given; {@code null} if none was found
     * @param noneBetter true if the search ended without a tree: no tree is cheaper than the upper bound
     *                   given (by at least one unit for integral costs), so a tree of that cost is optimal
     * @param lowerBound a lower bound on the optimum (the last key taken from the queue; the optimum itself
     *                   when {@code tree} is set, the upper bound given when {@code noneBetter})
     */
    public record Result(SteinerDp.Tree tree, boolean noneBetter, double lowerBound) {}

    /**
     * Solves exactly within a label budget.
     *
     * @param p         the problem, at most {@link #MAX_TERMINALS} terminals
     * @param upper     a known upper bound for pruning (a tree's cost), or +∞
     * @param deadline  {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE}
     * @param maxLabels the most labels to store; beyond it the program gives up
     * @return an optimal tree, or {@code null} if the terminals are not connected, no tree is cheaper than
     *         {@code upper}, the deadline passed or the labels ran out
     * @throws IllegalArgumentException if the problem has more than {@link #MAX_TERMINALS} terminals
     */
    public static SteinerDp.Tree solve(SteinerProblem p, double upper, long deadline, int maxLabels) {
        return search(p, upper, deadline, maxLabels).tree();
    }

    /**
     * Searches for a tree cheaper than {@code upper}: the optimum if there is one, else a proof that there
     * is none (with integral costs, a tree must be at least one unit cheaper to count).
     *
     * @param p         the problem, at most {@link #MAX_TERMINALS} terminals
     * @param upper     the cost of a known tree, or +∞
     * @param deadline  {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE}
     * @param maxLabels the most labels to store; beyond it the program gives up
     * @return the outcome; {@code noneBetter} with an infinite {@code upper} means the terminals are not
     *         connected
     * @throws IllegalArgumentException if the problem has more than {@link #MAX_TERMINALS} terminals
     */
    public static Result search(SteinerProblem p, double upper, long deadline, int maxLabels) {
        int[] term = p.terminals();
        int q = term.length - 1;
        if (q > MAX_TERMINALS - 1) throw new IllegalArgumentException("too many terminals for the dynamic program");
        if (q <= 0) return new Result(new SteinerDp.Tree(new int[0], 0), false, 0);
        return new Run(p, upper, deadline, maxLabels).solve();
    }

    /** The largest label cost plus bound still kept when seeking trees cheaper than {@code upper}. */
    static double cutoff(double upper, double[] c) {
        boolean integral = true;
        for (double x : c) integral &= x == Math.rint(x);
        return integral ? upper - 1 + 1e-7 : upper - 1e-9 * Math.max(1, Math.abs(upper));
    }

    private static final class Run {
        final SteinerProblem p;
        final int n, q, full, root;
        final int[] start, adj, eu, ev;
        final double[] c;
        final double ub, upper;
        final long deadline;
        final int maxLabels;
        final double[][] dt;
        final double[] dtv;     // dtv[v·(q+1) + i] = d(v, terminal i): one cache line per node
        final int[] term;
        // Labels: parallel arrays, index = label id.
        int[] lNode = new int[1 << 16], lSet = new int[1 << 16], lPred = new int[1 << 16];
        double[] lCost = new double[1 << 16];
        boolean[] perm = new boolean[1 << 16];
        int count;
        final LongIntMap index = new LongIntMap(1 << 16);
        // Permanent labels per node.
        final int[][] permAt;
        final int[] permCount;
        // The queue: lazy (stale entries are skipped when popped).
        double[] hKey = new double[1 << 16];
        int[] hVal = new int[1 << 16];
        int hSize;
        // The MST of the root and the terminals outside S, per S, computed when first needed.
        final IntDoubleMap mstCache = new IntDoubleMap(1 << 12);

        Run(SteinerProblem p, double upper, long deadline, int maxLabels) {
            this.p = p;
            this.upper = upper;
            this.n = p.nodeCount();
            this.term = p.terminals();
            this.q = term.length - 1;
            this.full = (int) ((1L << q) - 1);
            this.root = term[0];
            int[][] csr = p.adjacency();
            this.start = csr[0];
            this.adj = csr[1];
            this.eu = p.edgeU();
            this.ev = p.edgeV();
            this.c = p.cost();
            // Only trees cheaper than the upper bound are sought: with integral costs by at least one unit
            // (sums of integers are exact in doubles; the bound's halves are exact too), else by more than
            // a relative 1e-9, the tolerance at which the designer calls a tree optimal.
            ub = upper == Double.POSITIVE_INFINITY ? upper : cutoff(upper, c);
            this.deadline = deadline;
            this.maxLabels = maxLabels;
            MinHeap heap = new MinHeap(n);
            dt = new double[q + 1][];
            for (int i = 0; i <= q; i++) dt[i] = SteinerDp.dijkstra(n, start, adj, eu, ev, c, term[i], heap);
            dtv = new double[n * (q + 1)];
            for (int v = 0; v < n; v++) for (int i = 0; i <= q; i++) dtv[v * (q + 1) + i] = dt[i][v];
            permAt = new int[n][];
            permCount = new int[n];
        }

        Result solve() {
            Result t = run();
            if (TRACE) System.err.printf("sparse DP: %d labels, %d popped, %d merges tried, key %.3f, ub %.3f%n",
                    count, popped, merges, lastKey, ub);
            return t;
        }

        long popped, merges;
        double lastKey;
        double lastFar;   // far(v, s) of the last bound(v, s)

        Result run() {
            Result unknown = new Result(null, false, 0);
            if (System.nanoTime() > deadline) return unknown;
            for (int i = 1; i <= q; i++) {
                int t = term[i];
                int s = 1 << (i - 1);
                if (bound(t, s) > ub) return new Result(null, true, upper);   // no tree within the bound
                int x = newLabel(t, s, 0, -1);
                if (x < 0) return unknown;
                push(far(t, s), x);
            }
            long steps = 0;
            while (hSize > 0) {
                if ((++steps & 0x3FF) == 0 && System.nanoTime() > deadline) return new Result(null, false, lastKey);
                double k = hKey[0];
                int x = pop();
                if (perm[x] || k > lCost[x] + far(lNode[x], lSet[x])) continue;
                perm[x] = true;
                popped++;
                lastKey = k;
                int v = lNode[x], s = lSet[x];
                double l = lCost[x];
                if (s == full && v == root) return new Result(tree(x), false, l);
                // Merge with the permanent labels at v over disjoint subsets: through the list of those
                // labels, or, when the subsets outside s are fewer, by looking each of them up.
                int pc = permCount[v];
                int comp = full & ~s;
                if (Integer.bitCount(comp) < 31 && (4L << Integer.bitCount(comp)) < pc) {
                    merges += 1L << Integer.bitCount(comp);
                    for (int t = comp; t > 0; t = (t - 1) & comp) {
                        int y = index.get(((long) v << 32) | t);
                        if (y < 0 || !perm[y]) continue;
                        if (!relax(v, s | t, l + lCost[y], -(Math.min(s, t) + 2))) return new Result(null, false, lastKey);
                    }
                } else {
                    merges += pc;
                    int[] pl = permAt[v];
                    for (int j = 0; j < pc; j++) {
                        int y = pl[j];
                        int t = lSet[y];
                        if ((t & s) != 0) continue;
                        if (!relax(v, s | t, l + lCost[y], -(Math.min(s, t) + 2))) return new Result(null, false, lastKey);
                    }
                }
                addPerm(v, x);
                // Extend along the edges at v.
                for (int e = start[v]; e < start[v + 1]; e++) {
                    int ed = adj[e];
                    int w = eu[ed] == v ? ev[ed] : eu[ed];
                    if (!relax(w, s, l + c[ed], ed)) return new Result(null, false, lastKey);
                }
            }
            // Every label within the bound was taken: no tree is cheaper than the upper bound.
            return new Result(null, true, upper);
        }

        /** Lowers label (v, s) to d if that is an improvement within the bound; false if out of labels. */
        boolean relax(int v, int s, double d, int pred) {
            // The bound before the map: most merged and extended labels fall outside it.
            if (d > ub || d + bound(v, s) > ub) return true;
            double key = d + lastFar;
            int x = index.get(((long) v << 32) | (s & 0xFFFFFFFFL));
            if (x >= 0) {
                if (perm[x] || d >= lCost[x]) return true;
                lCost[x] = d;
                lPred[x] = pred;
                push(key, x);
                return true;
            }
            x = newLabel(v, s, d, pred);
            if (x < 0) return false;
            push(key, x);
            return true;
        }

        int newLabel(int v, int s, double d, int pred) {
            if (count >= maxLabels) return -1;
            if (count == lNode.length) {
                int cap = (int) Math.min(Integer.MAX_VALUE - 8, lNode.length * 2L);
                lNode = Arrays.copyOf(lNode, cap);
                lSet = Arrays.copyOf(lSet, cap);
                lPred = Arrays.copyOf(lPred, cap);
                lCost = Arrays.copyOf(lCost, cap);
                perm = Arrays.copyOf(perm, cap);
            }
            int x = count++;
            lNode[x] = v;
            lSet[x] = s;
            lCost[x] = d;
            lPred[x] = pred;
            index.put(((long) v << 32) | (s & 0xFFFFFFFFL), x);
            return x;
        }

        void addPerm(int v, int x) {
            int[] a = permAt[v];
            if (a == null) permAt[v] = a = new int[4];
            else if (permCount[v] == a.length) permAt[v] = a = Arrays.copyOf(a, a.length * 2);
            a[permCount[v]++] = x;
        }

        /** A lower bound on connecting v with the root and the terminals outside s ({@link SteinerDp#restBound}). */
        double bound(int v, int s) {
            int o = v * (q + 1);
            double far = dtv[o];
            double d1 = dtv[o], d2 = Double.POSITIVE_INFINITY;
            for (int i = 0; i < q; i++) {
                if ((s & (1 << i)) != 0) continue;
                double d = dtv[o + i + 1];
                if (d > far) far = d;
                if (d < d1) { d2 = d1; d1 = d; } else if (d < d2) d2 = d;
            }
            if (d2 == Double.POSITIVE_INFINITY) d2 = d1;
            lastFar = far;
            return Math.max(far, (mst(s) + d1 + d2) / 2);
        }

        /**
         * The distance from v to the farthest terminal outside s (the root included): the queue's order.
         * Unlike the 1-tree half it is consistent (it grows by at most c(v, w) along an edge, and by at
         * most l(v, T) when T joins s, since d(v, t) ≤ l(v, T) for t in T), so a label leaves the queue at
         * its optimal cost, as in A*.
         */
        double far(int v, int s) {
            int o = v * (q + 1);
            double far = dtv[o];
            for (int i = 0; i < q; i++) if ((s & (1 << i)) == 0 && dtv[o + i + 1] > far) far = dtv[o + i + 1];
            return far;
        }

        double mst(int s) {
            double m = mstCache.get(s);
            if (!Double.isNaN(m)) return m;
            m = SteinerDp.mstOutside(dt, term, q, s);
            mstCache.put(s, m);
            return m;
        }

        void push(double k, int x) {
            if (hSize == hKey.length) {
                hKey = Arrays.copyOf(hKey, hSize * 2);
                hVal = Arrays.copyOf(hVal, hSize * 2);
            }
            int i = hSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (hKey[parent] <= k) break;
                hKey[i] = hKey[parent];
                hVal[i] = hVal[parent];
                i = parent;
            }
            hKey[i] = k;
            hVal[i] = x;
        }

        int pop() {
            int top = hVal[0];
            int last = --hSize;
            double k = hKey[last];
            int val = hVal[last];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= hSize) break;
                int r = l + 1;
                int m = r < hSize && hKey[r] < hKey[l] ? r : l;
                if (hKey[m] >= k) break;
                hKey[i] = hKey[m];
                hVal[i] = hVal[m];
                i = m;
            }
            if (hSize > 0) {
                hKey[i] = k;
                hVal[i] = val;
            }
            return top;
        }

        SteinerDp.Tree tree(int x) {
            boolean[] use = new boolean[p.edgeCount()];
            ArrayDeque<Integer> stack = new ArrayDeque<>();
            stack.push(x);
            while (!stack.isEmpty()) {
                int y = stack.pop();
                int pr = lPred[y];
                int v = lNode[y], s = lSet[y];
                if (pr == -1) continue;
                if (pr >= 0) {
                    use[pr] = true;
                    int w = eu[pr] == v ? ev[pr] : eu[pr];
                    stack.push(index.get(((long) w << 32) | (s & 0xFFFFFFFFL)));
                } else {
                    int a = -pr - 2;
                    stack.push(index.get(((long) v << 32) | (a & 0xFFFFFFFFL)));
                    stack.push(index.get(((long) v << 32) | ((s ^ a) & 0xFFFFFFFFL)));
                }
            }
            int cnt = 0;
            for (boolean b : use) if (b) cnt++;
            int[] edges = new int[cnt];
            cnt = 0;
            for (int e = 0; e < use.length; e++) if (use[e]) edges[cnt++] = e;
            int[] tree = p.pruneToTree(edges);
            return new SteinerDp.Tree(tree, p.cost(tree));
        }
    }

    /** Open-addressing map from non-negative long keys to int values (−1: absent). */
    static final class LongIntMap {
        private long[] keys;
        private int[] vals;
        private int size, mask;

        LongIntMap(int capacity) {
            int cap = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
            keys = new long[cap];
            vals = new int[cap];
            Arrays.fill(keys, -1);
            mask = cap - 1;
        }

        int get(long k) {
            int i = hash(k) & mask;
            while (true) {
                long kk = keys[i];
                if (kk == k) return vals[i];
                if (kk == -1) return -1;
                i = (i + 1) & mask;
            }
        }

        void put(long k, int v) {
            if (2 * (size + 1) > keys.length) grow();
            int i = hash(k) & mask;
            while (keys[i] != -1 && keys[i] != k) i = (i + 1) & mask;
            if (keys[i] == -1) size++;
            keys[i] = k;
            vals[i] = v;
        }

        private void grow() {
            long[] ok = keys;
            int[] ov = vals;
            keys = new long[ok.length * 2];
            vals = new int[ok.length * 2];
            Arrays.fill(keys, -1);
            mask = keys.length - 1;
            size = 0;
            for (int i = 0; i < ok.length; i++) if (ok[i] != -1) put(ok[i], ov[i]);
        }

        private static int hash(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 29));
        }
    }

    /** Open-addressing map from non-negative int keys to doubles (NaN: absent). */
    static final class IntDoubleMap {
        private int[] keys;
        private double[] vals;
        private int size, mask;

        IntDoubleMap(int capacity) {
            int cap = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
            keys = new int[cap];
            vals = new double[cap];
            Arrays.fill(keys, -1);
            mask = cap - 1;
        }

        double get(int k) {
            int i = hash(k) & mask;
            while (true) {
                int kk = keys[i];
                if (kk == k) return vals[i];
                if (kk == -1) return Double.NaN;
                i = (i + 1) & mask;
            }
        }

        void put(int k, double v) {
            if (2 * (size + 1) > keys.length) grow();
            int i = hash(k) & mask;
            while (keys[i] != -1 && keys[i] != k) i = (i + 1) & mask;
            if (keys[i] == -1) size++;
            keys[i] = k;
            vals[i] = v;
        }

        private void grow() {
            int[] ok = keys;
            double[] ov = vals;
            keys = new int[ok.length * 2];
            vals = new double[ok.length * 2];
            Arrays.fill(keys, -1);
            mask = keys.length - 1;
            size = 0;
            for (int i = 0; i < ok.length; i++) if (ok[i] != -1) put(ok[i], ov[i]);
        }

        private static int hash(int k) {
            int h = k * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
