package io.ddam.online.experiment.figures;

import io.ddam.online.protocol.FairTime;

import java.util.List;

/**
 * Protocols that run together (one {@link io.ddam.online.experiment.Simulation#run} call) at every point
 * and seed of a figure, under one fair-time rule.
 *
 * @param protocols protocol names, in order
 * @param fairTime  the fair-time rule for the DDAM-TOGD protocols among them
 */
public record RunGroup(List<String> protocols, FairTime fairTime) {
    /**
     * Copies the list.
     *
     * @param protocols protocol names
     * @param fairTime  the rule
     */
    public RunGroup {
        protocols = List.copyOf(protocols);
    }
}
