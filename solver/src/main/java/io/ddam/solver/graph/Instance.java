package io.ddam.solver.graph;

import io.ddam.solver.DdamInputException;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One problem instance: a named {@link Network}, optionally an {@link InterestMatrix} W (JSON
 * instances carry one; SteinLib, PACE and Topology Zoo files do not), optionally a terminal set
 * (read from SteinLib/PACE files, for the Steiner solvers), and free-form metadata (string keys,
 * JSON-compatible values: strings, numbers, booleans, lists, maps). Immutable.
 */
public final class Instance {
    private final String name;
    private final Network network;
    private final InterestMatrix interest;
    private final int[] terminals;
    private final Map<String, Object> metadata;

    /**
     * @param name      a short name (file stem or the name stored in the file)
     * @param network   the physical network
     * @param interest  W, or {@code null}; must be N x N
     * @param terminals terminal node indices (distinct, in range), or {@code null} for none
     * @param metadata  free-form metadata, or {@code null}
     */
    public Instance(String name, Network network, InterestMatrix interest, int[] terminals, Map<String, Object> metadata) {
        this.name = name == null ? "" : name;
        this.network = java.util.Objects.requireNonNull(network, "network");
        if (interest != null) interest.requireSize(network.nodeCount());
        this.interest = interest;
        this.terminals = terminals == null ? new int[0] : terminals.clone();
        boolean[] seen = new boolean[network.nodeCount()];
        for (int t : this.terminals) {
            if (t < 0 || t >= network.nodeCount()) throw new DdamInputException("terminal index " + t + " is not a node");
            if (seen[t]) throw new DdamInputException("terminal " + network.id(t) + " is listed twice");
            seen[t] = true;
        }
        this.metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** An instance with just a network and W. */
    public Instance(String name, Network network, InterestMatrix interest) {
        this(name, network, interest, null, null);
    }

    public String name() { return name; }

    public Network network() { return network; }

    /** W, if the instance has one. */
    public Optional<InterestMatrix> interest() { return Optional.ofNullable(interest); }

    /** W, or a {@link DdamInputException} saying the instance has none. */
    public InterestMatrix requireInterest() {
        if (interest == null) {
            throw new DdamInputException(name, 0, "the instance has no interest matrix W "
                    + "(SteinLib, PACE and GraphML files carry none; give one with --interest)");
        }
        return interest;
    }

    /** Terminal node indices (a copy; empty when the file had none). */
    public int[] terminals() { return terminals.clone(); }

    public boolean hasTerminals() { return terminals.length > 0; }

    /** Unmodifiable metadata, in insertion order. */
    public Map<String, Object> metadata() { return metadata; }

    /** The same instance with another W. */
    public Instance withInterest(InterestMatrix w) {
        return new Instance(name, network, w, terminals, metadata);
    }

    /** The same instance with another terminal set. */
    public Instance withTerminals(int[] t) {
        return new Instance(name, network, interest, t, metadata);
    }

    @Override
    public String toString() {
        return "Instance[" + name + ", " + network + ", W=" + (interest != null) + ", terminals="
                + Arrays.toString(terminals) + "]";
    }
}
