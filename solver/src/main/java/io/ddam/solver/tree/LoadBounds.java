package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;


/**
 * Lower bounds on C_max = max_e load_e / κ_e that hold for <em>every</em> choice of routing trees, from
 * cuts of the network: whatever the trees, the messages that must cross a cut are spread over its edges,
 * so some edge of the cut has link time ≥ (messages across the cut) / (Σ of the cut's capacities).
 * <ul>
 *   <li><b>Bridges.</b> Removing a bridge e splits the nodes into two sides; every pair (n, m ∈ W_n) with
 *       n and m on different sides crosses e: unicast load_e ≥ 2·#pairs, aggregate ≥ 2·#{n with a target
 *       across}.</li>
 *   <li><b>Node cuts.</b> The edges at node v: every pair (v, m) leaves v and every pair (n, v) enters it,
 *       so unicast Σ_{e at v} load_e ≥ 2·(|W_v∖{v}| + #{n ≠ v : v ∈ W_n}); aggregate ≥ 2·([W_v∖{v} ≠ ∅] +
 *       #{n ≠ v : v ∈ W_n}).</li>
 *   <li><b>Chains.</b> A set U of nodes: every target m ∈ U of root n ≠ m has its own parent edge, which touches U,
 *       so n's tree has at least |U ∩ W_n∖{n}| edges touching U, one more for aggregate when n ∈ U has a target
 *       outside U (the edge where its path leaves U has its child outside), and for unicast each of n's paths
 *       touches U when n ∈ U. Each such edge carries ≥ 2 messages, so max_e load_e/κ_e ≥ 2·Σ_n count_n / Σ_{e
 *       touching U} κ_e. The sets tried are the maximal chains of degree-2 nodes (k nodes, k + 1 edges touching
 *       them): with dense W it gives 2·N·k/(k+1) (aggregate) against the volume's ~(N−1)/|E|·2N, so it counts on sparse
 *       backbones, whose long chains every tree must nearly cover.</li>
 *   <li><b>Two-edge cuts.</b> Two edges, neither a bridge, whose removal splits the network: the pairs across
 *       are counted as for a bridge, over the sum of the two capacities. Rings and chains of backbones have many
 *       (within a work cap).</li>
 *   <li><b>Volume.</b> The whole network as the cut: every link a tree uses carries 2 messages per path (unicast)
 *       or per tree (aggregate), and a path from n to m uses at least hops(n, m) links, a tree spanning n and W_n
 *       at least max(|W_n∖{n}|, max_m hops(n, m)); so Σ_e load_e is at least twice the sum of those, and
 *       max_e load_e/κ_e ≥ Σ_e load_e / Σ_e κ_e. It is the one that counts for dense W (every tree spans the
 *       network).</li>
 * </ul>
 * Cheap (O(bridges·(N + |E|) + N²), a breadth-first search per root for the volume, stopped once its
 * targets are reached, and one pass over W per chain, capped) and independent of the delay budget, so valid for
 * every ε.
 */
public final class LoadBounds {
    private LoadBounds() {}

    /**
     * The best cut bound: the largest of {@link #bridges}, {@link #nodeCuts}, {@link #volume}, {@link #chains} and
     * {@link #twoEdgeCuts}.
     *
     * @param p the joint problem
     * @param t the transport
     * @return a lower bound on C_max of any trees
     */
    public static double cut(JointProblem p, Transport t) {
        return Math.max(Math.max(Math.max(Math.max(bridges(p, t), nodeCuts(p, t)), volume(p, t)), chains(p, t)), twoEdgeCuts(p, t));
    }

    /** Largest work (nodes and edges visited, W entries read) of {@link #twoEdgeCuts}. */
    private static final long TWO_EDGE_WORK = 30_000_000L;

    /**
     * The two-edge-cut bound: for every pair of edges {e, f}, neither a bridge, whose removal splits the network (f is a
     * bridge once e is gone), the messages that must cross between the two sides over (κ_e + κ_f). Pairs crossing it
     * are counted as for a bridge. Backbones made of rings and chains have many such cuts, and one that halves the
     * network bounds dense-W unicast far above any bridge or node. Edges in index order within a work cap.
     *
     * @param p the joint problem
     * @param t the transport
     * @return the bound, 0 when no two edges split the network
     */
    public static double twoEdgeCuts(JointProblem p, Transport t) {
        Network g = p.network();
        int n = g.nodeCount(), edges = g.edgeCount();
        boolean[] bridge = new boolean[edges];
        BridgeFinder finder = new BridgeFinder(g);
        for (int e : finder.find(-1)) bridge[e] = true;
        boolean dense = true;
        long nnz = 0;
        for (int r = 0; r < n; r++) {
            nnz += p.targetCount(r);
            dense &= p.targetCount(r) == n - 1;
        }
        int[] side = new int[n];
        int[] stack = new int[n];
        long work = 0;
        double best = 0;
        for (int e = 0; e < edges && work <= TWO_EDGE_WORK; e++) {
            if (bridge[e]) continue;
            work += n + edges;
            for (int f : finder.find(e)) {
                if (f <= e || bridge[f] || work > TWO_EDGE_WORK) continue;   // each pair once, from its smaller edge
                int size = side(g, g.edgeU(f), e, f, side, stack);
                long messages;
                if (dense) {
                    // Every other node a target: each ordered pair across the cut, 2 messages a path; every tree crosses.
                    messages = t == Transport.UNICAST ? 4L * size * (n - size) : 2L * n;
                    work += n;
                } else {
                    messages = 0;
                    for (int r = 0; r < n; r++) {
                        int across = 0;
                        for (int m : p.targetsView(r)) if (side[m] != side[r]) across++;
                        messages += t == Transport.UNICAST ? 2L * across : across > 0 ? 2 : 0;
                    }
                    work += n + nnz;
                }
                best = Math.max(best, messages / (g.capacity(e) + g.capacity(f)));
            }
        }
        return best;
    }

    /** Largest Σ over evaluated chains of nnz(W) (each chain's count reads every root's targets once). */
    private static final long CHAIN_WORK = 200_000_000L;

    /**
     * The chain bound: max over maximal chains U of degree-2 nodes (open paths between nodes of other degrees) of
     * 2·Σ_n count_n(U) / Σ_{e touching U} κ_e (class comment). Chains of one node are node cuts and are skipped;
     * closed cycles (a component of degree-2 nodes) are left to the volume bound. Longest chains first, within a
     * work cap.
     *
     * @param p the joint problem
     * @param t the transport
     * @return the bound, 0 when the network has no chain of two or more nodes
     */
    public static double chains(JointProblem p, Transport t) {
        Network g = p.network();
        int n = g.nodeCount();
        boolean[] seen = new boolean[n];
        java.util.List<int[]> chains = new java.util.ArrayList<>();
        int[] stack = new int[n];
        for (int s = 0; s < n; s++) {
            if (seen[s] || degree(g, s) != 2) continue;
            int size = 0, top = 0;
            stack[top++] = s;
            seen[s] = true;
            int[] members = new int[4];
            while (top > 0) {
                int u = stack[--top];
                if (size == members.length) members = java.util.Arrays.copyOf(members, 2 * size);
                members[size++] = u;
                for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                    int v = g.adjacentNode(k);
                    if (!seen[v] && degree(g, v) == 2) {
                        seen[v] = true;
                        stack[top++] = v;
                    }
                }
            }
            if (size >= 2) chains.add(java.util.Arrays.copyOf(members, size));
        }
        chains.sort((a, b) -> Integer.compare(b.length, a.length));
        long nnz = 0;
        for (int r = 0; r < n; r++) nnz += p.targetCount(r);
        boolean[] inU = new boolean[n];
        boolean[] touching = new boolean[g.edgeCount()];
        double best = 0;
        long work = 0;
        for (int[] u : chains) {
            if ((work += nnz) > CHAIN_WORK && best > 0) break;
            for (int v : u) inU[v] = true;
            double cap = 0;
            int edges = 0;
            for (int v : u) {
                for (int k = g.adjacencyStart(v); k < g.adjacencyStart(v + 1); k++) {
                    int e = g.adjacentEdge(k);
                    if (touching[e]) continue;
                    touching[e] = true;
                    cap += g.capacity(e);
                    edges++;
                }
            }
            if (edges > u.length && cap > 0) {   // an open chain (a closed cycle has as many edges as nodes)
                long count = 0;
                for (int r = 0; r < n; r++) {
                    int inside = 0, all = 0;
                    for (int m : p.targetsView(r)) {
                        if (m == r) continue;
                        all++;
                        if (inU[m]) inside++;
                    }
                    if (t == Transport.UNICAST) count += inU[r] ? all : inside;
                    else count += inside + (inU[r] && all > inside ? 1 : 0);
                }
                best = Math.max(best, 2.0 * count / cap);
            }
            for (int v : u) {
                inU[v] = false;
                for (int k = g.adjacencyStart(v); k < g.adjacencyStart(v + 1); k++) touching[g.adjacentEdge(k)] = false;
            }
        }
        return best;
    }

    private static int degree(Network g, int v) {
        return g.adjacencyStart(v + 1) - g.adjacencyStart(v);
    }

    /**
     * The volume bound: (the least Σ_e load_e any trees can have) / Σ_e κ_e, with hop counts from a breadth-first
     * search per root (class comment).
     *
     * @param p the joint problem
     * @param t the transport
     * @return the bound, 0 when no pair needs a link
     */
    public static double volume(JointProblem p, Transport t) {
        Network g = p.network();
        int n = g.nodeCount();
        double cap = 0;
        for (int e = 0; e < g.edgeCount(); e++) cap += g.capacity(e);
        if (cap == 0) return 0;
        int[] hops = new int[n], queue = new int[n];
        boolean[] target = new boolean[n];
        java.util.Arrays.fill(hops, -1);
        double total = 0;
        for (int r = 0; r < n; r++) {
            int[] w = p.targets(r);
            if (w.length == 0) continue;
            int left = 0;
            for (int m : w) if (m != r && !target[m]) { target[m] = true; left++; }
            long sum = 0;
            int far = 0, head = 0, tail = 0;
            hops[r] = 0;
            queue[tail++] = r;
            while (head < tail && left > 0) {
                int u = queue[head++];
                for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                    int v = g.adjacentNode(k);
                    if (hops[v] >= 0) continue;
                    hops[v] = hops[u] + 1;
                    queue[tail++] = v;
                    if (target[v]) {
                        sum += hops[v];
                        far = hops[v];
                        left--;
                    }
                }
            }
            int count = 0;
            for (int m : w) if (m != r && target[m]) { target[m] = false; count++; }
            for (int i = 0; i < tail; i++) hops[queue[i]] = -1;
            total += t == Transport.UNICAST ? 2.0 * sum : 2.0 * Math.max(count, far);
        }
        return total / cap;
    }

    /**
     * The cut bound on the joint objective C_max + λ·Σ τ̃: {@link #cut} + λ·D* (every design's delay sum is at least
     * the shortest-path one, D*), and with λ = 0 rounded up to the grid C_max lives on ({@link #roundUp}).
     *
     * @param p      the joint problem
     * @param t      the transport
     * @param lambda λ ≥ 0
     * @return a lower bound on the objective of any trees
     */
    public static double objectiveBound(JointProblem p, Transport t, double lambda) {
        double b = cut(p, t) + lambda * p.shortestDelaySum();
        return lambda == 0 ? roundUp(b, p.network()) : b;
    }

    /**
     * The grid C_max lives on: every load is an even integer, so C_max = max_e load_e/κ_e is a multiple of
     * gcd_e(2/κ_e) whenever every 2/κ_e is a whole number (2 for κ ≡ 1; 1 for κ ∈ {0.5, 1, 2}).
     *
     * @param g the network
     * @return the grid's step, 0 when some 2/κ_e is not whole (no grid)
     */
    public static long gridStep(Network g) {
        long step = 0;
        for (int e = 0; e < g.edgeCount(); e++) {
            double q = 2 / g.capacity(e);
            long k = Math.round(q);
            if (k <= 0 || Math.abs(q - k) > 1e-9 * q) return 0;
            step = step == 0 ? k : java.math.BigInteger.valueOf(step).gcd(java.math.BigInteger.valueOf(k)).longValue();
        }
        return step;
    }

    /**
     * The smallest value C_max can take at or above a lower bound on it: the next multiple of {@link #gridStep}
     * (a bound within 1e-7 steps below a grid point counts as on it: LP noise).
     *
     * @param bound a lower bound on C_max
     * @param g     the network
     * @return the rounded bound, {@code bound} itself when there is no grid
     */
    public static double roundUp(double bound, Network g) {
        long step = gridStep(g);
        if (bound == Double.NEGATIVE_INFINITY || step == 0) return bound;
        return step * Math.ceil(bound / step - 1e-7);
    }

    /**
     * The bridge bound: max over bridges e of (messages that must cross e) / κ_e.
     *
     * @param p the joint problem
     * @param t the transport
     * @return the bound, 0 when the network has no bridge that any pair must cross
     */
    public static double bridges(JointProblem p, Transport t) {
        Network g = p.network();
        int n = g.nodeCount();
        double best = 0;
        int[] side = new int[n];
        int[] stack = new int[n];
        for (int e : bridgeEdges(g)) {
            side(g, g.edgeU(e), e, -1, side, stack);   // side 1 = the nodes reachable from edgeU(e) without e
            long messages = 0;
            for (int r = 0; r < n; r++) {
                int across = 0;
                for (int m : p.targets(r)) if (side[m] != side[r]) across++;
                messages += t == Transport.UNICAST ? 2L * across : across > 0 ? 2 : 0;
            }
            best = Math.max(best, messages / g.capacity(e));
        }
        return best;
    }

    /**
     * The node-cut bound: max over nodes v of (messages that must enter or leave v) / Σ_{e at v} κ_e.
     *
     * @param p the joint problem
     * @param t the transport
     * @return the bound, 0 when no pair needs a link
     */
    public static double nodeCuts(JointProblem p, Transport t) {
        Network g = p.network();
        int n = g.nodeCount();
        long[] asTarget = new long[n];
        for (int r = 0; r < n; r++) for (int m : p.targets(r)) asTarget[m]++;
        double best = 0;
        for (int v = 0; v < n; v++) {
            double cap = 0;
            for (int k = g.adjacencyStart(v); k < g.adjacencyStart(v + 1); k++) cap += g.capacity(g.adjacentEdge(k));
            if (cap == 0) continue;
            long out = t == Transport.UNICAST ? p.targetCount(v) : p.targetCount(v) > 0 ? 1 : 0;
            best = Math.max(best, 2.0 * (out + asTarget[v]) / cap);
        }
        return best;
    }

    /** Bridges by Tarjan's low-link on an iterative DFS (no recursion: networks may be long paths). */
    static int[] bridgeEdges(Network g) { return new BridgeFinder(g).find(-1); }

    /**
     * Tarjan's bridge search with its arrays sized once, so that {@link #twoEdgeCuts} can run it for every edge
     * without allocating per run (10,000-node grid: 0.16 s for the two-edge cuts, 1.37 s with a fresh boxed-stack
     * search per edge).
     */
    private static final class BridgeFinder {
        private final Network g;
        private final int[] disc, low, parentEdge, iter, stack, out;

        BridgeFinder(Network g) {
            this.g = g;
            int n = g.nodeCount();
            disc = new int[n];
            low = new int[n];
            parentEdge = new int[n];
            iter = new int[n];
            stack = new int[n];
            out = new int[g.edgeCount()];
        }

        /** The bridges of the network without edge {@code skip} (-1: none), ascending. */
        int[] find(int skip) {
            int n = g.nodeCount();
            java.util.Arrays.fill(disc, -1);
            int time = 0;
            int count = 0;
            for (int s = 0; s < n; s++) {
                if (disc[s] >= 0) continue;
                disc[s] = low[s] = time++;
                parentEdge[s] = -1;
                iter[s] = g.adjacencyStart(s);
                int top = 0;
                stack[top++] = s;
                while (top > 0) {
                    int u = stack[top - 1];
                    if (iter[u] < g.adjacencyStart(u + 1)) {
                        int k = iter[u]++;
                        int e = g.adjacentEdge(k), v = g.adjacentNode(k);
                        if (e == parentEdge[u] || e == skip) continue;
                        if (disc[v] < 0) {
                            disc[v] = low[v] = time++;
                            parentEdge[v] = e;
                            iter[v] = g.adjacencyStart(v);
                            stack[top++] = v;
                        } else {
                            low[u] = Math.min(low[u], disc[v]);
                        }
                    } else {
                        top--;
                        if (parentEdge[u] >= 0) {
                            int p = g.opposite(parentEdge[u], u);
                            low[p] = Math.min(low[p], low[u]);
                            if (low[u] > disc[p]) out[count++] = parentEdge[u];
                        }
                    }
                }
            }
            int[] r = java.util.Arrays.copyOf(out, count);
            java.util.Arrays.sort(r);
            return r;
        }
    }

    /**
     * Marks side[v] = 1 for the nodes reachable from {@code from} without edges {@code skipA} and {@code skipB}
     * (-1: none), 0 for the others.
     *
     * @return how many nodes are marked
     */
    private static int side(Network g, int from, int skipA, int skipB, int[] side, int[] stack) {
        java.util.Arrays.fill(side, 0);
        int top = 0, size = 1;
        stack[top++] = from;
        side[from] = 1;
        while (top > 0) {
            int u = stack[--top];
            for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                int a = g.adjacentEdge(k);
                if (a == skipA || a == skipB) continue;
                int v = g.adjacentNode(k);
                if (side[v] == 0) {
                    side[v] = 1;
                    stack[top++] = v;
                    size++;
                }
            }
        }
        return size;
    }
}
