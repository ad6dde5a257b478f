package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

/**
 * Designer {@code kmb}: the Kou–Markowsky–Berman 2(1−1/ℓ)-approximate Steiner tree on the terminals
 * {root} ∪ targets by edge <em>cost</em> (method.md §3.2), ℓ being the number of leaves of an
 * optimal tree (at most the number of terminals). Status {@link SolveStatus#APPROXIMATE}, objective
 * = tree cost.
 *
 * <p>Steps, with the tie rules that make the result reproducible:
 * <ol>
 * <li>Terminals are ordered root first, then the other targets by ascending node index. One
 *     {@link Dijkstra} per terminal t_i except the last, stopped once the later terminals
 *     t_{i+1..} are settled, gives the distance d(t_i, t_j), j &gt; i, and t_i's shortest-path tree
 *     (no all-pairs closure over all nodes). On networks of up to
 *     1,024 nodes each terminal's full tree is run once per thread
 *     and kept for later roots instead: it settles the same labels, so the result is the same.</li>
 * <li>Prim's MST on the dense ℓ×ℓ distance matrix, started at the root; the next terminal is the
 *     one with the smallest key, the lowest terminal position among equal keys; a key is replaced
 *     only by a strictly smaller one.</li>
 * <li>Each MST edge (t_i, t_j), i &lt; j, is expanded into the path stored in t_i's shortest-path tree.</li>
 * <li>Kruskal's MST of the union of those paths, edges in (cost, edge index) order. Overlapping or
 *     tied paths may form cycles in the union; this step removes them, so the result is always a tree.</li>
 * <li>Non-terminal leaves are pruned repeatedly ({@link RoutingTree#pruneTo}).</li>
 * </ol>
 * Stateless and thread-safe (scratch space is per thread).
 */
public final class KmbSteinerDesigner implements TreeDesigner {
    /** The name used on the command line. */
    public static final String NAME = "kmb";

    @Override
    public String name() { return NAME; }

    @Override
    public DesignedTree design(Network network, int root, int[] targets) {
        return design(network, root, targets, true);
    }

    /** Tests: {@link #design} with the per-source tree cache ({@code cached}) or with one stopped run per terminal. */
    DesignedTree design(Network network, int root, int[] targets, boolean cached) {
        long start = System.nanoTime();
        int[] terms = Workspace.terminals(network, root, targets);
        int l = terms.length;
        Workspace ws = Workspace.of(network);

        // Step 1: distances between terminals and the shortest-path trees to expand them later.
        double[] d = new double[l * l];
        int[][] parents = new int[Math.max(0, l - 1)][];
        if (cached && ws.cachesCostTrees()) {
            // Each terminal's full tree, kept across roots: the labels a run stopped early would settle are
            // the same (the same heap operations up to that point), so distances and paths are the same.
            for (int i = 0; i < l - 1; i++) {
                parents[i] = ws.costTree(terms[i]);
                double[] dist = ws.costDistances(terms[i]);
                if (i == 0) requireReached(network, dist, terms);
                for (int j = i + 1; j < l; j++) {
                    d[i * l + j] = dist[terms[j]];
                    d[j * l + i] = dist[terms[j]];
                }
            }
        } else {
            stoppedRuns(network, ws, ws.byCost(), terms, d, parents);
        }
        return finish(network, ws, root, terms, d, parents, start);
    }

    /** Step 1 without the cache: one Dijkstra per terminal t_i, stopped once t_{i+1..} are settled. */
    private static void stoppedRuns(Network network, Workspace ws, Dijkstra dj, int[] terms, double[] d, int[][] parents) {
        int l = terms.length;
        int n = network.nodeCount();
        boolean[] stop = ws.nodeMark;
        for (int j = 1; j < l; j++) stop[terms[j]] = true;
        try {
            for (int i = 0; i < l - 1; i++) {
                dj.runUntil(terms[i], stop, l - 1 - i);
                if (i == 0) requireReached(network, dj, terms);
                for (int j = i + 1; j < l; j++) {
                    double x = dj.distance(terms[j]);
                    d[i * l + j] = x;
                    d[j * l + i] = x;
                }
                parents[i] = new int[n];
                dj.copyParentEdges(parents[i]);
                stop[terms[i + 1]] = false;
            }
        } finally {
            for (int t : terms) stop[t] = false;
        }
    }

    /** Steps 2 to 5, from the terminal distances and each terminal's shortest-path tree. */
    private static DesignedTree finish(Network network, Workspace ws, int root, int[] terms, double[] d, int[][] parents, long start) {
        int l = terms.length;
        // Step 2: Prim on the complete terminal graph.
        int[] from = new int[l];
        double[] key = new double[l];
        boolean[] done = new boolean[l];
        java.util.Arrays.fill(key, Double.POSITIVE_INFINITY);
        key[0] = 0;
        from[0] = -1;
        int count = 0;
        for (int step = 0; step < l; step++) {
            int best = -1;
            double bestKey = Double.POSITIVE_INFINITY;
            for (int j = 0; j < l; j++) {
                if (!done[j] && (best < 0 || key[j] < bestKey)) { best = j; bestKey = key[j]; }
            }
            done[best] = true;
            // Step 3, interleaved: expand the MST edge (from[best], best) into its graph path.
            if (from[best] >= 0) {
                int a = Math.min(best, from[best]);
                int b = Math.max(best, from[best]);
                int[] pe = parents[a];
                int target = terms[a];
                for (int v = terms[b]; v != target; ) {
                    int e = pe[v];
                    count = ws.addEdge(e, count);
                    v = network.opposite(e, v);
                }
            }
            int row = best * l;
            for (int j = 0; j < l; j++) {
                if (!done[j] && d[row + j] < key[j]) { key[j] = d[row + j]; from[j] = best; }
            }
        }

        // Steps 4 and 5.
        RoutingTree tree = ws.spanningTreeOfUnion(count, root, terms);
        return new DesignedTree(tree, SolveStatus.APPROXIMATE, tree.cost(), Double.NaN, System.nanoTime() - start);
    }

    /** The root's distances must reach every terminal; otherwise name those it cannot reach. */
    private static void requireReached(Network network, double[] dist, int[] terms) {
        int[] missing = new int[terms.length];
        int count = 0;
        for (int t : terms) if (dist[t] == Double.POSITIVE_INFINITY) missing[count++] = t;
        if (count > 0) throw Workspace.unreachable(network, terms[0], missing, count);
    }

    /** The root's run must reach every terminal; otherwise name those it cannot reach. */
    private static void requireReached(Network network, Dijkstra dj, int[] terms) {
        int[] missing = new int[terms.length];
        int count = 0;
        for (int t : terms) if (!dj.reached(t)) missing[count++] = t;
        if (count > 0) throw Workspace.unreachable(network, terms[0], missing, count);
    }

    @Override
    public String toString() { return NAME; }
}
