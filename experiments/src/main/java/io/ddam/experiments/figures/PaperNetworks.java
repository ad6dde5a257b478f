package io.ddam.experiments.figures;

import io.ddam.solver.generate.NetworkGenerator;
import io.ddam.solver.graph.Network;

/**
 * The physical graphs of the reproduced figures, regenerated from the same generator spec and seed as
 * the shipped instances (see {@code instances/regenerate.sh}), so {@code reproduce} runs from any folder
 * without reading {@code instances/}. A test checks that they equal the shipped files' networks.
 */
public final class PaperNetworks {
    private PaperNetworks() {}

    /** The spec of {@code instances/synthetic20.json}: our stand-in for the paper's Fig. 2 graph (Figs. 3–5). */
    public static final String SYNTHETIC20_SPEC = "er:n=20,p=0.2,seed=2026";

    /** The spec of {@code instances/er16.json}: 16 agents, each pair linked with probability 0.25 (Figs. 7–9). */
    public static final String ER16_SPEC = "er:n=16,p=0.25,seed=16";

    /** The seed of the traffic graphs: ER(N, 0.25) with this seed; for N = 16 it is {@code er16}. */
    public static final long TRAFFIC_GRAPH_SEED = 16;

    /**
     * The graph of the synthetic figures.
     *
     * @return the network of {@code instances/synthetic20.json}
     */
    public static Network synthetic20() { return NetworkGenerator.parse(SYNTHETIC20_SPEC).generate().network(); }

    /**
     * The graph of the traffic figures with the stand-in data.
     *
     * @return the network of {@code instances/er16.json}
     */
    public static Network er16() { return NetworkGenerator.parse(ER16_SPEC).generate().network(); }

    /**
     * The spec of the traffic graph for N agents: ER(N, 0.25) (conditioned on connectivity) with seed
     * {@value #TRAFFIC_GRAPH_SEED}.
     *
     * @param agents N
     * @return e.g. {@code er:n=6,p=0.25,seed=16}
     */
    public static String trafficSpec(int agents) { return "er:n=" + agents + ",p=0.25,seed=" + TRAFFIC_GRAPH_SEED; }

    /**
     * The traffic graph for N agents ({@link #trafficSpec}); equals {@link #er16()} for N = 16.
     *
     * @param agents N
     * @return the network
     */
    public static Network traffic(int agents) { return NetworkGenerator.parse(trafficSpec(agents)).generate().network(); }
}
