package io.ddam.solver.tree;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A tree T_n in the network, rooted at agent n, along which n sends its memory to the agents in
 * W_n and gets gradients back (method.md §2.4). It is stored as a parent-edge array over the
 * network's node indices and is validated on construction: every tree edge is a network edge,
 * the edges form one tree that contains the root, and there are no cycles. Immutable.
 *
 * <p>A tree much smaller than the network (at most 1/8 of its nodes: the usual case for sparse
 * interest, where each agent reaches a few others) keeps its per-node data only for its own nodes,
 * looked up by binary search, instead of four arrays over all N nodes: 10,000 such trees on a
 * 10,000-node network take tens of megabytes instead of 1.7 GB.
 */
public final class RoutingTree {
    private final Network network;
    private final int root;
    // Per-node data: over all N nodes when the tree is large (dense), else over the tree's own nodes
    // in ascending order (`slots`), found by binary search.
    private final int[] slots;      // null when dense; else the tree's nodes, ascending
    private final int[] parentEdge; // -1 for the root and for nodes not in the tree
    private final boolean[] inTree; // dense only
    private final int[] depth;      // hops from the root, -1 if not in tree
    private final long[] delayTo;   // Σ edge delays root→node, -1 if not in tree
    private final int[] edges;      // ascending edge indices
    private final int[] nodes;      // tree nodes in BFS order from the root

    private RoutingTree(Network network, int root, int[] parentEdge) {
        this.network = network;
        this.root = root;
        int n = network.nodeCount();
        boolean[] inTree = new boolean[n];
        int[] depth = new int[n];
        long[] delayTo = new long[n];
        Arrays.fill(depth, -1);
        Arrays.fill(delayTo, -1);
        // Children lists via counting, then BFS from the root; a node never reached has a parent chain
        // that does not end at the root (a cycle or a detached piece).
        int[] childCount = new int[n + 1];
        int edgeCount = 0;
        for (int v = 0; v < n; v++) {
            if (parentEdge[v] >= 0) { childCount[network.opposite(parentEdge[v], v) + 1]++; edgeCount++; }
        }
        for (int i = 0; i < n; i++) childCount[i + 1] += childCount[i];
        int[] children = new int[edgeCount];
        int[] fill = Arrays.copyOf(childCount, n);
        for (int v = 0; v < n; v++) if (parentEdge[v] >= 0) children[fill[network.opposite(parentEdge[v], v)]++] = v;
        int[] order = new int[edgeCount + 1];
        int head = 0, tail = 0;
        order[tail++] = root;
        inTree[root] = true;
        depth[root] = 0;
        delayTo[root] = 0;
        while (head < tail) {
            int u = order[head++];
            for (int k = childCount[u]; k < childCount[u + 1]; k++) {
                int v = children[k];
                if (inTree[v]) throw new DdamInputException("routing tree of " + network.describe(root) + " has a cycle");
                inTree[v] = true;
                depth[v] = depth[u] + 1;
                delayTo[v] = delayTo[u] + network.delay(parentEdge[v]);
                order[tail++] = v;
            }
        }
        if (tail != edgeCount + 1) {
            throw new DdamInputException("routing tree of " + network.describe(root)
                    + " is not connected to its root (or has a cycle)");
        }
        this.nodes = Arrays.copyOf(order, tail);
        int[] es = new int[edgeCount];
        int k = 0;
        for (int v = 0; v < n; v++) if (parentEdge[v] >= 0) es[k++] = parentEdge[v];
        Arrays.sort(es);
        this.edges = es;
        if ((long) tail * 8 <= n) {
            int[] sorted = nodes.clone();
            Arrays.sort(sorted);
            int[] pe = new int[tail], dep = new int[tail];
            long[] del = new long[tail];
            for (int i = 0; i < tail; i++) {
                pe[i] = parentEdge[sorted[i]];
                dep[i] = depth[sorted[i]];
                del[i] = delayTo[sorted[i]];
            }
            this.slots = sorted;
            this.parentEdge = pe;
            this.depth = dep;
            this.delayTo = del;
            this.inTree = null;
        } else {
            this.slots = null;
            this.parentEdge = parentEdge;
            this.depth = depth;
            this.delayTo = delayTo;
            this.inTree = inTree;
        }
    }

    /** Where node v's data sits: v itself when dense, its slot in the compact arrays, or -1 if not in the tree. */
    private int slot(int v) {
        if (slots == null) {
            if (v < 0 || v >= inTree.length) throw new ArrayIndexOutOfBoundsException("node " + v);
            return inTree[v] ? v : -1;
        }
        if (v < 0 || v >= network.nodeCount()) throw new ArrayIndexOutOfBoundsException("node " + v);
        int i = Arrays.binarySearch(slots, v);
        return i >= 0 ? i : -1;
    }

    private boolean has(int v) { return slot(v) >= 0; }

    private int pe(int v) {
        int i = slot(v);
        return i < 0 ? -1 : parentEdge[i];
    }

    private int parentOf(int v) { return network.opposite(pe(v), v); }

    /**
     * A tree from a parent-edge array: {@code parentEdge[v]} is the network edge from v towards the
     * root, or -1 for the root and for nodes outside the tree.
     *
     * @param network    the network the edges belong to
     * @param root       the root's node index
     * @param parentEdge per node (length N): the edge towards the root, or -1; copied
     * @return the validated tree
     * @throws DdamInputException if the root is out of range or has a parent, an entry is not an edge
     *                            touching its node, or the parent chains contain a cycle or miss the root
     */
    public static RoutingTree fromParentEdges(Network network, int root, int[] parentEdge) {
        int n = network.nodeCount();
        if (root < 0 || root >= n) throw new DdamInputException("root index " + root + " is not a node");
        if (parentEdge.length != n) throw new DdamInputException("parent array has " + parentEdge.length + " entries for " + n + " nodes");
        if (parentEdge[root] != -1) throw new DdamInputException("the root " + network.describe(root) + " has a parent");
        for (int v = 0; v < n; v++) {
            int e = parentEdge[v];
            if (e < -1 || e >= network.edgeCount()) throw new DdamInputException("parent edge " + e + " of node " + v + " is not an edge");
            if (e >= 0 && network.edgeU(e) != v && network.edgeV(e) != v) {
                throw new DdamInputException("parent edge " + e + " does not touch " + network.describe(v));
            }
        }
        return new RoutingTree(network, root, parentEdge.clone());
    }

    /**
     * A tree from an unordered set of network edges: oriented away from {@code root}; fails if the
     * edges contain a cycle or do not form one connected piece containing the root.
     *
     * @param network the network the edges belong to
     * @param root    the root's node index
     * @param edgeSet distinct edge indices, in any order and orientation
     * @return the validated tree, oriented away from the root
     * @throws DdamInputException if an edge is out of range or repeated, the edges contain a cycle, or
     *                            they do not all hang together with the root
     */
    public static RoutingTree fromEdges(Network network, int root, int[] edgeSet) {
        int n = network.nodeCount();
        if (root < 0 || root >= n) throw new DdamInputException("root index " + root + " is not a node");
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        boolean[] use = new boolean[network.edgeCount()];
        for (int e : edgeSet) {
            if (e < 0 || e >= network.edgeCount()) throw new DdamInputException("edge " + e + " is not a network edge");
            if (use[e]) throw new DdamInputException("edge " + e + " is listed twice");
            use[e] = true;
        }
        boolean[] seen = new boolean[n];
        seen[root] = true;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(root);
        int reached = 0;
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int k = network.adjacencyStart(u); k < network.adjacencyStart(u + 1); k++) {
                int e = network.adjacentEdge(k);
                if (!use[e] || e == parent[u]) continue;
                int v = network.adjacentNode(k);
                if (seen[v]) throw new DdamInputException("the edges given for the tree of " + network.describe(root) + " contain a cycle");
                seen[v] = true;
                parent[v] = e;
                reached++;
                queue.add(v);
            }
        }
        if (reached != edgeSet.length) {
            throw new DdamInputException("the edges given for the tree of " + network.describe(root) + " are not connected to the root");
        }
        return new RoutingTree(network, root, parent);
    }

    /**
     * The network the tree lives in.
     *
     * @return the network given at construction
     */
    public Network network() { return network; }

    /**
     * The root n, the agent whose memory travels down this tree.
     *
     * @return the root's node index
     */
    public int root() { return root; }

    /**
     * Whether the node is in the tree.
     *
     * @param node a node index, 0..N-1
     * @return true for the root and every node with a tree path to it
     */
    public boolean contains(int node) { return has(node); }

    /**
     * The edge from {@code node} towards the root.
     *
     * @param node a node index, 0..N-1
     * @return the edge index, or -1 for the root and for nodes not in the tree
     */
    public int parentEdge(int node) { return pe(node); }

    /**
     * The parent node, one hop closer to the root.
     *
     * @param node a node index, 0..N-1
     * @return the parent's node index, or -1 for the root and for nodes not in the tree
     */
    public int parent(int node) { return pe(node) < 0 ? -1 : parentOf(node); }

    /**
     * Hops from the root.
     *
     * @param node a node index, 0..N-1
     * @return the number of edges on the tree path (0 for the root), or -1 if not in the tree
     */
    public int depth(int node) {
        int i = slot(node);
        return i < 0 ? -1 : depth[i];
    }

    /**
     * One-way delay τ̃_{n,m} from the root n to {@code node} = m (method.md §2.4): the time steps the memory
     * takes to arrive; the round trip is τ = 2τ̃.
     *
     * @param node a node index, 0..N-1
     * @return Σ of edge delays on the tree path, in time steps (0 for the root), or -1 if not in the tree
     */
    public long delayTo(int node) {
        int i = slot(node);
        return i < 0 ? -1 : delayTo[i];
    }

    /**
     * Tree edges.
     *
     * @return a fresh array of edge indices, ascending
     */
    public int[] edges() { return edges.clone(); }

    /**
     * Number of tree edges.
     *
     * @return the edge count (nodes in the tree minus one)
     */
    public int edgeCount() { return edges.length; }

    /**
     * Tree nodes in breadth-first order from the root.
     *
     * @return a fresh array of node indices, root first
     */
    public int[] nodes() { return nodes.clone(); }

    /**
     * Σ of edge costs over the tree, the quantity Steiner designers minimise.
     *
     * @return the tree's total edge cost; 0 for a root-only tree
     */
    public double cost() {
        double s = 0;
        for (int e : edges) s += network.cost(e);
        return s;
    }

    /**
     * Edges on the path from the root to {@code node}: the links a message n→m crosses, and so the
     * edges e with C_{n,m,e} = 1 in the link load of eq. (15).
     *
     * @param node a node index in the tree
     * @return a fresh array of edge indices, root side first; empty for the root
     * @throws DdamInputException if {@code node} is not in the tree
     */
    public int[] pathEdges(int node) {
        if (!has(node)) throw new DdamInputException(network.describe(node) + " is not in the tree of " + network.describe(root));
        int[] path = new int[depth(node)];
        int v = node;
        for (int i = path.length - 1; i >= 0; i--) {
            path[i] = pe(v);
            v = parentOf(v);
        }
        return path;
    }

    /**
     * Throws unless every node in {@code targets} is in the tree.
     *
     * @param targets node indices the tree must reach (typically W_n)
     * @throws DdamInputException naming the first target not in the tree
     */
    public void requireReaches(int[] targets) {
        for (int t : targets) {
            if (!has(t)) {
                throw new DdamInputException("the tree of " + network.describe(root) + " does not reach " + network.describe(t));
            }
        }
    }

    /**
     * The tree with every leaf that is not the root or a target removed, repeatedly, so that all
     * leaves are targets. Designers call this to return minimal trees.
     *
     * @param targets node indices to keep (the root is always kept)
     * @return a new tree: the union of the tree paths from the root to the targets
     * @throws DdamInputException if a target is not in the tree
     */
    public RoutingTree pruneTo(int[] targets) {
        int n = network.nodeCount();
        boolean[] keep = new boolean[n];
        keep[root] = true;
        for (int t : targets) {
            if (!has(t)) throw new DdamInputException("the tree of " + network.describe(root) + " does not reach " + network.describe(t));
            for (int v = t; v != root && !keep[v]; v = parentOf(v)) keep[v] = true;
        }
        int[] p = new int[n];
        Arrays.fill(p, -1);
        for (int v : nodes) if (keep[v]) p[v] = pe(v);
        return new RoutingTree(network, root, p);
    }

    @Override
    public boolean equals(Object o) {
        // The root and the edge set fix the tree (its orientation is away from the root).
        return o instanceof RoutingTree t && t.root == root && t.network == network && Arrays.equals(t.edges, edges);
    }

    @Override
    public int hashCode() { return 31 * root + Arrays.hashCode(edges); }

    @Override
    public String toString() {
        return "RoutingTree[root=" + network.id(root) + ", " + edges.length + " edges]";
    }
}
