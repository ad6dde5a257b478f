package io.ddam.solver.steiner;

import java.util.Arrays;

/**
 * Primal heuristics on a {@link SteinerProblem}: the shortest-path heuristic of Takahashi and
 * Matsuyama (grow a tree from the root, each time joining the terminal nearest to it), optionally on
 * modified edge weights (e.g. dual-ascent reduced costs) or a subset of edges, followed by the MST of
 * the chosen nodes with non-terminal leaves pruned, and local search by Steiner-node insertion and
 * elimination (each accepted move lowers the cost, so the search ends).
 */
public final class SteinerHeuristic {
    private SteinerHeuristic() {}

    /**
     * The shortest-path heuristic by the true costs, then MST and pruning.
     *
     * @param p the problem
     * @return a Steiner tree's edges, or {@code null} if the terminals are not connected
     */
    public static int[] shortestPath(SteinerProblem p) { return shortestPath(p, p.cost(), null); }

    /**
     * The shortest-path heuristic with path lengths by {@code weight} over the allowed edges, then the
     * MST (by true cost) of the chosen nodes over all edges, pruned.
     *
     * @param p       the problem
     * @param weight  per-edge lengths used to choose paths (≥ 0)
     * @param allowed edges the paths may use, or {@code null} for all
     * @return a Steiner tree's edges, or {@code null} if the terminals are not connected that way
     */
    public static int[] shortestPath(SteinerProblem p, double[] weight, boolean[] allowed) {
        int n = p.nodeCount();
        int[][] csr = p.adjacency();
        int[] start = csr[0], adj = csr[1];
        int[] eu = p.edgeU(), ev = p.edgeV();
        boolean[] terminal = new boolean[n];
        for (int t : p.terminals()) terminal[t] = true;
        boolean[] inTree = new boolean[n];
        inTree[p.terminals()[0]] = true;
        double[] dist = new double[n];
        int[] via = new int[n];
        MinHeap heap = new MinHeap(n);
        int remaining = p.terminals().length - 1;
        while (remaining > 0) {
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            for (int v = 0; v < n; v++) if (inTree[v]) { dist[v] = 0; heap.push(v, 0); }
            int hit = -1;
            while (!heap.isEmpty()) {
                int x = heap.pop();
                if (terminal[x] && !inTree[x]) { hit = x; break; }
                for (int k = start[x]; k < start[x + 1]; k++) {
                    int e = adj[k];
                    if (allowed != null && !allowed[e]) continue;
                    int y = eu[e] == x ? ev[e] : eu[e];
                    double d = dist[x] + weight[e];
                    if (d < dist[y]) { dist[y] = d; via[y] = e; heap.push(y, d); }
                }
            }
            heap.clear();
            if (hit < 0) return null;
            for (int v = hit; !inTree[v]; v = eu[via[v]] == v ? ev[via[v]] : eu[via[v]]) {
                inTree[v] = true;
                if (terminal[v]) remaining--;
            }
        }
        return mstPruned(p, inTree, start, adj);
    }

    /** Prim's MST (true costs) of the subgraph induced by {@code nodes}, non-terminal leaves pruned; null if not connected. */
    static int[] mstPruned(SteinerProblem p, boolean[] nodes, int[] start, int[] adj) {
        int n = p.nodeCount();
        int[] eu = p.edgeU(), ev = p.edgeV();
        double[] c = p.cost();
        double[] key = new double[n];
        int[] parentEdge = new int[n];
        boolean[] done = new boolean[n];
        Arrays.fill(key, Double.POSITIVE_INFINITY);
        Arrays.fill(parentEdge, -1);
        MinHeap heap = new MinHeap(n);
        int root = p.terminals()[0];
        key[root] = 0;
        heap.push(root, 0);
        int count = 0;
        while (!heap.isEmpty()) {
            int x = heap.pop();
            done[x] = true;
            for (int k = start[x]; k < start[x + 1]; k++) {
                int e = adj[k];
                int y = eu[e] == x ? ev[e] : eu[e];
                if (nodes[y] && !done[y] && c[e] < key[y]) { key[y] = c[e]; parentEdge[y] = e; heap.push(y, c[e]); }
            }
        }
        for (int v = 0; v < n; v++) if (parentEdge[v] >= 0) count++;
        int[] edges = new int[count];
        count = 0;
        for (int v = 0; v < n; v++) if (parentEdge[v] >= 0) edges[count++] = parentEdge[v];
        return p.pruneToTree(edges);
    }

    /**
     * The shortest-path heuristic started from every terminal in turn (the tree grows from a different
     * node each time, so the trees differ), the cheapest kept; stops starting new runs at the deadline.
     *
     * @param p        the problem
     * @param deadline {@link System#nanoTime()} deadline
     * @return the cheapest tree found, or {@code null} if the terminals are not connected
     */
    public static int[] fromEveryTerminal(SteinerProblem p, long deadline) {
        int[] term = p.terminals();
        int[] best = shortestPath(p);
        if (best == null) return null;
        double bestCost = p.cost(best);
        for (int i = 1; i < term.length && System.nanoTime() < deadline; i++) {
            int[] t = term.clone();
            t[0] = term[i];
            t[i] = term[0];
            int[] tree = shortestPath(new SteinerProblem(p.nodeCount(), p.edgeU(), p.edgeV(), p.cost(), t));
            if (tree != null && p.cost(tree) < bestCost - 1e-9) {
                best = tree;
                bestCost = p.cost(tree);
            }
        }
        return best;
    }

    /**
     * Local search: Steiner-node insertion (a node joins if the MST of the tree's nodes with it, pruned,
     * is cheaper) and elimination (a Steiner node leaves if the MST without it still connects and is
     * cheaper), until no move improves or {@code deadline} passes.
     *
     * @param p        the problem
     * @param tree     a Steiner tree's edges
     * @param deadline {@link System#nanoTime()} deadline
     * @return a tree costing at most as much
     */
    public static int[] localSearch(SteinerProblem p, int[] tree, long deadline) {
        int n = p.nodeCount();
        int[][] csr = p.adjacency();
        int[] start = csr[0], adj = csr[1];
        boolean[] terminal = new boolean[n];
        for (int t : p.terminals()) terminal[t] = true;
        int[] best = tree;
        double bestCost = p.cost(tree);
        boolean improved = true;
        // Each pass costs O(n · m log n): only for moderate sizes.
        if ((long) n * p.edgeCount() > 20_000_000L) return best;
        while (improved && System.nanoTime() < deadline) {
            improved = false;
            boolean[] nodes = nodesOf(p, best);
            for (int v = 0; v < n && System.nanoTime() < deadline; v++) {
                if (terminal[v]) continue;
                boolean had = nodes[v];
                if (!had) {
                    boolean touches = false;
                    for (int k = start[v]; k < start[v + 1] && !touches; k++) {
                        int e = adj[k];
                        touches = nodes[p.edgeU()[e] == v ? p.edgeV()[e] : p.edgeU()[e]];
                    }
                    if (!touches) continue;
                }
                nodes[v] = !had;
                int[] t = mstPruned(p, nodes, start, adj);
                nodes[v] = had;
                if (t != null && p.cost(t) < bestCost - 1e-9) {
                    best = t;
                    bestCost = p.cost(t);
                    nodes = nodesOf(p, best);
                    improved = true;
                }
            }
        }
        return best;
    }

    private static boolean[] nodesOf(SteinerProblem p, int[] edges) {
        boolean[] in = new boolean[p.nodeCount()];
        in[p.terminals()[0]] = true;
        for (int e : edges) { in[p.edgeU()[e]] = true; in[p.edgeV()[e]] = true; }
        return in;
    }
}
