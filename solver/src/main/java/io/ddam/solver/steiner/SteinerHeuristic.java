package io.ddam.solver.steiner;

import java.util.Arrays;

/**
 * Primal heuristics on a {@link SteinerProblem}: the shortest-path heuristic of Takahashi and
 * Matsuyama (grow a tree from the root, each time joining the terminal nearest to it), optionally on
 * modified edge weights (e.g. dual-ascent reduced costs) or a subset of edges, followed by the MST of
 * the chosen nodes with non-terminal leaves pruned, and local search by key-path exchange, key-vertex
 * elimination, Steiner-node insertion and elimination (each accepted move lowers the cost, so the search
 * ends).
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
     * Local search: {@link #keyPathExchange key-path exchange and key-vertex elimination}, then
     * Steiner-node insertion (a node joins if the MST of the tree's nodes with it, pruned, is cheaper) and
     * elimination (a Steiner node leaves if the MST without it still connects and is cheaper; both only
     * where n·m ≤ 2·10^7), until no move improves or {@code deadline} passes.
     *
     * @param p        the problem
     * @param tree     a Steiner tree's edges
     * @param deadline {@link System#nanoTime()} deadline
     * @return a tree costing at most as much
     */
    public static int[] localSearch(SteinerProblem p, int[] tree, long deadline) {
        int[] best = tree;
        double bestCost = p.cost(tree);
        // Key-path moves first (cheap on any size), then node moves, until neither improves.
        while (System.nanoTime() < deadline) {
            int[] t = nodeMoves(p, keyPathExchange(p, best, deadline), deadline);
            if (!(p.cost(t) < bestCost - 1e-9)) break;
            best = t;
            bestCost = p.cost(t);
        }
        return best;
    }

    /** Steiner-node insertion and elimination by MST (see {@link #localSearch}); moderate sizes only. */
    private static int[] nodeMoves(SteinerProblem p, int[] tree, long deadline) {
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
                    // A node with one tree neighbour would be a leaf of the MST and pruned again: only nodes
                    // next to two or more tree nodes can lower the cost (most of C18's local search went to the others).
                    int touches = 0;
                    for (int k = start[v]; k < start[v + 1] && touches < 2; k++) {
                        int e = adj[k];
                        if (nodes[p.edgeU()[e] == v ? p.edgeV()[e] : p.edgeU()[e]]) touches++;
                    }
                    if (touches < 2) continue;
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

    /**
     * Key-path exchange and key-vertex elimination (Uchoa and Werneck's moves for Steiner trees): a key
     * node is a terminal or a tree node of degree at least 3, a key path the tree path between two key
     * nodes whose inner nodes are neither. One move removes a key path, or a non-terminal key node with
     * all its key paths, and joins the pieces left again by shortest paths (the piece holding the first
     * terminal grows by the nearest other piece until all are joined), and is kept only if the new paths
     * cost strictly less than the removed ones; so the cost falls with every accepted move and the search
     * ends. Each move is one bounded Dijkstra search per piece, so unlike {@link #localSearch} it suits
     * graphs with thousands of nodes.
     *
     * @param p        the problem
     * @param tree     a Steiner tree's edges
     * @param deadline {@link System#nanoTime()} deadline
     * @return a tree costing at most as much
     */
    public static int[] keyPathExchange(SteinerProblem p, int[] tree, long deadline) {
        int n = p.nodeCount();
        int[][] csr = p.adjacency();
        int[] start = csr[0], adj = csr[1];
        int[] eu = p.edgeU(), ev = p.edgeV();
        double[] c = p.cost();
        boolean[] terminal = new boolean[n];
        for (int t : p.terminals()) terminal[t] = true;
        int[] best = p.pruneToTree(tree);
        if (best == null) return tree;
        double bestCost = p.cost(best);
        int[] label = new int[n];
        double[] dist = new double[n];
        int[] via = new int[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        MinHeap heap = new MinHeap(n);
        boolean improved = true;
        while (improved && System.nanoTime() < deadline) {
            improved = false;
            // The tree's adjacency, its key nodes and key paths.
            int[] deg = new int[n];
            for (int e : best) { deg[eu[e]]++; deg[ev[e]]++; }
            int[] ts = new int[n + 1];
            for (int e : best) { ts[eu[e] + 1]++; ts[ev[e] + 1]++; }
            for (int v = 0; v < n; v++) ts[v + 1] += ts[v];
            int[] tadj = new int[2 * best.length];
            int[] fill = ts.clone();
            for (int e : best) { tadj[fill[eu[e]]++] = e; tadj[fill[ev[e]]++] = e; }
            boolean[] key = new boolean[n];
            for (int v = 0; v < n; v++) key[v] = deg[v] > 0 && (terminal[v] || deg[v] >= 3);
            if (best.length == 0) break;
            java.util.List<int[]> paths = new java.util.ArrayList<>();   // edges of each key path
            java.util.List<int[]> ends = new java.util.ArrayList<>();
            boolean[] seen = new boolean[p.edgeCount()];
            for (int k0 = 0; k0 < n; k0++) {
                if (!key[k0]) continue;
                for (int i = ts[k0]; i < ts[k0 + 1]; i++) {
                    int e = tadj[i];
                    if (seen[e]) continue;
                    java.util.List<Integer> pe = new java.util.ArrayList<>();
                    int x = k0;
                    while (true) {
                        seen[e] = true;
                        pe.add(e);
                        x = eu[e] == x ? ev[e] : eu[e];
                        if (key[x]) break;
                        int next = tadj[ts[x]] == e ? tadj[ts[x] + 1] : tadj[ts[x]];   // inner nodes have degree 2
                        e = next;
                    }
                    paths.add(pe.stream().mapToInt(Integer::intValue).toArray());
                    ends.add(new int[] {k0, x});
                }
            }
            // Moves: each key path alone, then each non-terminal key node with its key paths.
            java.util.List<int[]> moves = new java.util.ArrayList<>();   // indices into paths; last = freed key node or -1
            for (int i = 0; i < paths.size(); i++) moves.add(new int[] {i, -1});
            for (int v = 0; v < n; v++) {
                if (!key[v] || terminal[v]) continue;
                java.util.List<Integer> m = new java.util.ArrayList<>();
                for (int i = 0; i < paths.size(); i++) if (ends.get(i)[0] == v || ends.get(i)[1] == v) m.add(i);
                m.add(v);
                moves.add(m.stream().mapToInt(Integer::intValue).toArray());
            }
            boolean[] removed = new boolean[p.edgeCount()];
            for (int[] move : moves) {
                if (System.nanoTime() >= deadline) break;
                int freedKey = move[move.length - 1];
                double removedCost = 0;
                for (int i = 0; i < move.length - 1; i++) for (int e : paths.get(move[i])) { removed[e] = true; removedCost += c[e]; }
                int[] joined = reconnect(p, best, removed, freedKey, removedCost, start, adj, ts, tadj, label, dist, via, heap);
                for (int i = 0; i < move.length - 1; i++) for (int e : paths.get(move[i])) removed[e] = false;
                if (joined != null) {
                    int[] t = p.pruneToTree(joined);
                    if (t != null && p.cost(t) < bestCost - 1e-9) {
                        best = t;
                        bestCost = p.cost(t);
                        improved = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    /**
     * The tree without the {@code removed} edges (and without {@code freedKey}, if ≥ 0), its pieces joined
     * again greedily by shortest paths from the first terminal's piece; the new edge set, or null unless the
     * new paths cost less than {@code budget}. Pieces are the tree nodes still touching a kept edge, plus
     * terminals; inner nodes of removed paths are free for the new paths.
     */
    private static int[] reconnect(SteinerProblem p, int[] tree, boolean[] removed, int freedKey, double budget,
            int[] start, int[] adj, int[] ts, int[] tadj, int[] label, double[] dist, int[] via, MinHeap heap) {
        int n = p.nodeCount();
        int[] eu = p.edgeU(), ev = p.edgeV();
        double[] c = p.cost();
        Arrays.fill(label, -1);
        // Label the pieces: every node of the tree with a kept edge, and every terminal.
        int pieces = 0;
        int[] stack = new int[n];
        java.util.List<Integer> kept = new java.util.ArrayList<>();
        for (int e : tree) if (!removed[e]) kept.add(e);
        int[] seeds = new int[2 * tree.length + p.terminals().length];
        int ns = 0;
        for (int t : p.terminals()) seeds[ns++] = t;
        for (int e : tree) if (!removed[e]) { seeds[ns++] = eu[e]; seeds[ns++] = ev[e]; }
        for (int si = 0; si < ns; si++) {
            int s = seeds[si];
            if (label[s] >= 0 || s == freedKey) continue;
            int top = 0;
            stack[top++] = s;
            label[s] = pieces;
            while (top > 0) {
                int x = stack[--top];
                for (int i = ts[x]; i < ts[x + 1]; i++) {
                    int e = tadj[i];
                    if (removed[e]) continue;
                    int y = eu[e] == x ? ev[e] : eu[e];
                    if (label[y] < 0) { label[y] = pieces; stack[top++] = y; }
                }
            }
            pieces++;
        }
        int rootPiece = label[p.terminals()[0]];
        boolean[] merged = new boolean[pieces];
        merged[rootPiece] = true;
        int left = pieces - 1;
        java.util.List<Integer> added = new java.util.ArrayList<>();
        double spent = 0;
        boolean[] inGrown = new boolean[n];   // nodes of the new paths
        int[] touched = new int[n];
        while (left > 0) {
            int nt = 0;
            for (int v = 0; v < n; v++) {
                if ((label[v] >= 0 && merged[label[v]]) || inGrown[v]) { dist[v] = 0; heap.push(v, 0); touched[nt++] = v; }
            }
            int hit = -1;
            double room = budget - spent - 1e-9;
            while (!heap.isEmpty()) {
                int x = heap.pop();
                if (dist[x] >= room) break;
                if (label[x] >= 0 && !merged[label[x]]) { hit = x; break; }
                for (int k = start[x]; k < start[x + 1]; k++) {
                    int e = adj[k];
                    int y = eu[e] == x ? ev[e] : eu[e];
                    double d = dist[x] + c[e];
                    if (d < dist[y] && d < room) {
                        if (dist[y] == Double.POSITIVE_INFINITY) touched[nt++] = y;
                        dist[y] = d;
                        via[y] = e;
                        heap.push(y, d);
                    }
                }
            }
            heap.clear();
            if (hit < 0) {
                for (int i = 0; i < nt; i++) dist[touched[i]] = Double.POSITIVE_INFINITY;
                return null;
            }
            spent += dist[hit];
            int piece = label[hit];
            // Back from the hit to a source (a node of a joined piece or of an earlier new path).
            java.util.List<Integer> inner = new java.util.ArrayList<>();
            for (int v = hit; !((label[v] >= 0 && merged[label[v]]) || inGrown[v]); ) {
                int e = via[v];
                added.add(e);
                v = eu[e] == v ? ev[e] : eu[e];
                inner.add(v);
            }
            for (int v : inner) if (!(label[v] >= 0 && merged[label[v]])) inGrown[v] = true;
            for (int i = 0; i < nt; i++) dist[touched[i]] = Double.POSITIVE_INFINITY;
            merged[piece] = true;
            left--;
        }
        int[] out = new int[kept.size() + added.size()];
        int k = 0;
        for (int e : kept) out[k++] = e;
        for (int e : added) out[k++] = e;
        return out;
    }

    private static boolean[] nodesOf(SteinerProblem p, int[] edges) {
        boolean[] in = new boolean[p.nodeCount()];
        in[p.terminals()[0]] = true;
        for (int e : edges) { in[p.edgeU()[e]] = true; in[p.edgeV()[e]] = true; }
        return in;
    }
}
