package io.ddam.solver.tree;

import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.graph.Network;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full single-source {@link Dijkstra} (by delay) on a connected Erdős–Rényi network with mean
 * degree about 4, against JGraphT's Dijkstra on the same graph: the kernel every tree designer runs
 * once per agent (shortest-path trees) or per terminal (KMB). Run: docs/benchmarks.md, "Micro-benchmarks".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DijkstraBenchmark {
    /** Nodes of the network: synthetic20's size, a Topology Zoo size, SteinLib C's size. */
    @Param({"20", "100", "500"})
    public int nodes;

    private Network network;
    private Dijkstra dijkstra;
    private org.jgrapht.alg.shortestpath.DijkstraShortestPath<Integer, Integer> jgrapht;
    private int source;

    /** Builds the network and both solvers once per trial. */
    @Setup
    public void setUp() {
        // Mean degree about 4, but at least 1.5 ln n / n so that the draw is connected.
        double p = Math.min(1.0, Math.max(4.0 / (nodes - 1), 1.5 * Math.log(nodes) / nodes));
        network = new ErdosRenyiGenerator(nodes, p, 7).generate().network();
        dijkstra = new Dijkstra(network, Network.Weight.DELAY);
        jgrapht = new org.jgrapht.alg.shortestpath.DijkstraShortestPath<>(network.asGraph(Network.Weight.DELAY));
    }

    /**
     * ddam's allocation-free Dijkstra from a rotating source.
     *
     * @return a distance, so the work is not optimised away
     */
    @Benchmark
    public double ddam() {
        source = (source + 1) % nodes;
        dijkstra.run(source);
        return dijkstra.distance((source + nodes / 2) % nodes);
    }

    /**
     * JGraphT's Dijkstra (all paths from the source), for scale.
     *
     * @return a distance, so the work is not optimised away
     */
    @Benchmark
    public double jgrapht() {
        source = (source + 1) % nodes;
        return jgrapht.getPaths(source).getWeight((source + nodes / 2) % nodes);
    }
}
