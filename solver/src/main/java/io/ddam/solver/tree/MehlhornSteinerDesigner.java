package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

/**
 * Designer {@code mehlhorn}: Mehlhorn's faster variant of KMB (Inf. Proc. Letters 27, 1988) with the
 * same 2(1−1/ℓ) guarantee, by edge cost. Status {@link SolveStatus#APPROXIMATE}, objective = tree cost.
 *
 * <p>One multi-source {@link Dijkstra} from all terminals splits the nodes into Voronoi regions
 * (each node's nearest terminal s(v); region ties follow the Dijkstra tie rule). Every edge (u, v)
 * joining two regions gives the terminal pair (s(u), s(v)) the candidate length
 * d(s(u), u) + c(u, v) + d(v, s(v)); Mehlhorn showed an MST of these candidates is an MST of the full
 * terminal distance graph. The MST is taken by Kruskal over the candidates in (length, edge index)
 * order, which keeps, per terminal pair, the shortest candidate with the lowest edge index. Each
 * chosen candidate expands to path s(u)→u, edge (u, v), path v→s(v); then, as in KMB, the MST of the
 * union (Kruskal, (cost, edge index) order) removes any cycles and non-terminal leaves are pruned.
 * Stateless and thread-safe (scratch space is per thread).
 */
public final class MehlhornSteinerDesigner implements TreeDesigner {
    /** The name used on the command line. */
    public static final String NAME = "mehlhorn";

    @Override
    public String name() { return NAME; }

    @Override
    public DesignedTree design(Network network, int root, int[] targets) {
        long start = System.nanoTime();
        int[] terms = Workspace.terminals(network, root, targets);
        int l = terms.length;
        Workspace ws = Workspace.of(network);
        Dijkstra dj = ws.byCost();
        dj.runMulti(terms);

        int[] tIndex = ws.terminalIndex;
        for (int i = 0; i < l; i++) tIndex[terms[i]] = i;
        int count = 0;
        try {
            // Boundary edges between regions, as candidate terminal-graph edges.
            int[] cand = ws.edgeList;
            double[] len = ws.edgeKey;
            int c = 0;
            int m = network.edgeCount();
            for (int e = 0; e < m; e++) {
                int u = network.edgeU(e), v = network.edgeV(e);
                if (!dj.reached(u) || !dj.reached(v)) continue; // another component, holds no terminal
                if (dj.origin(u) == dj.origin(v)) continue;
                len[e] = dj.distance(u) + network.cost(e) + dj.distance(v);
                cand[c++] = e;
            }
            Workspace.sortByKey(cand, c, len, ws.edgeTmp);
            // Kruskal over terminal positions; the chosen edges are moved to the front of cand.
            int[] uf = new int[l];
            for (int i = 0; i < l; i++) uf[i] = i;
            int chosen = 0;
            for (int k = 0; k < c && chosen < l - 1; k++) {
                int e = cand[k];
                int a = Workspace.find(uf, tIndex[dj.origin(network.edgeU(e))]);
                int b = Workspace.find(uf, tIndex[dj.origin(network.edgeV(e))]);
                if (a == b) continue;
                uf[a] = b;
                cand[chosen++] = e;
            }
            if (chosen < l - 1) {
                // All candidates were used, so the root's set holds exactly the terminals of its component.
                int[] missing = new int[l];
                int mc = 0;
                int rootSet = Workspace.find(uf, 0);
                for (int i = 1; i < l; i++) if (Workspace.find(uf, i) != rootSet) missing[mc++] = terms[i];
                throw Workspace.unreachable(network, root, missing, mc);
            }
            int[] picked = java.util.Arrays.copyOf(cand, chosen);
            // Expand (the edge list is reused for the union from here on).
            for (int e : picked) {
                count = ws.addEdge(e, count);
                for (int end = 0; end < 2; end++) {
                    int v = end == 0 ? network.edgeU(e) : network.edgeV(e);
                    for (int pe = dj.parentEdge(v); pe >= 0; pe = dj.parentEdge(v)) {
                        count = ws.addEdge(pe, count);
                        v = network.opposite(pe, v);
                    }
                }
            }
        } finally {
            for (int t : terms) tIndex[t] = -1;
        }
        RoutingTree tree = ws.spanningTreeOfUnion(count, root, terms);
        return new DesignedTree(tree, SolveStatus.APPROXIMATE, tree.cost(), Double.NaN, System.nanoTime() - start);
    }

    @Override
    public String toString() { return NAME; }
}
