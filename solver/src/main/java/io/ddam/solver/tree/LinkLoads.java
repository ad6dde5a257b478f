package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

import java.util.Arrays;

/**
 * The messages each link carries in one DDAM-TOGD iteration under one {@link Transport}, both directions
 * summed (eq. 15's convention), and the link time they take: load_e / κ_e steps on a link of capacity
 * κ_e. C_max = max_e load_e / κ_e is the time the busiest link needs per iteration, which the fair-time
 * rule divides the horizon by. With unit capacities and {@link Transport#UNICAST} C_max is exactly
 * C_max^𝒯 of eq. (15). Immutable, with value semantics.
 */
public final class LinkLoads {
    private final Network network;
    private final Transport transport;
    private final long[] messages;
    private final int busiestEdge;
    private final double cMax;

    /**
     * Loads from per-edge message counts.
     *
     * @param network   the network the loads live on (for capacities)
     * @param transport the transport the counts belong to
     * @param messages  messages per edge and iteration, both directions summed, by edge index (copied)
     * @throws IllegalArgumentException if there is not one count per edge or a count is negative
     */
    public LinkLoads(Network network, Transport transport, long[] messages) {
        if (messages.length != network.edgeCount()) {
            throw new IllegalArgumentException(messages.length + " loads for " + network.edgeCount() + " edges");
        }
        this.network = network;
        this.transport = transport;
        this.messages = messages.clone();
        int best = -1;
        double max = 0;
        for (int e = 0; e < messages.length; e++) {
            if (messages[e] < 0) throw new IllegalArgumentException("negative load on edge " + e);
            double t = messages[e] / network.capacity(e);
            if (messages[e] > 0 && (best < 0 || t > max)) {
                best = e;
                max = t;
            }
        }
        this.busiestEdge = best;
        this.cMax = best < 0 ? 0 : max;
    }

    /**
     * The transport these loads are for.
     *
     * @return unicast or aggregate
     */
    public Transport transport() { return transport; }

    /**
     * Messages that cross edge e in one iteration, both directions summed.
     *
     * @param e an edge index
     * @return load_e
     */
    public long messages(int e) { return messages[e]; }

    /**
     * All loads by edge index.
     *
     * @return a fresh array of load_e
     */
    public long[] messages() { return messages.clone(); }

    /**
     * Link time of edge e per iteration: load_e / κ_e.
     *
     * @param e an edge index
     * @return the steps the link is busy per iteration
     */
    public double linkTime(int e) { return messages[e] / network.capacity(e); }

    /**
     * C_max = max_e load_e / κ_e: the link time per iteration of the busiest link.
     *
     * @return C_max ≥ 0; 0 when no link carries anything
     */
    public double cMax() { return cMax; }

    /**
     * The busiest link: the lowest edge index attaining C_max.
     *
     * @return an edge index, or -1 when no link carries anything
     */
    public int busiestEdge() { return busiestEdge; }

    /**
     * Σ_e load_e: all messages of one iteration, over all links.
     *
     * @return the total message count
     */
    public long totalMessages() {
        long s = 0;
        for (long x : messages) s += x;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkLoads l && l.transport == transport && l.network.equals(network) && Arrays.equals(l.messages, messages);
    }

    @Override
    public int hashCode() { return 31 * transport.hashCode() + Arrays.hashCode(messages); }

    @Override
    public String toString() {
        return "LinkLoads[" + transport + ", C_max=" + cMax + ", busiest edge " + busiestEdge + "]";
    }
}
