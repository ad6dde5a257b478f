package io.ddam.solver.graph;

import io.ddam.solver.DdamInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * The physical communication network G = (𝒩, E): an immutable, simple, undirected graph.
 *
 * <p>Nodes carry a user-visible integer <em>id</em> (as in the file: 1..n for SteinLib, 0..n-1 for
 * Topology Zoo) and an optional label. Internally and in every algorithm they are addressed by a
 * dense <em>index</em> 0..N-1, in the order they were added; {@link #id(int)} and {@link #indexOf(int)}
 * translate. Every edge has a <em>delay</em> (a positive whole number of time steps, default 1), a
 * <em>cost</em> (a positive finite number, default 1) and a <em>capacity</em> κ_e (messages the link
 * carries per time step, both directions together; positive and finite, default 1), which turns link
 * loads into link time (docs/algorithms.md, "Link loads"). Adjacency is stored in compressed
 * (CSR) arrays so that shortest-path code can run without allocating.
 */
public final class Network {
    /** Default edge delay in time steps. */
    public static final int DEFAULT_DELAY = 1;
    /** Default edge cost. */
    public static final double DEFAULT_COST = 1.0;
    /** Default edge capacity κ_e: one message per time step (the paper's implicit assumption). */
    public static final double DEFAULT_CAPACITY = 1.0;

    private final int[] ids;
    private final String[] labels;
    private final Map<Integer, Integer> indexById;
    private final int[] edgeU;
    private final int[] edgeV;
    private final int[] delay;
    private final double[] cost;
    private final double[] capacity;
    private final int[] adjStart;
    private final int[] adjNode;
    private final int[] adjEdge;
    private final Map<Long, Integer> edgeByPair;

    private Network(Builder b) {
        int n = b.ids.size();
        this.ids = new int[n];
        this.labels = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = b.ids.get(i);
            labels[i] = b.labels.get(i);
        }
        this.indexById = Map.copyOf(b.indexById);
        int m = b.edgeU.size();
        this.edgeU = new int[m];
        this.edgeV = new int[m];
        this.delay = new int[m];
        this.cost = new double[m];
        this.capacity = new double[m];
        int[] deg = new int[n];
        for (int e = 0; e < m; e++) {
            edgeU[e] = b.edgeU.get(e);
            edgeV[e] = b.edgeV.get(e);
            delay[e] = b.delay.get(e);
            cost[e] = b.cost.get(e);
            capacity[e] = b.capacity.get(e);
            deg[edgeU[e]]++;
            deg[edgeV[e]]++;
        }
        this.adjStart = new int[n + 1];
        for (int i = 0; i < n; i++) adjStart[i + 1] = adjStart[i] + deg[i];
        this.adjNode = new int[2 * m];
        this.adjEdge = new int[2 * m];
        int[] fill = Arrays.copyOf(adjStart, n);
        // Edges in insertion order, so neighbour order (and with it every tie-break) is deterministic.
        for (int e = 0; e < m; e++) {
            int u = edgeU[e], v = edgeV[e];
            adjNode[fill[u]] = v; adjEdge[fill[u]++] = e;
            adjNode[fill[v]] = u; adjEdge[fill[v]++] = e;
        }
        this.edgeByPair = Map.copyOf(b.edgeByPair);
    }

    /**
     * A builder; nodes first (or implicitly through {@link Builder#addNodes(int)}), then edges.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Number of nodes N.
     *
     * @return N; node indices run 0..N-1
     */
    public int nodeCount() { return ids.length; }

    /**
     * Number of (undirected) edges |E|.
     *
     * @return |E|; edge indices run 0..|E|-1 in the order the edges were added
     */
    public int edgeCount() { return edgeU.length; }

    /**
     * The user-visible id of the node at {@code index}: the number the file used.
     *
     * @param index a node index, 0..N-1
     * @return the node's id
     * @throws ArrayIndexOutOfBoundsException if {@code index} is out of range
     */
    public int id(int index) { return ids[index]; }

    /**
     * The dense index of the node with user-visible {@code id}.
     *
     * @param id a node id as the file gave it
     * @return the node's index 0..N-1, or -1 if there is no node with that id
     */
    public int indexOf(int id) {
        Integer i = indexById.get(id);
        return i == null ? -1 : i;
    }

    /**
     * The label of the node at {@code index} (a city name in Topology Zoo files).
     *
     * @param index a node index, 0..N-1
     * @return the label, or {@code null} if it has none
     */
    public String label(int index) { return labels[index]; }

    /**
     * A readable name for messages: the label if present, else the id.
     *
     * @param index a node index, 0..N-1
     * @return e.g. {@code "Milan (id 4)"} or {@code "node 4"}
     */
    public String describe(int index) {
        return labels[index] != null ? labels[index] + " (id " + ids[index] + ")" : "node " + ids[index];
    }

    /**
     * First endpoint of edge {@code e}, as it was added.
     *
     * @param e an edge index, 0..|E|-1
     * @return the endpoint's node index
     */
    public int edgeU(int e) { return edgeU[e]; }

    /**
     * Second endpoint of edge {@code e}.
     *
     * @param e an edge index, 0..|E|-1
     * @return the endpoint's node index
     */
    public int edgeV(int e) { return edgeV[e]; }

    /**
     * The endpoint of edge {@code e} that is not {@code node}.
     *
     * @param e    an edge index, 0..|E|-1
     * @param node one endpoint's node index (not checked)
     * @return the other endpoint's node index
     */
    public int opposite(int e, int node) { return edgeU[e] == node ? edgeV[e] : edgeU[e]; }

    /**
     * Delay of edge {@code e}: the time steps a message takes to cross it (τ_{ij} in method.md §3.1).
     *
     * @param e an edge index, 0..|E|-1
     * @return the delay in whole time steps, ≥ 1
     */
    public int delay(int e) { return delay[e]; }

    /**
     * Cost of edge {@code e}, the quantity Steiner trees minimise.
     *
     * @param e an edge index, 0..|E|-1
     * @return the cost, positive and finite
     */
    public double cost(int e) { return cost[e]; }

    /**
     * Capacity κ_e of edge {@code e}: messages it carries per time step (both directions summed). A
     * link with load L_e messages per iteration is busy for L_e / κ_e steps of every iteration.
     *
     * @param e an edge index, 0..|E|-1
     * @return the capacity, positive and finite; {@link #DEFAULT_CAPACITY} unless the file gave one
     */
    public double capacity(int e) { return capacity[e]; }

    /**
     * Whether every edge has capacity 1, the paper's setting (then loads and link times coincide).
     *
     * @return true if no edge has a capacity other than {@link #DEFAULT_CAPACITY}
     */
    public boolean hasUnitCapacities() {
        for (double c : capacity) if (c != DEFAULT_CAPACITY) return false;
        return true;
    }

    /**
     * Degree of the node at {@code index}.
     *
     * @param index a node index, 0..N-1
     * @return the number of edges at the node
     */
    public int degree(int index) { return adjStart[index + 1] - adjStart[index]; }

    /**
     * Start of {@code index}'s slice in the adjacency arrays; the slice ends at {@code adjacencyStart(index + 1)}.
     * With {@link #adjacentNode(int)} and {@link #adjacentEdge(int)} this walks neighbours without allocating.
     *
     * @param index a node index, 0..N (N gives the end of the last slice)
     * @return the first adjacency position of the node
     */
    public int adjacencyStart(int index) { return adjStart[index]; }

    /**
     * Neighbour at adjacency position {@code k}.
     *
     * @param k an adjacency position, from {@link #adjacencyStart(int)}
     * @return the neighbour's node index
     */
    public int adjacentNode(int k) { return adjNode[k]; }

    /**
     * Edge at adjacency position {@code k}.
     *
     * @param k an adjacency position, from {@link #adjacencyStart(int)}
     * @return the index of the edge to {@link #adjacentNode(int) adjacentNode(k)}
     */
    public int adjacentEdge(int k) { return adjEdge[k]; }

    /**
     * The edge joining two nodes.
     *
     * @param a a node index
     * @param b another node index
     * @return the edge index, or -1 if {@code a} and {@code b} are not adjacent
     */
    public int edgeBetween(int a, int b) {
        Integer e = edgeByPair.get(pairKey(a, b));
        return e == null ? -1 : e;
    }

    /**
     * Sum of all edge costs.
     *
     * @return Σ_e cost(e); 0 for a network without edges
     */
    public double totalCost() {
        double s = 0;
        for (double c : cost) s += c;
        return s;
    }

    /**
     * Component number for every node.
     *
     * @return an array of length N: 0-based component numbers, in order of the lowest index they contain
     */
    public int[] components() {
        int n = nodeCount();
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int[] stack = new int[n];
        int c = 0;
        for (int s = 0; s < n; s++) {
            if (comp[s] >= 0) continue;
            int top = 0;
            stack[top++] = s;
            comp[s] = c;
            while (top > 0) {
                int u = stack[--top];
                for (int k = adjStart[u]; k < adjStart[u + 1]; k++) {
                    int v = adjNode[k];
                    if (comp[v] < 0) { comp[v] = c; stack[top++] = v; }
                }
            }
            c++;
        }
        return comp;
    }

    /**
     * Number of connected components.
     *
     * @return the count; 0 for the empty network
     */
    public int componentCount() {
        int max = -1;
        for (int c : components()) max = Math.max(max, c);
        return max + 1;
    }

    /**
     * Whether every node can reach every other.
     *
     * @return true when the network is connected and not empty
     */
    public boolean isConnected() { return nodeCount() > 0 && componentCount() == 1; }

    /**
     * Throws a {@link DdamInputException} naming two nodes in different components unless the network is connected.
     *
     * @param source the file to name in the message (or {@code null})
     * @throws DdamInputException if the network is empty or disconnected
     */
    public void requireConnected(String source) {
        if (nodeCount() == 0) throw new DdamInputException(source, 0, "the network has no nodes");
        int[] comp = components();
        for (int i = 0; i < comp.length; i++) {
            if (comp[i] != 0) {
                throw new DdamInputException(source, 0, "the network is disconnected (" + componentCount()
                        + " components): " + describe(i) + " cannot reach " + describe(0));
            }
        }
    }

    /** Which weight a JGraphT view of the network carries. */
    public enum Weight {
        /** Edge delay in time steps, {@link #delay(int)}. */
        DELAY,
        /** Edge cost, {@link #cost(int)}. */
        COST,
        /** 1 for every edge: path lengths count edges. */
        HOPS
    }

    /**
     * An unmodifiable JGraphT graph of this network: vertices are node indices 0..N-1, edges are edge
     * indices 0..|E|-1, weights as chosen. Every mutator ({@code addVertex}, {@code removeEdge},
     * {@code setEdgeWeight}, …) throws {@link UnsupportedOperationException}. It is built on each call
     * (O(N + |E|)) and does not change afterwards, as the network never does. For oracles and library
     * algorithms; the project's own hot paths use the CSR arrays. Algorithms that must modify their
     * input take {@link #toWeightedGraph(Weight)} instead.
     *
     * @param weight which edge attribute becomes the JGraphT edge weight
     * @return an unmodifiable graph with this network's nodes, edges and weights
     */
    public Graph<Integer, Integer> asGraph(Weight weight) {
        Objects.requireNonNull(weight, "weight");
        Graph<Integer, Integer> g = GraphTypeBuilder.<Integer, Integer>undirected()
                .allowingMultipleEdges(false).allowingSelfLoops(false).weighted(false).buildGraph();
        for (int i = 0; i < nodeCount(); i++) g.addVertex(i);
        for (int e = 0; e < edgeCount(); e++) g.addEdge(edgeU[e], edgeV[e], e);
        return new AsUnmodifiableGraph<>(new AsWeightedGraph<>(g, e -> switch (weight) {
            case DELAY -> (double) delay[e];
            case COST -> cost[e];
            case HOPS -> 1.0;
        }, true, false));
    }

    /**
     * A network from any undirected JGraphT graph, keeping its vertex and edge order: node index i is the
     * i-th vertex of {@code graph.vertexSet()}, edge index e the e-th edge of {@code graph.edgeSet()} (so
     * {@code new ArrayList<>(graph.vertexSet()).get(i)} maps a node index back to its vertex). When every
     * vertex is an {@link Integer} the vertices become the node ids (and nodes have no label); otherwise
     * the ids are the indices 0..N-1 and each node's label is {@code String.valueOf(vertex)}, which
     * messages and {@link #describe(int)} show. The edge weights of the graph are not used unless
     * {@code costOf} (or {@code delayOf}) reads them, e.g. {@code Network.fromGraph(g, e -> 1, g::getEdgeWeight)}.
     *
     * @param graph   an undirected graph without self-loops or multiple edges
     * @param delayOf each edge's delay in whole time steps (≥ 1)
     * @param costOf  each edge's cost (positive and finite)
     * @param <V>     the vertex type
     * @param <E>     the edge type
     * @return a new network with the graph's vertices and edges in the graph's order
     * @throws IllegalArgumentException if the graph is directed or mixed
     * @throws DdamInputException if the graph has a self-loop or parallel edges, or a delay or cost is out of range
     */
    public static <V, E> Network fromGraph(Graph<V, E> graph, ToIntFunction<? super E> delayOf, ToDoubleFunction<? super E> costOf) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(delayOf, "delayOf");
        Objects.requireNonNull(costOf, "costOf");
        if (!graph.getType().isUndirected()) {
            throw new IllegalArgumentException("Network.fromGraph needs an undirected graph; this one is "
                    + (graph.getType().isDirected() ? "directed" : "mixed"));
        }
        boolean integerIds = graph.vertexSet().stream().allMatch(v -> v instanceof Integer);
        Builder b = builder();
        Map<V, Integer> idOf = new HashMap<>();
        int next = 0;
        for (V v : graph.vertexSet()) {
            int id = integerIds ? (Integer) v : next;
            b.addNode(id, integerIds ? null : String.valueOf(v));
            idOf.put(v, id);
            next++;
        }
        for (E e : graph.edgeSet()) {
            b.addEdge(idOf.get(graph.getEdgeSource(e)), idOf.get(graph.getEdgeTarget(e)), delayOf.applyAsInt(e), costOf.applyAsDouble(e));
        }
        return b.build();
    }

    /**
     * A standalone, modifiable JGraphT copy (vertices = node indices, {@link org.jgrapht.graph.DefaultWeightedEdge}
     * edges with the chosen weight). Use it for JGraphT algorithms that build new graphs from their
     * input, such as {@code KouMarkowskyBermanAlgorithm}, which the read-only {@link #asGraph} view cannot serve.
     *
     * @param weight which edge attribute becomes the JGraphT edge weight
     * @return a new graph, independent of this network
     */
    public org.jgrapht.graph.SimpleWeightedGraph<Integer, org.jgrapht.graph.DefaultWeightedEdge> toWeightedGraph(Weight weight) {
        var g = new org.jgrapht.graph.SimpleWeightedGraph<Integer, org.jgrapht.graph.DefaultWeightedEdge>(
                org.jgrapht.graph.DefaultWeightedEdge.class);
        for (int i = 0; i < nodeCount(); i++) g.addVertex(i);
        for (int e = 0; e < edgeCount(); e++) {
            double w = switch (weight) {
                case DELAY -> delay[e];
                case COST -> cost[e];
                case HOPS -> 1.0;
            };
            g.setEdgeWeight(g.addEdge(edgeU[e], edgeV[e]), w);
        }
        return g;
    }

    static long pairKey(int a, int b) {
        int lo = Math.min(a, b), hi = Math.max(a, b);
        // Multiplying by an odd constant is a bijection on longs, so keys stay unique; it spreads the
        // bits, because Long.hashCode of the plain (lo << 32 | hi) is lo ^ hi and collides massively.
        return (((long) lo << 32) | (hi & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
    }

    @Override
    public String toString() {
        return "Network[" + nodeCount() + " nodes, " + edgeCount() + " edges]";
    }

    /**
     * Collects nodes and edges and validates each as it arrives; the messages of its
     * {@link DdamInputException}s name the problem only, so readers re-attribute them to file and line.
     */
    public static final class Builder {
        private final List<Integer> ids = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final Map<Integer, Integer> indexById = new HashMap<>();
        private final List<Integer> edgeU = new ArrayList<>();
        private final List<Integer> edgeV = new ArrayList<>();
        private final List<Integer> delay = new ArrayList<>();
        private final List<Double> cost = new ArrayList<>();
        private final List<Double> capacity = new ArrayList<>();
        private final Map<Long, Integer> edgeByPair = new HashMap<>();

        private Builder() {}

        /**
         * Adds a node with a user-visible id and an optional label.
         *
         * @param id    the node's id (any int, unique in the network)
         * @param label a readable name, or {@code null}
         * @return the node's index (the number of nodes added before it)
         * @throws DdamInputException if the id is already taken
         */
        public int addNode(int id, String label) {
            if (indexById.containsKey(id)) throw new DdamInputException("duplicate node id " + id);
            int index = ids.size();
            ids.add(id);
            labels.add(label);
            indexById.put(id, index);
            return index;
        }

        /**
         * Adds nodes with ids {@code 0..count-1} (after any already present ids, no labels).
         *
         * @param count how many nodes, ≥ 0
         * @return this builder
         * @throws DdamInputException if {@code count} is negative or one of the ids is already taken
         */
        public Builder addNodes(int count) {
            if (count < 0) throw new DdamInputException("negative node count " + count);
            for (int i = 0; i < count; i++) addNode(i, null);
            return this;
        }

        /**
         * Whether a node with this id was added.
         *
         * @param id a node id
         * @return true if the id is taken
         */
        public boolean hasNode(int id) { return indexById.containsKey(id); }

        /**
         * Number of nodes so far.
         *
         * @return the count of added nodes
         */
        public int nodeCount() { return ids.size(); }

        /**
         * Whether an edge between these two ids was already added (in either orientation).
         *
         * @param idA one node id
         * @param idB the other node id
         * @return true if both nodes exist and the edge was added
         */
        public boolean hasEdge(int idA, int idB) {
            Integer a = indexById.get(idA), b = indexById.get(idB);
            return a != null && b != null && edgeByPair.containsKey(pairKey(a, b));
        }

        /**
         * Adds an edge between two existing node ids with default delay and cost
         * ({@link #DEFAULT_DELAY}, {@link #DEFAULT_COST}).
         *
         * @param idA one node id
         * @param idB the other node id
         * @return this builder
         * @throws DdamInputException as {@link #addEdge(int, int, int, double)}
         */
        public Builder addEdge(int idA, int idB) {
            return addEdge(idA, idB, DEFAULT_DELAY, DEFAULT_COST);
        }

        /**
         * Adds an undirected edge between two existing node ids.
         *
         * @param idA       one node id
         * @param idB       the other node id
         * @param edgeDelay delay in whole time steps, ≥ 1
         * @param edgeCost  cost, positive and finite
         * @return this builder
         * @throws DdamInputException if a node is unknown, the edge is a self-loop or a duplicate, or the
         *                            delay or cost is out of range
         */
        public Builder addEdge(int idA, int idB, int edgeDelay, double edgeCost) {
            return addEdge(idA, idB, edgeDelay, edgeCost, DEFAULT_CAPACITY);
        }

        /**
         * Adds an undirected edge between two existing node ids, with a capacity.
         *
         * @param idA          one node id
         * @param idB          the other node id
         * @param edgeDelay    delay in whole time steps, ≥ 1
         * @param edgeCost     cost, positive and finite
         * @param edgeCapacity κ_e, messages per time step (both directions summed), positive and finite
         * @return this builder
         * @throws DdamInputException if a node is unknown, the edge is a self-loop or a duplicate, or the
         *                            delay, cost or capacity is out of range
         */
        public Builder addEdge(int idA, int idB, int edgeDelay, double edgeCost, double edgeCapacity) {
            if (!(edgeCapacity > 0) || Double.isInfinite(edgeCapacity)) {
                throw new DdamInputException("edge " + idA + "-" + idB + " has capacity " + edgeCapacity
                        + "; capacities must be positive and finite (messages per time step)");
            }
            Integer a = indexById.get(idA), b = indexById.get(idB);
            if (a == null) throw new DdamInputException("edge " + idA + "-" + idB + " names unknown node " + idA);
            if (b == null) throw new DdamInputException("edge " + idA + "-" + idB + " names unknown node " + idB);
            if (a.equals(b)) throw new DdamInputException("self-loop at node " + idA);
            if (edgeDelay < 1) {
                throw new DdamInputException("edge " + idA + "-" + idB + " has delay " + edgeDelay
                        + "; delays are whole time steps >= 1");
            }
            if (!(edgeCost > 0) || Double.isInfinite(edgeCost)) {
                throw new DdamInputException("edge " + idA + "-" + idB + " has cost " + edgeCost
                        + "; costs must be positive and finite");
            }
            long key = pairKey(a, b);
            if (edgeByPair.containsKey(key)) {
                throw new DdamInputException("duplicate edge " + idA + "-" + idB);
            }
            edgeByPair.put(key, edgeU.size());
            edgeU.add(a);
            edgeV.add(b);
            delay.add(edgeDelay);
            cost.add(edgeCost);
            capacity.add(edgeCapacity);
            return this;
        }

        /**
         * The immutable network, with the nodes and edges added so far.
         *
         * @return a new network; the builder may be used further without affecting it
         */
        public Network build() {
            // Tree costs are sums of edge costs: if all of them together overflow a double, some tree
            // cost would print as Infinity (or crash a solver), so such a network is bad input at once.
            double sum = 0;
            for (int e = 0; e < cost.size(); e++) sum += cost.get(e);
            if (Double.isInfinite(sum)) {
                throw new DdamInputException("the edge costs sum past the largest double (" + Double.MAX_VALUE
                        + "); scale them down");
            }
            return new Network(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Network other)) return false;
        return Arrays.equals(ids, other.ids) && Arrays.equals(labels, other.labels)
                && Arrays.equals(edgeU, other.edgeU) && Arrays.equals(edgeV, other.edgeV)
                && Arrays.equals(delay, other.delay) && Arrays.equals(cost, other.cost)
                && Arrays.equals(capacity, other.capacity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(ids), Arrays.hashCode(edgeU), Arrays.hashCode(edgeV));
    }
}
