package io.ddam.solver.tree;

import java.util.Arrays;

/**
 * One root's routing tree as a column of the joint decomposition (docs/algorithms.md, "joint by column
 * generation"): the tree's edges with the messages each carries per iteration under one transport, and its
 * one-way delay sum Σ_{m∈W_n∖{n}} τ̃_{n,m}. Only the edges on a path to a target are kept (the tree is pruned).
 * Immutable; the arrays are never handed out.
 */
public final class TreeColumn {
    private final int root;
    private final int[] edges;      // ascending
    private final int[] loads;      // messages per iteration on edges[i]
    private final int[] childNodes; // per tree edge (same order), the endpoint farther from the root
    private final long delay;
    private final int hash;

    private TreeColumn(int root, int[] edges, int[] loads, int[] childNodes, long delay) {
        this.root = root;
        this.edges = edges;
        this.loads = loads;
        this.childNodes = childNodes;
        this.delay = delay;
        this.hash = 31 * root + Arrays.hashCode(edges);
    }

    /**
     * The column of the tree given by parent edges: the union of the paths from each target up to the root.
     *
     * @param p          the joint problem
     * @param root       the root n
     * @param parentEdge per node the edge towards the root (-1 for the root; other entries are not read off the paths)
     * @param t          the transport whose message counts the column carries
     * @param scratch    per-edge ints, all 0 on entry and on return
     * @return the column
     * @throws IllegalStateException if a target's path does not reach the root
     */
    public static TreeColumn of(JointProblem p, int root, int[] parentEdge, Transport t, int[] scratch) {
        var g = p.network();
        int[] targets = p.targetsView(root);
        int used = 0;
        int[] list = new int[Math.min(g.edgeCount(), Math.max(4, targets.length * 4))];
        int[] child = new int[list.length];
        long delay = 0;
        for (int m : targets) {
            int v = m, steps = 0;
            while (v != root) {
                int e = parentEdge[v];
                if (e < 0 || ++steps > g.nodeCount()) {
                    // Leave the scratch as promised (all 0): a caller that catches this goes on using it.
                    for (int i = 0; i < used; i++) scratch[list[i]] = 0;
                    throw new IllegalStateException("tree of root " + root + " does not reach " + m);
                }
                delay += g.delay(e);
                if (scratch[e] == 0) {
                    if (used == list.length) {
                        list = Arrays.copyOf(list, Math.min(g.edgeCount(), 2 * used));
                        child = Arrays.copyOf(child, list.length);
                    }
                    child[used] = v;
                    list[used++] = e;
                }
                scratch[e]++;
                v = g.opposite(e, v);
            }
        }
        // Sort edges ascending, carrying the child node along.
        long[] packed = new long[used];
        for (int i = 0; i < used; i++) packed[i] = ((long) list[i] << 32) | child[i];
        Arrays.sort(packed);
        int[] edges = new int[used], loads = new int[used], childNodes = new int[used];
        for (int i = 0; i < used; i++) {
            int e = (int) (packed[i] >>> 32);
            edges[i] = e;
            childNodes[i] = (int) packed[i];
            loads[i] = t == Transport.UNICAST ? 2 * scratch[e] : 2;
            scratch[e] = 0;
        }
        return new TreeColumn(root, edges, loads, childNodes, delay);
    }

    /**
     * The root n.
     *
     * @return n
     */
    public int root() { return root; }

    /**
     * Number of tree edges.
     *
     * @return |E(T)|
     */
    public int size() { return edges.length; }

    /**
     * The i-th tree edge (ascending edge index).
     *
     * @param i 0..size()-1
     * @return an edge index of the network
     */
    public int edge(int i) { return edges[i]; }

    /**
     * Messages per iteration on the i-th tree edge.
     *
     * @param i 0..size()-1
     * @return 2·(targets below) for unicast, 2 for aggregate
     */
    public int load(int i) { return loads[i]; }

    /**
     * The i-th tree edge as an arc pointing away from the root (arc 2e runs edgeU→edgeV, 2e+1 back).
     *
     * @param g the network
     * @param i 0..size()-1
     * @return the arc index
     */
    public int arc(io.ddam.solver.graph.Network g, int i) {
        int e = edges[i];
        return g.edgeV(e) == childNodes[i] ? 2 * e : 2 * e + 1;
    }

    /**
     * Σ_{m∈W_n∖{n}} τ̃_{n,m}: the one-way delay sum.
     *
     * @return steps
     */
    public long delay() { return delay; }

    /**
     * Writes the tree as parent edges: clears nothing, sets parentEdge[child] for every tree edge.
     *
     * @param parentEdge per node, to be filled (other entries are left as they are)
     */
    public void writeParents(int[] parentEdge) {
        for (int i = 0; i < edges.length; i++) parentEdge[childNodes[i]] = edges[i];
    }

    /**
     * Undoes {@link #writeParents}: sets parentEdge[child] = -1 for every tree edge.
     *
     * @param parentEdge per node
     */
    public void clearParents(int[] parentEdge) {
        for (int child : childNodes) parentEdge[child] = -1;
    }

    /**
     * Σ_e π_e·load_e + φ·delay: the column's price under load prices π and delay price φ.
     *
     * @param pi  per-edge prices
     * @param phi price of one step of one-way delay
     * @return the price
     */
    public double price(double[] pi, double phi) {
        double s = phi * delay;
        for (int i = 0; i < edges.length; i++) s += pi[edges[i]] * loads[i];
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeColumn c && c.root == root && c.hash == hash && Arrays.equals(c.edges, edges);
    }

    @Override
    public int hashCode() { return hash; }

    @Override
    public String toString() { return "TreeColumn(root " + root + ", " + edges.length + " edges, delay " + delay + ")"; }
}
