package io.ddam.solver.tree;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.Arrays;

/**
 * Per-thread scratch arrays for the graph designers, reused across roots of the same network so
 * that designing N trees allocates O(N) small results instead of N sets of O(N + |E|) arrays. A
 * designer call takes the current thread's workspace for its network; the designers themselves stay
 * stateless and thread-safe. Arrays are returned to their "clean" state (all -1 / false) after use.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> LOCAL = new ThreadLocal<>();

    final Network network;
    private Dijkstra byDelay;
    private Dijkstra byCost;
    /** Position of a node in the current terminal list, -1 otherwise. Clean = all -1. */
    final int[] terminalIndex;
    /** Node marks for early-stopping Dijkstra runs. Clean = all false. */
    final boolean[] nodeMark;
    /** Edge marks for the union of expanded paths. Clean = all false. */
    final boolean[] edgeMark;
    /** Scratch list of edges (size |E|). */
    final int[] edgeList;
    /** Scratch per-edge keys (size |E|). */
    final double[] edgeKey;
    /** Scratch ints of size |E| for sorting. */
    final int[] edgeTmp;
    /** Union-find parents over nodes (entries are initialised by the user before use). */
    final int[] unionFind;

    private Workspace(Network network) {
        this.network = network;
        int n = network.nodeCount();
        int m = network.edgeCount();
        terminalIndex = new int[n];
        Arrays.fill(terminalIndex, -1);
        nodeMark = new boolean[n];
        edgeMark = new boolean[m];
        edgeList = new int[m];
        edgeKey = new double[m];
        edgeTmp = new int[m];
        unionFind = new int[n];
    }

    /** The current thread's workspace for {@code network} (a new one when the thread last served another network). */
    static Workspace of(Network network) {
        Workspace w = LOCAL.get();
        if (w == null || w.network != network) {
            w = new Workspace(network);
            LOCAL.set(w);
        }
        return w;
    }

    /** Drops the current thread's workspace (benchmarks use it to time cold, single solves). */
    static void clearCurrent() {
        LOCAL.remove();
    }

    Dijkstra byDelay() {
        if (byDelay == null) byDelay = new Dijkstra(network, Network.Weight.DELAY);
        return byDelay;
    }

    Dijkstra byCost() {
        if (byCost == null) byCost = new Dijkstra(network, Network.Weight.COST);
        return byCost;
    }

    /** Networks up to this many nodes keep every source's shortest-path tree by cost ({@link #costTree}): n² × 12 bytes. */
    static final int COST_TREE_CACHE_MAX_NODES = 1024;
    private double[][] costDist;
    private int[][] costParent;

    /**
     * Whether {@link #costTree} keeps the trees of this network (at most {@value #COST_TREE_CACHE_MAX_NODES} nodes).
     *
     * @return true when the per-source cache is used
     */
    boolean cachesCostTrees() {
        return network.nodeCount() <= COST_TREE_CACHE_MAX_NODES;
    }

    /**
     * The full shortest-path tree by cost from {@code source}, computed once per thread and network and then
     * kept (KMB designs every root's tree from the trees of its terminals, and with a dense W every root has
     * the same terminals). Its distances are then {@link #costDistances}{@code (source)}. Only when
     * {@link #cachesCostTrees()}.
     *
     * @param source a node
     * @return the parent edge of every node (-1 for the source and unreachable nodes); do not modify
     */
    int[] costTree(int source) {
        if (costParent == null) {
            costParent = new int[network.nodeCount()][];
            costDist = new double[network.nodeCount()][];
        }
        int[] par = costParent[source];
        if (par == null) {
            Dijkstra dj = byCost();
            dj.run(source);
            int n = network.nodeCount();
            par = new int[n];
            dj.copyParentEdges(par);
            double[] d = new double[n];
            for (int v = 0; v < n; v++) d[v] = dj.distance(v);
            costDist[source] = d;
            costParent[source] = par;
        }
        return par;
    }

    /**
     * The distances of {@link #costTree}{@code (source)}, which must have been called.
     *
     * @param source a node
     * @return the distance by cost from source to every node (+∞ where unreachable); do not modify
     */
    double[] costDistances(int source) {
        return costDist[source];
    }

    /**
     * Stable merge sort of {@code items[0..count)} by {@code key[item]} ascending; stability makes
     * equal keys keep their input order, which callers use as the documented tie-break.
     */
    static void sortByKey(int[] items, int count, double[] key, int[] tmp) {
        for (int width = 1; width < count; width <<= 1) {
            for (int lo = 0; lo < count - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, count);
                if (key[items[mid - 1]] <= key[items[mid]]) continue; // already in order
                System.arraycopy(items, lo, tmp, lo, hi - lo);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) items[k++] = key[tmp[j]] < key[tmp[i]] ? tmp[j++] : tmp[i++];
                while (i < mid) items[k++] = tmp[i++];
                while (j < hi) items[k++] = tmp[j++];
            }
        }
    }

    static int find(int[] uf, int x) {
        while (uf[x] != x) {
            uf[x] = uf[uf[x]]; // path halving keeps trees shallow without a rank array
            x = uf[x];
        }
        return x;
    }

    /**
     * The terminal list {root} ∪ targets: root first, then the distinct targets other than the root
     * in ascending node index. Validates indices. The order fixes every later tie-break.
     */
    static int[] terminals(Network network, int root, int[] targets) {
        int n = network.nodeCount();
        if (root < 0 || root >= n) throw new DdamInputException("root index " + root + " is not a node");
        int[] sorted = targets.clone();
        Arrays.sort(sorted);
        int[] out = new int[sorted.length + 1];
        int k = 0;
        out[k++] = root;
        for (int i = 0; i < sorted.length; i++) {
            int t = sorted[i];
            if (t < 0 || t >= n) throw new DdamInputException("target index " + t + " is not a node");
            if (t == root || (i > 0 && sorted[i - 1] == t)) continue;
            out[k++] = t;
        }
        return Arrays.copyOf(out, k);
    }

    /** "agent 7", or "agent Milan (id 7)" when the node has a label: how messages name a root. */
    static String agentName(Network network, int node) {
        String label = network.label(node);
        return "agent " + (label != null ? label + " (id " + network.id(node) + ")" : String.valueOf(network.id(node)));
    }

    /** The message for targets the root cannot reach. */
    static DdamInputException unreachable(Network network, int root, int[] missing, int count) {
        StringBuilder sb = new StringBuilder(agentName(network, root)).append(" cannot reach ");
        for (int i = 0; i < count; i++) {
            if (i > 0) sb.append(", ");
            if (i == 10 && count > 11) {
                sb.append("and ").append(count - 10).append(" more");
                break;
            }
            sb.append(network.describe(missing[i]));
        }
        return new DdamInputException(sb.append(": the network is disconnected").toString());
    }

    /**
     * Steps 4 and 5 of KMB (shared by Mehlhorn): the minimum spanning tree (Kruskal, edges in
     * (cost, edge index) order) of the subgraph formed by the {@code count} edges in
     * {@link #edgeList}, which must all be marked in {@link #edgeMark}; then the tree is rooted at
     * {@code root} and non-terminal leaves are pruned repeatedly. Clears the edge marks.
     */
    RoutingTree spanningTreeOfUnion(int count, int root, int[] targets) {
        int[] list = edgeList;
        for (int i = 0; i < count; i++) {
            int e = list[i];
            edgeMark[e] = false;
            unionFind[network.edgeU(e)] = network.edgeU(e);
            unionFind[network.edgeV(e)] = network.edgeV(e);
        }
        // Index order first, then a stable sort by cost: the (cost, edge index) order, sorting only the union.
        Arrays.sort(list, 0, count);
        sortByKey(list, count, byCost().weights(), edgeTmp);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int e = list[i];
            int a = find(unionFind, network.edgeU(e));
            int b = find(unionFind, network.edgeV(e));
            if (a == b) continue; // would close a cycle: tied or overlapping paths end here
            unionFind[a] = b;
            list[kept++] = e;
        }
        RoutingTree spanning = RoutingTree.fromEdges(network, root, Arrays.copyOf(list, kept));
        return spanning.pruneTo(targets);
    }

    /** Marks edge {@code e} as part of the union and appends it to {@link #edgeList} if new; returns the new count. */
    int addEdge(int e, int count) {
        if (!edgeMark[e]) {
            edgeMark[e] = true;
            edgeList[count++] = e;
        }
        return count;
    }
}
