package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.SteinerTreeAlgorithm;

/**
 * ddam's Steiner designers ({@link KmbSteinerDesigner}, {@link MehlhornSteinerDesigner}) as JGraphT
 * {@link SteinerTreeAlgorithm}s, for code that already holds a JGraphT graph: the tree minimises the sum
 * of {@code graph.getEdgeWeight(e)} and is returned as a set of the graph's own edge objects.
 *
 * <p>The graph is converted once, when the adapter is made ({@link Network#fromGraph}); later changes to
 * it are not seen. It must be undirected, without self-loops or parallel edges, with positive, finite
 * edge weights. The result does not depend on the iteration order of the terminal set: the tree is
 * rooted at the terminal that comes first in {@code graph.vertexSet()}. Thread-safe.
 *
 * @param <V> the graph's vertex type
 * @param <E> the graph's edge type
 */
public final class SteinerTreeAdapter<V, E> implements SteinerTreeAlgorithm<V, E> {
    private final TreeDesigner designer;
    private final Network network;
    private final Map<V, Integer> indexOf;
    private final List<E> edges;

    private SteinerTreeAdapter(Graph<V, E> graph, TreeDesigner designer) {
        Objects.requireNonNull(graph, "graph");
        this.designer = Objects.requireNonNull(designer, "designer");
        this.network = Network.fromGraph(graph, e -> Network.DEFAULT_DELAY, graph::getEdgeWeight);
        this.indexOf = new HashMap<>();
        int i = 0;
        for (V v : graph.vertexSet()) indexOf.put(v, i++);
        this.edges = List.copyOf(graph.edgeSet());
    }

    /**
     * Kou–Markowsky–Berman (2(1 − 1/ℓ)-approximate) over the graph's edge weights.
     *
     * @param graph an undirected graph with positive, finite edge weights
     * @param <V>   the vertex type
     * @param <E>   the edge type
     * @return the adapter
     * @throws IllegalArgumentException if the graph is not undirected
     * @throws io.ddam.solver.DdamInputException if it has self-loops, parallel edges or a weight that is not positive and finite
     */
    public static <V, E> SteinerTreeAdapter<V, E> kmb(Graph<V, E> graph) {
        return new SteinerTreeAdapter<>(graph, new KmbSteinerDesigner());
    }

    /**
     * Mehlhorn's (2(1 − 1/ℓ)-approximate, faster) variant over the graph's edge weights.
     *
     * @param graph an undirected graph with positive, finite edge weights
     * @param <V>   the vertex type
     * @param <E>   the edge type
     * @return the adapter
     * @throws IllegalArgumentException if the graph is not undirected
     * @throws io.ddam.solver.DdamInputException if it has self-loops, parallel edges or a weight that is not positive and finite
     */
    public static <V, E> SteinerTreeAdapter<V, E> mehlhorn(Graph<V, E> graph) {
        return new SteinerTreeAdapter<>(graph, new MehlhornSteinerDesigner());
    }

    /**
     * The network the graph was converted to (node index i = the i-th vertex of the graph).
     *
     * @return the network this adapter designs on
     */
    public Network network() { return network; }

    /**
     * A Steiner tree connecting the given terminals.
     *
     * @param terminals vertices of the graph; fewer than two give the empty tree of weight 0
     * @return the tree's edges (the graph's own edge objects) and its total edge weight
     * @throws IllegalArgumentException if a terminal is not a vertex of the graph
     * @throws io.ddam.solver.DdamInputException if the terminals are not all connected
     */
    @Override
    public SteinerTree<E> getSteinerTree(Set<V> terminals) {
        Objects.requireNonNull(terminals, "terminals");
        int[] idx = new int[terminals.size()];
        int k = 0;
        for (V v : terminals) {
            Integer i = indexOf.get(v);
            if (i == null) throw new IllegalArgumentException("terminal " + v + " is not a vertex of the graph");
            idx[k++] = i;
        }
        Arrays.sort(idx);
        if (idx.length < 2) return new SteinerTreeImpl<>(Set.of(), 0.0);
        DesignedTree d = designer.design(network, idx[0], Arrays.copyOfRange(idx, 1, idx.length));
        Set<E> out = new LinkedHashSet<>();
        double weight = 0;
        for (int e : d.tree().edges()) {
            out.add(edges.get(e));
            weight += network.cost(e);
        }
        return new SteinerTreeImpl<>(out, weight);
    }

    /**
     * The designer's name.
     *
     * @return {@code "kmb"} or {@code "mehlhorn"}
     */
    @Override
    public String toString() { return designer.name(); }
}
