package io.ddam.experiments.figures;

import io.ddam.online.protocol.FairTime;
import io.ddam.solver.tree.Transport;

import java.util.List;

/**
 * Protocols that run together (one {@link io.ddam.experiments.run.Simulation#run} call) at every point
 * and seed of a figure, under one fair-time rule and one transport.
 *
 * @param protocols protocol names, in order
 * @param fairTime  the fair-time rule for the DDAM-TOGD protocols among them
 * @param transport the transport of {@code ddam-star} and {@code ddam-st} (a name ending in {@code -agg} is always aggregate)
 */
public record RunGroup(List<String> protocols, FairTime fairTime, Transport transport) {
    /**
     * Copies the list.
     *
     * @param protocols protocol names
     * @param fairTime  the rule
     * @param transport the transport
     */
    public RunGroup {
        protocols = List.copyOf(protocols);
        java.util.Objects.requireNonNull(transport, "transport");
    }

    /**
     * A group with the paper's unicast transport.
     *
     * @param protocols protocol names
     * @param fairTime  the rule
     */
    public RunGroup(List<String> protocols, FairTime fairTime) {
        this(protocols, fairTime, Transport.UNICAST);
    }
}
