package io.ddam.solver.steiner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reduction tests for the Steiner tree problem, and their log: a smaller problem whose optimum plus
 * the fixed edges' cost is the optimum of the original, with {@link #expand(int[])} mapping a tree of
 * the reduced problem back to a tree of the original (fixed edges added, merged paths expanded).
 *
 * <p>Tests (each proved in docs/algorithms.md, "exact-steiner: reductions"): nodes outside the root's
 * component; non-terminals of degree 0 or 1 (deleted); non-terminals of degree 2 (their two edges
 * merged into one edge of the summed cost); terminals of degree 1 (their edge fixed and contracted);
 * zero-cost edges (fixed and contracted); the special-distance (bottleneck Steiner distance) edge test
 * (an edge longer than a path whose terminal-separated pieces are all strictly shorter is in no optimal
 * tree); and the nearest-vertex test (a terminal's cheapest edge is in some optimal tree when it plus
 * the distance from its other end to another terminal costs no more than the terminal's second
 * cheapest edge). The reductions work on a mutable working graph and end with a compact copy.
 */
public final class Reduction {
    /**
     * Which tests run.
     *
     * @param degree         degree tests and zero-cost contraction
     * @param specialDistance the special-distance edge test
     * @param nearestVertex  the nearest-vertex test
     * @param shortLinks     the short-links test
     * @param maxRounds      rounds of the expensive tests (special distance, nearest vertex), ≥ 0
     */
    public record Tests(boolean degree, boolean specialDistance, boolean nearestVertex, boolean shortLinks, int maxRounds) {
        /**
         * The given tests without short links.
         *
         * @param degree          the degree tests
         * @param specialDistance the special-distance test
         * @param nearestVertex   the nearest-vertex test
         * @param maxRounds       rounds of the expensive tests, ≥ 0
         */
        public Tests(boolean degree, boolean specialDistance, boolean nearestVertex, int maxRounds) {
            this(degree, specialDistance, nearestVertex, false, maxRounds);
        }

        /**
         * All tests, up to 6 rounds.
         *
         * @return the default set
         */
        public static Tests all() { return new Tests(true, true, true, true, 6); }

        /**
         * No test at all (only nodes outside the root's component are dropped).
         *
         * @return the empty set
         */
        public static Tests none() { return new Tests(false, false, false, false, 0); }
    }

    /** Edge relaxations one special-distance search may do before it gives up (keeps dense graphs fast). */
    static final int SD_SCAN_LIMIT = 400;
    /** Edge relaxations one nearest-vertex search may do. */
    static final int NV_SCAN_LIMIT = 2000;

    private final SteinerProblem original;
    private final SteinerProblem reduced;
    private final int[][] edgeOrigins;   // reduced edge -> original edges
    private final int[] fixedEdges;
    private final int[] nodeOrigin;      // reduced node -> an original node it stands for
    private final int removedByDegree, removedBySd, fixedByNv, fixedBySl;

    private Reduction(SteinerProblem original, SteinerProblem reduced, int[][] edgeOrigins, int[] fixedEdges, int[] nodeOrigin,
                      int removedByDegree, int removedBySd, int fixedByNv, int fixedBySl) {
        this.original = original;
        this.reduced = reduced;
        this.edgeOrigins = edgeOrigins;
        this.fixedEdges = fixedEdges;
        this.nodeOrigin = nodeOrigin;
        this.removedByDegree = removedByDegree;
        this.removedBySd = removedBySd;
        this.fixedByNv = fixedByNv;
        this.fixedBySl = fixedBySl;
    }

    /**
     * Reduces with all tests.
     *
     * @param p the problem
     * @return the reduction
     */
    public static Reduction reduce(SteinerProblem p) { return reduce(p, Tests.all()); }

    /**
     * Reduces with the given tests.
     *
     * @param p     the problem
     * @param tests which tests to run
     * @return the reduction
     */
    public static Reduction reduce(SteinerProblem p, Tests tests) { return reduce(p, tests, false); }

    /**
     * As {@link #reduce(SteinerProblem, Tests)}; {@code weakSd} replaces the special-distance test's
     * strict {@code <} by {@code ≤} — wrong on purpose, for the test that shows the strictness matters.
     */
    static Reduction reduce(SteinerProblem p, Tests tests, boolean weakSd) {
        return new Work(p, tests, weakSd, null, Long.MAX_VALUE).run();
    }

    /**
     * Deletes the marked edges (e.g. by {@link DualAscent#fixable(double)}), then reduces with the
     * given tests; the log maps back to {@code p}.
     *
     * @param p       the problem
     * @param tests   which tests to run afterwards
     * @param deleted per edge of {@code p}: true to delete it
     * @return the reduction
     */
    public static Reduction reduce(SteinerProblem p, Tests tests, boolean[] deleted) {
        return reduce(p, tests, deleted, Long.MAX_VALUE);
    }

    /**
     * As {@link #reduce(SteinerProblem, Tests, boolean[])}, stopping at {@code deadline}: the tests
     * run so far have each kept an optimum, so an early stop only leaves a larger graph.
     *
     * @param p        the problem
     * @param tests    which tests to run
     * @param deleted  per edge of {@code p}: true to delete it, or {@code null}
     * @param deadline {@link System#nanoTime()} after which no further test starts
     * @return the reduction
     */
    public static Reduction reduce(SteinerProblem p, Tests tests, boolean[] deleted, long deadline) {
        return new Work(p, tests, false, deleted, deadline).run();
    }

    /** @return the problem before reduction */
    public SteinerProblem original() { return original; }

    /**
     * As {@link #reduce(SteinerProblem, Tests)} with the short-links condition weakened (the distance
     * d(v₁) from the terminal to the link's near end left out) — wrong on purpose, for the test that
     * shows the full condition matters.
     */
    static Reduction reduceWeakShortLinks(SteinerProblem p, Tests tests) {
        Work w = new Work(p, tests, false, null, Long.MAX_VALUE);
        w.weakSl = true;
        return w.run();
    }

    /** @return the reduced problem; its first terminal stands for the original root */
    public SteinerProblem reduced() { return reduced; }

    /** @return the original edges fixed into every tree (sum of their costs: {@link #fixedCost()}) */
    public int[] fixedEdges() { return fixedEdges.clone(); }

    /** @return the total cost of the fixed edges */
    public double fixedCost() { return original.cost(fixedEdges); }

    /** @return original nodes no longer in the reduced problem (deleted, merged away or contracted) */
    public int nodesRemoved() { return original.nodeCount() - reduced.nodeCount(); }

    /** @return original edges no longer in the reduced problem as edges of their own */
    public int edgesRemoved() { return original.edgeCount() - reduced.edgeCount(); }

    /** @return edges deleted by the special-distance test */
    public int edgesRemovedBySpecialDistance() { return removedBySd; }

    /** @return nodes removed or merged by the degree tests */
    public int nodesRemovedByDegree() { return removedByDegree; }

    /** @return edges fixed by the nearest-vertex test */
    public int edgesFixedByNearestVertex() { return fixedByNv; }

    /** @return edges fixed (and contracted) by the short-links test */
    public int edgesFixedByShortLinks() { return fixedBySl; }

    /**
     * An original node that the reduced node stands for (a contracted node stands for several).
     *
     * @param reducedNode a node of {@link #reduced()}
     * @return an original node index
     */
    public int originalNode(int reducedNode) { return nodeOrigin[reducedNode]; }

    /**
     * A tree of the reduced problem as a tree of the original: its edges expanded to the original
     * edges they stand for, plus the fixed edges, then the root's piece pruned to the terminals.
     *
     * @param reducedTree edges of a Steiner tree of {@link #reduced()}
     * @return edges of a Steiner tree of {@link #original()} costing at most the tree's cost plus
     *         {@link #fixedCost()}, or {@code null} if the result does not reach every terminal
     */
    public int[] expand(int[] reducedTree) {
        boolean[] use = new boolean[original.edgeCount()];
        for (int e : fixedEdges) use[e] = true;
        for (int e : reducedTree) for (int o : edgeOrigins[e]) use[o] = true;
        int cnt = 0;
        for (boolean b : use) if (b) cnt++;
        int[] all = new int[cnt];
        cnt = 0;
        for (int e = 0; e < use.length; e++) if (use[e]) all[cnt++] = e;
        return original.pruneToTree(all);
    }

    /** The mutable working graph the tests run on. */
    private static final class Work {
        final SteinerProblem p;
        final Tests tests;
        final boolean weakSd;
        final int n;
        int m;                 // edges allocated so far (original ones first, then merged ones)
        int[] eu, ev;
        double[] ec;
        int[][] origins;
        boolean[] edgeAlive;
        final int[][] adj;     // per node: edge ids (may hold dead or moved edges; cleaned lazily)
        final int[] adjSize;
        final boolean[] alive;
        final boolean[] terminal;
        int terminalCount;
        int root;
        final List<Integer> fixed = new ArrayList<>();
        int removedByDegree, removedBySd, fixedByNv;
        final int[] mark;      // neighbour -> edge, for contractions
        final MinHeap heap;
        final double[] dist;
        final int[] touched;

        final long deadline;
        boolean weakSl;
        int fixedBySl;

        Work(SteinerProblem p, Tests tests, boolean weakSd, boolean[] deleted, long deadline) {
            this.p = p;
            this.deadline = deadline;
            this.tests = tests;
            this.weakSd = weakSd;
            n = p.nodeCount();
            m = p.edgeCount();
            int cap = Math.max(4, m + n);
            eu = Arrays.copyOf(p.edgeU(), cap);
            ev = Arrays.copyOf(p.edgeV(), cap);
            ec = Arrays.copyOf(p.cost(), cap);
            origins = new int[cap][];
            edgeAlive = new boolean[cap];
            for (int e = 0; e < m; e++) { origins[e] = new int[] {e}; edgeAlive[e] = deleted == null || !deleted[e]; }
            adj = new int[n][];
            adjSize = new int[n];
            int[] deg = new int[n];
            for (int e = 0; e < m; e++) { deg[eu[e]]++; deg[ev[e]]++; }
            for (int v = 0; v < n; v++) adj[v] = new int[Math.max(2, deg[v])];
            for (int e = 0; e < m; e++) { add(eu[e], e); add(ev[e], e); }
            alive = new boolean[n];
            Arrays.fill(alive, true);
            terminal = new boolean[n];
            for (int t : p.terminals()) terminal[t] = true;
            terminalCount = p.terminals().length;
            root = p.terminals()[0];
            mark = new int[n];
            Arrays.fill(mark, -1);
            heap = new MinHeap(n);
            dist = new double[n];
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            touched = new int[n];
            // Parallel edges: keep the cheapest of each pair (the others are in no minimal tree).
            for (int v = 0; v < n; v++) {
                int sz = clean(v);
                for (int i = 0; i < sz; i++) {
                    int e = adj[v][i];
                    int w = other(e, v);
                    if (mark[w] < 0) mark[w] = e;
                    else if (ec[e] < ec[mark[w]]) { edgeAlive[mark[w]] = false; mark[w] = e; }
                    else edgeAlive[e] = false;
                }
                for (int i = 0; i < sz; i++) mark[other(adj[v][i], v)] = -1;
            }
        }

        void add(int v, int e) {
            if (adjSize[v] == adj[v].length) adj[v] = Arrays.copyOf(adj[v], 2 * adj[v].length);
            adj[v][adjSize[v]++] = e;
        }

        int other(int e, int v) { return eu[e] == v ? ev[e] : eu[e]; }

        /** Drops dead edges and edges no longer at v from v's list; returns the live degree. */
        int clean(int v) {
            int[] a = adj[v];
            int k = 0;
            for (int i = 0; i < adjSize[v]; i++) {
                int e = a[i];
                if (edgeAlive[e] && (eu[e] == v || ev[e] == v)) a[k++] = e;
            }
            adjSize[v] = k;
            return k;
        }

        void deleteNode(int v) {
            int sz = clean(v);
            for (int i = 0; i < sz; i++) edgeAlive[adj[v][i]] = false;
            adjSize[v] = 0;
            alive[v] = false;
        }

        /** Fixes edge e and contracts its end {@code gone} into {@code keep}. */
        void contract(int e, int keep, int gone) {
            for (int o : origins[e]) fixed.add(o);
            edgeAlive[e] = false;
            int ks = clean(keep);
            for (int i = 0; i < ks; i++) mark[other(adj[keep][i], keep)] = adj[keep][i];
            int gs = clean(gone);
            for (int i = 0; i < gs; i++) {
                int f = adj[gone][i];
                int w = other(f, gone);
                if (w == keep) { edgeAlive[f] = false; continue; }
                int g2 = mark[w];
                if (g2 >= 0) {
                    // Parallel after contraction: the dearer one is in no minimal tree.
                    if (ec[f] < ec[g2]) { edgeAlive[g2] = false; }
                    else { edgeAlive[f] = false; continue; }
                }
                if (eu[f] == gone) eu[f] = keep; else ev[f] = keep;
                add(keep, f);
                mark[w] = f;
            }
            int ks2 = adjSize[keep];
            for (int i = 0; i < ks2; i++) mark[other(adj[keep][i], keep)] = -1;
            for (int i = 0; i < gs; i++) { int f = adj[gone][i]; mark[eu[f]] = -1; mark[ev[f]] = -1; }
            if (terminal[gone]) {
                if (terminal[keep]) terminalCount--;
                terminal[keep] = true;
            }
            if (root == gone) root = keep;
            alive[gone] = false;
            adjSize[gone] = 0;
        }

        int newEdge(int a, int b, double c, int[] orig) {
            if (m == eu.length) {
                int cap = 2 * m;
                eu = Arrays.copyOf(eu, cap);
                ev = Arrays.copyOf(ev, cap);
                ec = Arrays.copyOf(ec, cap);
                origins = Arrays.copyOf(origins, cap);
                edgeAlive = Arrays.copyOf(edgeAlive, cap);
            }
            int e = m++;
            eu[e] = a;
            ev[e] = b;
            ec[e] = c;
            origins[e] = orig;
            edgeAlive[e] = true;
            add(a, e);
            add(b, e);
            return e;
        }

        Reduction run() {
            keepRootComponent();
            if (tests.degree()) degreeTests();
            for (int round = 0; round < tests.maxRounds() && !late(); round++) {
                int changes = 0;
                if (tests.specialDistance()) changes += specialDistance();
                if (tests.degree()) degreeTests();
                if (tests.nearestVertex()) changes += nearestVertex();
                if (tests.degree()) degreeTests();
                if (tests.shortLinks() && !late()) changes += shortLinks();
                if (tests.degree()) degreeTests();
                if (changes == 0) break;
            }
            return compact();
        }

        /** True once the deadline has passed: no further test starts (each finished one kept an optimum). */
        boolean late() { return System.nanoTime() > deadline; }

        void keepRootComponent() {
            boolean[] seen = new boolean[n];
            ArrayDeque<Integer> q = new ArrayDeque<>();
            q.add(root);
            seen[root] = true;
            while (!q.isEmpty()) {
                int x = q.poll();
                int sz = clean(x);
                for (int i = 0; i < sz; i++) {
                    int y = other(adj[x][i], x);
                    if (!seen[y]) { seen[y] = true; q.add(y); }
                }
            }
            for (int v = 0; v < n; v++) if (!seen[v] && alive[v]) deleteNode(v);
        }

        /** Degree 0/1/2 non-terminals, degree-1 terminals and zero-cost edges, until none applies. */
        void degreeTests() {
            ArrayDeque<Integer> q = new ArrayDeque<>();
            boolean[] queued = new boolean[n];
            for (int v = 0; v < n; v++) if (alive[v]) { q.add(v); queued[v] = true; }
            while (!q.isEmpty()) {
                int v = q.poll();
                queued[v] = false;
                if (!alive[v]) continue;
                int d = clean(v);
                if (terminalCount == 1 && terminal[v]) continue;
                if (!terminal[v] && d <= 1) {
                    int w = d == 1 ? other(adj[v][0], v) : -1;
                    deleteNode(v);
                    removedByDegree++;
                    if (w >= 0 && !queued[w]) { q.add(w); queued[w] = true; }
                    continue;
                }
                if (!terminal[v] && d == 2) {
                    int e1 = adj[v][0], e2 = adj[v][1];
                    int a = other(e1, v), b = other(e2, v);
                    double c = ec[e1] + ec[e2];
                    int existing = -1;
                    int sa = clean(a);
                    for (int i = 0; i < sa; i++) if (other(adj[a][i], a) == b) existing = adj[a][i];
                    if (existing < 0 || c < ec[existing]) {
                        if (existing >= 0) edgeAlive[existing] = false;
                        int[] o = Arrays.copyOf(origins[e1], origins[e1].length + origins[e2].length);
                        System.arraycopy(origins[e2], 0, o, origins[e1].length, origins[e2].length);
                        newEdge(a, b, c, o);
                    }
                    deleteNode(v);
                    removedByDegree++;
                    if (!queued[a]) { q.add(a); queued[a] = true; }
                    if (!queued[b]) { q.add(b); queued[b] = true; }
                    continue;
                }
                // Zero-cost edge at v: fix and contract (some optimal tree contains it, or no optimal tree
                // touches either end and contracting changes nothing; the prune in expand() drops it then).
                int zero = -1;
                for (int i = 0; i < d && zero < 0; i++) if (ec[adj[v][i]] == 0) zero = adj[v][i];
                if (zero < 0 && terminal[v] && d == 1 && terminalCount > 1) zero = adj[v][0];
                if (zero >= 0) {
                    int w = other(zero, v);
                    contract(zero, w, v);
                    removedByDegree++;
                    if (!queued[w]) { q.add(w); queued[w] = true; }
                }
            }
        }

        /**
         * Special distance: for each live edge (u, v, c), a search from u (not over the edge itself) for
         * a path to v whose pieces between terminals are each shorter than c; all edges with such a path
         * are deleted at once (valid because each one, alone, is in no optimal tree).
         */
        int specialDistance() {
            List<Integer> del = new ArrayList<>();
            for (int e = 0; e < m; e++) {
                if (!edgeAlive[e]) continue;
                if ((e & 255) == 0 && late()) break;
                int u = eu[e], v = ev[e];
                if (clean(u) > clean(v)) { int t = u; u = v; v = t; }
                if (bottleneckPath(u, v, e, ec[e])) del.add(e);
            }
            for (int e : del) edgeAlive[e] = false;
            removedBySd += del.size();
            return del.size();
        }

        /** Whether a path from u to v avoiding edge {@code skip} has every terminal-separated piece &lt; c (≤ c if weak). */
        boolean bottleneckPath(int u, int v, int skip, double c) {
            int nt = 0, scans = 0;
            boolean found = false;
            dist[u] = 0;
            touched[nt++] = u;
            heap.push(u, 0);
            while (!heap.isEmpty() && !found && scans < SD_SCAN_LIMIT) {
                int x = heap.pop();
                double dx = heap.key(x);
                int sz = clean(x);
                for (int i = 0; i < sz && scans < SD_SCAN_LIMIT; i++) {
                    int f = adj[x][i];
                    if (f == skip) continue;
                    scans++;
                    int y = other(f, x);
                    double d = dx + ec[f];
                    if (weakSd ? d > c : d >= c) continue;
                    if (y == v) { found = true; break; }
                    if (terminal[y]) d = 0; // a terminal ends a piece
                    if (d < dist[y]) {
                        if (dist[y] == Double.POSITIVE_INFINITY) touched[nt++] = y;
                        dist[y] = d;
                        heap.push(y, d);
                    }
                }
            }
            heap.clear();
            for (int i = 0; i < nt; i++) dist[touched[i]] = Double.POSITIVE_INFINITY;
            return found;
        }

        /**
         * Nearest vertex: terminal z with cheapest edge (z, v) of cost c1 and second cheapest c2; if some
         * other terminal is within c2 − c1 of v (by a path not through z), the edge is fixed. One
         * contraction at a time, each tested on the current graph.
         */
        int nearestVertex() {
            int count = 0;
            for (int z = 0; z < n && terminalCount > 1; z++) {
                if (!alive[z] || !terminal[z]) continue;
                if (late()) break;
                int d = clean(z);
                if (d < 2) continue;
                int best = -1, second = -1;
                for (int i = 0; i < d; i++) {
                    int e = adj[z][i];
                    if (best < 0 || ec[e] < ec[best]) { second = best; best = e; }
                    else if (second < 0 || ec[e] < ec[second]) second = e;
                }
                int v = other(best, z);
                double slack = ec[second] - ec[best];
                if (terminal[v] || nearestTerminalWithin(v, z, slack)) {
                    contract(best, v, z);
                    fixedByNv++;
                    count++;
                }
            }
            return count;
        }

        /**
         * Short links (Duin &amp; Volgenant): Voronoi regions N(z) of the terminals by one multi-source
         * Dijkstra; for a terminal z whose region's cheapest leaving edge e₁ = (v₁, w₁), v₁ ∈ N(z), and
         * second cheapest e₂ satisfy c(e₂) ≥ d(v₁) + c(e₁) + d(w₁) (d: distance to the region's
         * terminal), some optimal tree contains e₁. Links are fixed together only when their region pairs
         * {z, base(w₁)} are disjoint, which keeps the exchange arguments from undoing each other
         * (docs/algorithms.md).
         */
        int shortLinks() {
            if (terminalCount < 2) return 0;
            int[] base = new int[n];
            double[] vd = new double[n];
            Arrays.fill(base, -1);
            Arrays.fill(vd, Double.POSITIVE_INFINITY);
            for (int v = 0; v < n; v++) if (alive[v] && terminal[v]) { vd[v] = 0; base[v] = v; heap.push(v, 0); }
            while (!heap.isEmpty()) {
                int x = heap.pop();
                int sz = clean(x);
                for (int i = 0; i < sz; i++) {
                    int f = adj[x][i];
                    int y = other(f, x);
                    double d = vd[x] + ec[f];
                    if (alive[y] && d < vd[y]) { vd[y] = d; base[y] = base[x]; heap.push(y, d); }
                }
            }
            int[] best = new int[n], second = new int[n];
            Arrays.fill(best, -1);
            Arrays.fill(second, -1);
            for (int e = 0; e < m; e++) {
                if (!edgeAlive[e] || !alive[eu[e]] || !alive[ev[e]]) continue;
                int bu = base[eu[e]], bv = base[ev[e]];
                if (bu < 0 || bv < 0 || bu == bv) continue;
                for (int z : new int[] {bu, bv}) {
                    if (best[z] < 0 || ec[e] < ec[best[z]]) { second[z] = best[z]; best[z] = e; }
                    else if (second[z] < 0 || ec[e] < ec[second[z]]) second[z] = e;
                }
            }
            boolean[] used = new boolean[n];
            List<int[]> links = new ArrayList<>();
            for (int z = 0; z < n; z++) {
                int e1 = best[z];
                if (e1 < 0 || !terminal[z]) continue;
                int v1 = base[eu[e1]] == z ? eu[e1] : ev[e1];
                int w1 = other(e1, v1);
                int t = base[w1];
                double c2 = second[z] < 0 ? Double.POSITIVE_INFINITY : ec[second[z]];
                if (used[z] || used[t] || c2 < (weakSl ? 0 : vd[v1]) + ec[e1] + vd[w1]) continue;
                used[z] = true;
                used[t] = true;
                links.add(new int[] {e1, v1, w1});
            }
            int count = 0;
            for (int[] l : links) {
                int e = l[0];
                // The links' ends lie in pairwise different regions, so no contraction touches another link.
                if (!edgeAlive[e] || !alive[l[1]] || !alive[l[2]]) continue;
                contract(e, l[2], l[1]);
                fixedBySl++;
                count++;
            }
            return count;
        }

        /** Whether a terminal other than {@code z} is within distance ≤ r of v, by a path avoiding z. */
        boolean nearestTerminalWithin(int v, int z, double r) {
            int nt = 0, scans = 0;
            boolean found = false;
            dist[v] = 0;
            touched[nt++] = v;
            heap.push(v, 0);
            while (!heap.isEmpty() && scans < NV_SCAN_LIMIT) {
                int x = heap.pop();
                double dx = heap.key(x);
                if (terminal[x] && x != z) { found = true; break; }
                int sz = clean(x);
                for (int i = 0; i < sz; i++) {
                    int f = adj[x][i];
                    int y = other(f, x);
                    scans++;
                    if (y == z) continue;
                    double dd = dx + ec[f];
                    if (dd > r) continue;
                    if (dd < dist[y]) {
                        if (dist[y] == Double.POSITIVE_INFINITY) touched[nt++] = y;
                        dist[y] = dd;
                        heap.push(y, dd);
                    }
                }
            }
            heap.clear();
            for (int i = 0; i < nt; i++) dist[touched[i]] = Double.POSITIVE_INFINITY;
            return found;
        }

        Reduction compact() {
            int[] newIndex = new int[n];
            Arrays.fill(newIndex, -1);
            // The root first, so it keeps being terminal 0.
            List<Integer> nodes = new ArrayList<>();
            nodes.add(root);
            newIndex[root] = 0;
            for (int v = 0; v < n; v++) if (alive[v] && v != root) { newIndex[v] = nodes.size(); nodes.add(v); }
            List<Integer> edges = new ArrayList<>();
            for (int e = 0; e < m; e++) if (edgeAlive[e] && alive[eu[e]] && alive[ev[e]]) edges.add(e);
            int rm = edges.size();
            int[] u = new int[rm], v = new int[rm];
            double[] c = new double[rm];
            int[][] orig = new int[rm][];
            for (int i = 0; i < rm; i++) {
                int e = edges.get(i);
                u[i] = newIndex[eu[e]];
                v[i] = newIndex[ev[e]];
                c[i] = ec[e];
                orig[i] = origins[e];
            }
            List<Integer> ts = new ArrayList<>();
            for (int x : nodes) if (terminal[x]) ts.add(newIndex[x]);
            SteinerProblem r = new SteinerProblem(nodes.size(), u, v, c, ts.stream().mapToInt(Integer::intValue).toArray());
            return new Reduction(p, r, orig, fixed.stream().mapToInt(Integer::intValue).toArray(),
                    nodes.stream().mapToInt(Integer::intValue).toArray(), removedByDegree, removedBySd, fixedByNv, fixedBySl);
        }
    }
}
