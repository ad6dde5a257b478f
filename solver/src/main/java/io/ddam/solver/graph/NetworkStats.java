package io.ddam.solver.graph;

import java.util.Arrays;

/**
 * Summary figures of a {@link Network} as {@code ddam info} prints them: degree range, connected
 * components, and the diameter in hops (breadth-first search from every node) and in delay
 * (Dijkstra on edge delays from every node). Diameters are computed only for connected networks
 * ({@code -1} otherwise). Immutable; O(N·(N+E)) and O(N·E log N) time.
 *
 * @param nodes         number of nodes N
 * @param edges         number of undirected edges |E|
 * @param minDegree     smallest node degree (0 for the empty network)
 * @param maxDegree     largest node degree
 * @param meanDegree    mean degree 2|E|/N (0 for the empty network)
 * @param components    number of connected components
 * @param diameterHops  longest shortest path in edges, or -1 when the network is not connected
 * @param diameterDelay longest shortest path in delay steps (sum of edge delays), or -1 when not connected
 * @param totalCost     sum of all edge costs
 */
public record NetworkStats(int nodes, int edges, int minDegree, int maxDegree, double meanDegree,
                           int components, int diameterHops, long diameterDelay, double totalCost) {

    /**
     * Computes the figures.
     *
     * @param g the network
     * @return its summary; diameters are -1 unless {@code g} is connected
     */
    public static NetworkStats of(Network g) {
        int n = g.nodeCount();
        int minDeg = n == 0 ? 0 : Integer.MAX_VALUE, maxDeg = 0;
        for (int i = 0; i < n; i++) {
            minDeg = Math.min(minDeg, g.degree(i));
            maxDeg = Math.max(maxDeg, g.degree(i));
        }
        int comps = g.componentCount();
        int hops = -1;
        long delay = -1;
        if (comps == 1) {
            hops = 0;
            delay = 0;
            int[] dist = new int[n];
            int[] queue = new int[n];
            long[] dd = new long[n];
            long[] heap = new long[2 * g.edgeCount() + n];
            for (int s = 0; s < n; s++) {
                hops = Math.max(hops, eccentricityHops(g, s, dist, queue));
                delay = Math.max(delay, eccentricityDelay(g, s, dd, heap));
            }
        }
        double mean = n == 0 ? 0 : 2.0 * g.edgeCount() / n;
        return new NetworkStats(n, g.edgeCount(), minDeg, maxDeg, mean, comps, hops, delay, g.totalCost());
    }

    private static int eccentricityHops(Network g, int s, int[] dist, int[] queue) {
        Arrays.fill(dist, -1);
        int head = 0, tail = 0, ecc = 0;
        dist[s] = 0;
        queue[tail++] = s;
        while (head < tail) {
            int u = queue[head++];
            ecc = Math.max(ecc, dist[u]);
            for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                int v = g.adjacentNode(k);
                if (dist[v] < 0) { dist[v] = dist[u] + 1; queue[tail++] = v; }
            }
        }
        return ecc;
    }

    /** Lazy-deletion Dijkstra on a binary heap of (distance << 32 | node) keys; delays are small ints. */
    private static long eccentricityDelay(Network g, int s, long[] dist, long[] heap) {
        Arrays.fill(dist, Long.MAX_VALUE);
        int size = 0;
        dist[s] = 0;
        heap[size++] = ((long) 0 << 32) | s;
        long ecc = 0;
        while (size > 0) {
            long top = heap[0];
            heap[0] = heap[--size];
            siftDown(heap, size, 0);
            int u = (int) (top & 0xffffffffL);
            long d = top >>> 32;
            if (d > dist[u]) continue;
            ecc = Math.max(ecc, d);
            for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                int v = g.adjacentNode(k);
                long nd = d + g.delay(g.adjacentEdge(k));
                if (nd < dist[v]) {
                    dist[v] = nd;
                    heap[size] = (nd << 32) | v;
                    siftUp(heap, size++);
                }
            }
        }
        return ecc;
    }

    private static void siftUp(long[] h, int i) {
        long x = h[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (h[p] <= x) break;
            h[i] = h[p];
            i = p;
        }
        h[i] = x;
    }

    private static void siftDown(long[] h, int size, int i) {
        if (size == 0) return;
        long x = h[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && h[c + 1] < h[c]) c++;
            if (h[c] >= x) break;
            h[i] = h[c];
            i = c;
        }
        h[i] = x;
    }
}
