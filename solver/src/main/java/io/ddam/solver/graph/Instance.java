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
     * An instance with all its parts, validated.
     *
     * @param name      a short name (file stem or the name stored in the file)
     * @param network   the physical network
     * @param interest  W, or {@code null}; must be N x N
     * @param terminals terminal node indices (distinct, in range), or {@code null} for none
     * @param metadata  free-form metadata, or {@code null}
     * @throws DdamInputException if W does not fit the network or a terminal is out of range or repeated
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

    /**
     * An instance with just a network and W: no terminals, no metadata.
     *
     * @param name     a short name (file stem or the name stored in the file); {@code null} becomes {@code ""}
     * @param network  the physical network
     * @param interest W, or {@code null}; must be N x N
     * @throws DdamInputException if W's size does not match the network
     */
    public Instance(String name, Network network, InterestMatrix interest) {
        this(name, network, interest, null, null);
    }

    /**
     * The instance's short name, used in messages and output.
     *
     * @return the name (the file stem or the name stored in the file), never {@code null}
     */
    public String name() { return name; }

    /**
     * The physical network G.
     *
     * @return the network, never {@code null}
     */
    public Network network() { return network; }

    /**
     * W, if the instance has one.
     *
     * @return the interest matrix, or empty for files that carry none (SteinLib, PACE, GraphML)
     */
    public Optional<InterestMatrix> interest() { return Optional.ofNullable(interest); }

    /**
     * W, for code that cannot work without it (tree design, simulation).
     *
     * @return the interest matrix
     * @throws DdamInputException if the instance has none, saying how to give one
     */
    public InterestMatrix requireInterest() {
        if (interest == null) {
            throw new DdamInputException(name, 0, "the instance has no interest matrix W "
                    + "(SteinLib, PACE and GraphML files carry none; give one with --interest)");
        }
        return interest;
    }

    /**
     * Terminal node indices, the Steiner solvers' input.
     *
     * @return a fresh copy of the terminal indices (0..N-1); empty when the file had none
     */
    public int[] terminals() { return terminals.clone(); }

    /**
     * Whether the instance carries a terminal set (SteinLib and PACE files do).
     *
     * @return true when {@link #terminals()} is not empty
     */
    public boolean hasTerminals() { return terminals.length > 0; }

    /**
     * Free-form metadata from the file (generator, seed, parameters).
     *
     * @return an unmodifiable map in insertion order; empty when there is none
     */
    public Map<String, Object> metadata() { return metadata; }

    /**
     * The same instance with another W.
     *
     * @param w the new interest matrix (N x N), or {@code null} for none
     * @return a new instance sharing network, terminals and metadata
     * @throws DdamInputException if {@code w} does not match the network's size
     */
    public Instance withInterest(InterestMatrix w) {
        return new Instance(name, network, w, terminals, metadata);
    }

    /**
     * The same instance with another terminal set.
     *
     * @param t terminal node indices (distinct, 0..N-1), or {@code null} for none
     * @return a new instance sharing network, W and metadata
     * @throws DdamInputException if an index is out of range or repeated
     */
    public Instance withTerminals(int[] t) {
        return new Instance(name, network, interest, t, metadata);
    }

    @Override
    public String toString() {
        return "Instance[" + name + ", " + network + ", W=" + (interest != null) + ", terminals="
                + Arrays.toString(terminals) + "]";
    }
}
