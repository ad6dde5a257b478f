package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

import java.util.Arrays;

/**
 * A reusable single- and multi-source Dijkstra over a {@link Network}'s CSR adjacency, by edge delay,
 * cost or hop count. All arrays are allocated once in the constructor; a run allocates nothing, so
 * one instance serves every root of a design. Not thread-safe: use one instance per thread.
 *
 * <p><b>Deterministic tie-break.</b> Every node gets the lexicographically smallest label
 * (distance, hops, parent node index): among paths of equal distance (bitwise-equal {@code double}
 * sums, accumulated root-side first) the one with fewer edges wins, and among those the one whose
 * last step comes from the lowest parent node index. This is exact, not just "usually": weights are
 * positive, so every candidate parent has a strictly smaller (distance, hops) key and is settled,
 * and has relaxed the node, before the node itself is settled. The heap orders by
 * (distance, hops, node index). In a multi-source run every source starts at (0, 0) and a node
 * belongs to the region ({@link #origin(int)}) of its parent, so region ties follow the same rule.
 *
 * <p>A run may stop early once a given set of nodes has been settled; labels of settled nodes are
 * final at that point, labels of other nodes are undefined.
 */
public final class Dijkstra {
    private final Network network;
    private final double[] weight;     // per edge
    private final double[] dist;
    private final int[] hops;
    private final int[] parentEdge;
    private final int[] parentNode;
    private final int[] origin;
    private final boolean[] settled;
    private final int[] heap;          // node indices
    private final int[] pos;           // position in heap, -1 if absent
    private final int[] touched;       // nodes whose labels were set in this run, to reset cheaply
    private final boolean[] isTouched;
    private int heapSize;
    private int touchedCount;
    private int settledCount;

    /**
     * A Dijkstra for {@code network} with the given edge weight (delays and hops are used as doubles).
     * Allocates all working arrays (O(N + |E|)) once.
     *
     * @param network the network to search
     * @param w       which edge attribute is the path length: delay, cost, or 1 per edge
     */
    public Dijkstra(Network network, Network.Weight w) {
        this.network = network;
        int n = network.nodeCount();
        int m = network.edgeCount();
        this.weight = new double[m];
        for (int e = 0; e < m; e++) {
            weight[e] = switch (w) {
                case DELAY -> network.delay(e);
                case COST -> network.cost(e);
                case HOPS -> 1.0;
            };
        }
        this.dist = new double[n];
        this.hops = new int[n];
        this.parentEdge = new int[n];
        this.parentNode = new int[n];
        this.origin = new int[n];
        this.settled = new boolean[n];
        this.heap = new int[n];
        this.pos = new int[n];
        this.touched = new int[n];
        this.isTouched = new boolean[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Arrays.fill(hops, Integer.MAX_VALUE);
        Arrays.fill(parentEdge, -1);
        Arrays.fill(parentNode, -1);
        Arrays.fill(origin, -1);
        Arrays.fill(pos, -1);
    }

    /**
     * The network this instance runs on.
     *
     * @return the network given to the constructor
     */
    public Network network() { return network; }

    /**
     * The weight of edge {@code e} used by this instance.
     *
     * @param e an edge index, 0..|E|-1
     * @return the edge's delay, cost or 1, as chosen in the constructor
     */
    public double weight(int e) { return weight[e]; }

    /** The per-edge weights (the array itself, for package-internal sorting; do not modify). */
    double[] weights() { return weight; }

    /**
     * Shortest paths from {@code source} to every node; read the results with {@link #distance(int)},
     * {@link #parentEdge(int)} and the other accessors until the next run.
     *
     * @param source the source node index
     */
    public void run(int source) {
        reset();
        seed(source);
        search(null, 0);
    }

    /**
     * Shortest paths from {@code source}, stopping as soon as every node with {@code stop[v]} true
     * has been settled ({@code stopCount} is how many such nodes there are). Settled labels are final.
     *
     * @param source    the source node index
     * @param stop      per node (length N), true for the nodes that must be settled before stopping
     * @param stopCount the number of true entries in {@code stop}
     */
    public void runUntil(int source, boolean[] stop, int stopCount) {
        reset();
        seed(source);
        search(stop, stopCount);
    }

    /**
     * Multi-source shortest paths: each node gets its nearest source ({@link #origin(int)}) and the distance to it
     * (the Voronoi regions of Mehlhorn's algorithm).
     *
     * @param sources the source node indices; duplicates are ignored
     */
    public void runMulti(int[] sources) {
        reset();
        for (int s : sources) {
            if (!isTouched[s]) seed(s);
        }
        search(null, 0);
    }

    /**
     * Distance from the (nearest) source in the last run.
     *
     * @param v a node index
     * @return the sum of edge weights on the chosen path, or +∞ if {@code v} was not settled
     */
    public double distance(int v) { return settled[v] ? dist[v] : Double.POSITIVE_INFINITY; }

    /**
     * Number of edges on the chosen path in the last run.
     *
     * @param v a node index
     * @return the hop count (0 for a source), or -1 if {@code v} was not settled
     */
    public int hops(int v) { return settled[v] ? hops[v] : -1; }

    /**
     * Edge from {@code v} towards its source on the chosen path.
     *
     * @param v a node index
     * @return the edge index; -1 for sources and unreached nodes
     */
    public int parentEdge(int v) { return settled[v] ? parentEdge[v] : -1; }

    /**
     * Previous node on the chosen path.
     *
     * @param v a node index
     * @return the parent's node index; -1 for sources and unreached nodes
     */
    public int parentNode(int v) { return settled[v] ? parentNode[v] : -1; }

    /**
     * The source whose region {@code v} belongs to (multi-source runs; the source itself otherwise).
     *
     * @param v a node index
     * @return the source's node index, or -1 if {@code v} was not settled
     */
    public int origin(int v) { return settled[v] ? origin[v] : -1; }

    /**
     * Whether the last run settled {@code v} (reached it and fixed its label).
     *
     * @param v a node index
     * @return true if {@code v}'s distance and parent are final
     */
    public boolean reached(int v) { return settled[v]; }

    /**
     * How many nodes the last run settled.
     *
     * @return the count, 0..N
     */
    public int settledCount() { return settledCount; }

    /**
     * Copies the parent edges of the last run into {@code out} (length N): -1 for sources and for
     * nodes not settled.
     *
     * @param out the destination, length N (overwritten); a parent-edge array as {@link RoutingTree#fromParentEdges} takes
     */
    public void copyParentEdges(int[] out) {
        Arrays.fill(out, -1);
        for (int i = 0; i < touchedCount; i++) {
            int v = touched[i];
            if (settled[v]) out[v] = parentEdge[v];
        }
    }

    private void reset() {
        for (int i = 0; i < touchedCount; i++) {
            int v = touched[i];
            dist[v] = Double.POSITIVE_INFINITY;
            hops[v] = Integer.MAX_VALUE;
            parentEdge[v] = -1;
            parentNode[v] = -1;
            origin[v] = -1;
            settled[v] = false;
            pos[v] = -1;
            isTouched[v] = false;
        }
        touchedCount = 0;
        heapSize = 0;
        settledCount = 0;
    }

    private void touch(int v) {
        if (!isTouched[v]) {
            isTouched[v] = true;
            touched[touchedCount++] = v;
        }
    }

    private void seed(int s) {
        touch(s);
        dist[s] = 0;
        hops[s] = 0;
        origin[s] = s;
        push(s);
    }

    private void search(boolean[] stop, int stopCount) {
        int remaining = stopCount;
        while (heapSize > 0) {
            int u = pop();
            settled[u] = true;
            settledCount++;
            if (stop != null && stop[u] && --remaining <= 0) return;
            double du = dist[u];
            int hu = hops[u] + 1;
            int end = network.adjacencyStart(u + 1);
            for (int k = network.adjacencyStart(u); k < end; k++) {
                int v = network.adjacentNode(k);
                if (settled[v]) continue;
                double nd = du + weight[network.adjacentEdge(k)];
                double dv = dist[v];
                // Lexicographic (distance, hops, parent index) improvement; see the class comment.
                if (nd < dv || (nd == dv && (hu < hops[v] || (hu == hops[v] && u < parentNode[v])))) {
                    touch(v);
                    dist[v] = nd;
                    hops[v] = hu;
                    parentEdge[v] = network.adjacentEdge(k);
                    parentNode[v] = u;
                    origin[v] = origin[u];
                    if (pos[v] < 0) push(v); else siftUp(pos[v]);
                }
            }
        }
    }

    // ---- binary heap keyed by (dist, hops, node) ----

    private boolean less(int a, int b) {
        double da = dist[a], db = dist[b];
        if (da != db) return da < db;
        if (hops[a] != hops[b]) return hops[a] < hops[b];
        return a < b;
    }

    private void push(int v) {
        heap[heapSize] = v;
        pos[v] = heapSize;
        siftUp(heapSize++);
    }

    private int pop() {
        int top = heap[0];
        pos[top] = -1;
        int last = heap[--heapSize];
        if (heapSize > 0) {
            heap[0] = last;
            pos[last] = 0;
            siftDown(0);
        }
        return top;
    }

    private void siftUp(int i) {
        int v = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            int pv = heap[p];
            if (!less(v, pv)) break;
            heap[i] = pv;
            pos[pv] = i;
            i = p;
        }
        heap[i] = v;
        pos[v] = i;
    }

    private void siftDown(int i) {
        int v = heap[i];
        int half = heapSize >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int cv = heap[c];
            int r = c + 1;
            if (r < heapSize && less(heap[r], cv)) { c = r; cv = heap[r]; }
            if (!less(cv, v)) break;
            heap[i] = cv;
            pos[cv] = i;
            i = c;
        }
        heap[i] = v;
        pos[v] = i;
    }
}
