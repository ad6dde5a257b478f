package io.ddam.solver.steiner;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A Steiner tree problem as plain arrays: the input of the reductions ({@link Reduction}) and of the
 * dynamic program ({@link SteinerDp}). Unlike {@link Network}, edge costs may be zero (reductions and
 * their tests need that), and there is no delay or capacity.
 *
 * @param nodeCount number of nodes, ≥ 1
 * @param edgeU     one end of each edge
 * @param edgeV     the other end (no self-loops; parallel edges are allowed)
 * @param cost      edge costs, finite and ≥ 0
 * @param terminals distinct node indices, at least one; the first is the root of the trees returned
 */
public record SteinerProblem(int nodeCount, int[] edgeU, int[] edgeV, double[] cost, int[] terminals) {
    /**
     * Validates the arrays.
     *
     * @param nodeCount number of nodes
     * @param edgeU     one end of each edge
     * @param edgeV     the other end
     * @param cost      edge costs
     * @param terminals the terminals, root first
     * @throws DdamInputException if lengths differ, an index is out of range, a cost is negative or not
     *                            finite, there is a self-loop, or the terminals are empty or repeated
     */
    public SteinerProblem {
        if (nodeCount < 1) throw new DdamInputException("a Steiner problem needs a node");
        if (edgeU.length != edgeV.length || edgeU.length != cost.length) throw new DdamInputException("edge arrays differ in length");
        for (int e = 0; e < edgeU.length; e++) {
            if (edgeU[e] < 0 || edgeU[e] >= nodeCount || edgeV[e] < 0 || edgeV[e] >= nodeCount) {
                throw new DdamInputException("edge " + e + " names a node out of range");
            }
            if (edgeU[e] == edgeV[e]) throw new DdamInputException("edge " + e + " is a self-loop");
            if (!(cost[e] >= 0) || Double.isInfinite(cost[e])) throw new DdamInputException("edge " + e + " has cost " + cost[e]);
        }
        if (terminals.length == 0) throw new DdamInputException("a Steiner problem needs a terminal");
        boolean[] seen = new boolean[nodeCount];
        for (int t : terminals) {
            if (t < 0 || t >= nodeCount) throw new DdamInputException("terminal " + t + " is not a node");
            if (seen[t]) throw new DdamInputException("terminal " + t + " is repeated");
            seen[t] = true;
        }
    }

    /**
     * The problem of a network: its edge costs, with {@code root} first among the terminals.
     *
     * @param g       the network
     * @param root    the root terminal
     * @param targets the other terminals (may repeat or contain the root)
     * @return the problem, edge {@code e} here being edge {@code e} of {@code g}
     */
    public static SteinerProblem of(Network g, int root, int[] targets) {
        int m = g.edgeCount();
        int[] u = new int[m], v = new int[m];
        double[] c = new double[m];
        for (int e = 0; e < m; e++) { u[e] = g.edgeU(e); v[e] = g.edgeV(e); c[e] = g.cost(e); }
        Set<Integer> ts = new LinkedHashSet<>();
        ts.add(root);
        for (int t : targets) ts.add(t);
        return new SteinerProblem(g.nodeCount(), u, v, c, ts.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Number of edges.
     *
     * @return the edge count
     */
    public int edgeCount() { return edgeU.length; }

    /**
     * Σ of the costs of {@code edges}.
     *
     * @param edges edge indices
     * @return their total cost
     */
    public double cost(int[] edges) {
        double s = 0;
        for (int e : edges) s += cost[e];
        return s;
    }

    /**
     * Whether {@code edges} are distinct, form no cycle, hang together, and reach every terminal (with
     * a single terminal, the empty set is the tree).
     *
     * @param edges edge indices
     * @return true for a Steiner tree of this problem
     */
    public boolean isSteinerTree(int[] edges) {
        int[] parent = new int[nodeCount];
        Arrays.fill(parent, -1);
        boolean[] used = new boolean[edgeU.length];
        for (int e : edges) {
            if (e < 0 || e >= edgeU.length || used[e]) return false;
            used[e] = true;
        }
        // Union-find: no cycle, and a single piece containing all terminals.
        for (int e : edges) {
            int a = find(parent, edgeU[e]), b = find(parent, edgeV[e]);
            if (a == b) return false;
            parent[a] = b;
        }
        int r = find(parent, terminals[0]);
        for (int t : terminals) if (find(parent, t) != r) return false;
        for (int e : edges) if (find(parent, edgeU[e]) != r) return false;
        return true;
    }

    private static int find(int[] p, int x) {
        while (p[x] >= 0) {
            if (p[p[x]] >= 0) p[x] = p[p[x]];
            x = p[x];
        }
        return x;
    }

    /**
     * The minimal tree inside a set of edges: the piece containing the root (its edges must form no
     * cycle there), with non-terminal leaves removed repeatedly.
     *
     * @param edges distinct edge indices whose root piece is a tree
     * @return the pruned tree's edges, or {@code null} if some terminal is not reached
     */
    public int[] pruneToTree(int[] edges) {
        int n = nodeCount;
        int[] deg = new int[n];
        int[] start = new int[n + 1];
        for (int e : edges) { start[edgeU[e] + 1]++; start[edgeV[e] + 1]++; }
        for (int v = 0; v < n; v++) start[v + 1] += start[v];
        int[] adj = new int[2 * edges.length];
        int[] fill = start.clone();
        for (int e : edges) { adj[fill[edgeU[e]]++] = e; adj[fill[edgeV[e]]++] = e; }
        boolean[] inRoot = new boolean[n];
        boolean[] edgeIn = new boolean[edgeU.length];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        q.add(terminals[0]);
        inRoot[terminals[0]] = true;
        while (!q.isEmpty()) {
            int x = q.poll();
            for (int k = start[x]; k < start[x + 1]; k++) {
                int e = adj[k];
                if (edgeIn[e]) continue;
                int y = edgeU[e] == x ? edgeV[e] : edgeU[e];
                if (inRoot[y]) continue; // a second way into a reached node: drop the edge (keeps a tree)
                edgeIn[e] = true;
                inRoot[y] = true;
                q.add(y);
            }
        }
        boolean[] terminal = new boolean[n];
        for (int t : terminals) {
            if (!inRoot[t]) return null;
            terminal[t] = true;
        }
        for (int e = 0; e < edgeIn.length; e++) if (edgeIn[e]) { deg[edgeU[e]]++; deg[edgeV[e]]++; }
        ArrayDeque<Integer> leaves = new ArrayDeque<>();
        for (int v = 0; v < n; v++) if (inRoot[v] && deg[v] == 1 && !terminal[v]) leaves.add(v);
        while (!leaves.isEmpty()) {
            int v = leaves.poll();
            for (int k = start[v]; k < start[v + 1]; k++) {
                int e = adj[k];
                if (!edgeIn[e]) continue;
                edgeIn[e] = false;
                int y = edgeU[e] == v ? edgeV[e] : edgeU[e];
                deg[v]--;
                if (--deg[y] == 1 && !terminal[y]) leaves.add(y);
            }
        }
        int cnt = 0;
        for (boolean b : edgeIn) if (b) cnt++;
        int[] out = new int[cnt];
        cnt = 0;
        for (int e = 0; e < edgeIn.length; e++) if (edgeIn[e]) out[cnt++] = e;
        return out;
    }

    /** CSR adjacency: {@code [start (n+1), neighbour edge ids]} as two arrays. */
    int[][] adjacency() {
        int n = nodeCount;
        int[] start = new int[n + 1];
        for (int e = 0; e < edgeU.length; e++) { start[edgeU[e] + 1]++; start[edgeV[e] + 1]++; }
        for (int v = 0; v < n; v++) start[v + 1] += start[v];
        int[] adj = new int[2 * edgeU.length];
        int[] fill = start.clone();
        for (int e = 0; e < edgeU.length; e++) { adj[fill[edgeU[e]]++] = e; adj[fill[edgeV[e]]++] = e; }
        return new int[][] {start, adj};
    }

    /**
     * The problem as a {@link Network} (node ids = indices) for the MILP; needs positive costs and no
     * parallel edges.
     *
     * @return the network, edge {@code e} there being edge {@code e} here
     * @throws DdamInputException if a cost is zero or an edge is repeated
     */
    public Network toNetwork() {
        Network.Builder b = Network.builder().addNodes(nodeCount);
        for (int e = 0; e < edgeU.length; e++) b.addEdge(edgeU[e], edgeV[e], Network.DEFAULT_DELAY, cost[e]);
        return b.build();
    }
}
