package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;

/**
 * A seeded, deterministic generator of physical networks: its parameters are the record components
 * of the implementing class, and {@link #generate()} always returns the same {@link Instance} (a
 * network, no W, metadata recording the generator, its spec string and, where it has them, node
 * positions). Random generators return only connected networks. Spec strings such as
 * {@code er:n=16,p=0.25,seed=7}, {@code grid:rows=4,cols=5}, {@code waxman:n=20,alpha=0.4,beta=0.4,seed=1}
 * are parsed by {@link #parse(String, Long)} (shared by the command line and tests).
 */
public sealed interface NetworkGenerator permits ErdosRenyiGenerator, GridGenerator, WaxmanGenerator {

    /** How many structures a random generator draws before it gives up on connectivity. */
    int MAX_ATTEMPTS = 10_000;

    /** Most edges a generated network may have (a guard against a mistyped n or p, not a modelling limit). */
    int MAX_EDGES = 50_000_000;

    /**
     * The network, as an instance without W. Deterministic: the same parameters give the same network.
     *
     * @return the generated instance (network and metadata; no W, no terminals)
     * @throws DdamInputException if a random generator finds no connected network in
     *                            {@link #MAX_ATTEMPTS} attempts, or the network would exceed {@link #MAX_EDGES}
     */
    Instance generate();

    /**
     * The canonical spec string; {@link #parse(String)} turns it back into an equal generator.
     *
     * @return e.g. {@code "er:n=16,p=0.25,seed=7"}
     */
    String spec();

    /**
     * Parses a spec {@code kind:key=value,…}. Kinds and keys:
     * <ul>
     * <li>{@code er} (or {@code erdos-renyi}): {@code n}, {@code p}, {@code seed}</li>
     * <li>{@code grid}: {@code rows}, {@code cols}, {@code seed} (needed only with random weights)</li>
     * <li>{@code waxman}: {@code n}, {@code alpha}, {@code beta}, {@code seed}, {@code delayscale}</li>
     * </ul>
     * and for all: {@code delay=D} or {@code delay=A..B}, {@code cost=C} or {@code cost=A..B}
     * (see {@link EdgeWeights}). A missing {@code seed} falls back to {@code defaultSeed} if that is
     * not {@code null}. Errors are {@link DdamInputException}s naming the bad key or value.
     *
     * @param spec        the spec string, e.g. {@code "er:n=16,p=0.25"}
     * @param defaultSeed the seed to use when the spec has none, or {@code null} to require one
     * @return the generator (call {@link #generate()} for the network)
     * @throws DdamInputException if the kind is unknown, a key is unknown or missing, or a value is invalid
     */
    static NetworkGenerator parse(String spec, Long defaultSeed) {
        SpecString s = SpecString.parse(spec, "network");
        try {
            return switch (s.kind) {
                case "er", "erdos-renyi", "gnp" -> {
                    s.requireOnly(java.util.Set.of("n", "p", "seed", "delay", "cost"));
                    yield new ErdosRenyiGenerator(s.intValue("n", null), s.doubleValue("p", null),
                            EdgeWeights.parse(s, false), s.longValue("seed", defaultSeed));
                }
                case "grid" -> {
                    s.requireOnly(java.util.Set.of("rows", "cols", "seed", "delay", "cost"));
                    EdgeWeights w = EdgeWeights.parse(s, false);
                    long seed = s.longValue("seed", w.isRandom() ? defaultSeed : Long.valueOf(defaultSeed == null ? 0 : defaultSeed));
                    yield new GridGenerator(s.intValue("rows", null), s.intValue("cols", null), w, seed);
                }
                case "waxman" -> {
                    s.requireOnly(java.util.Set.of("n", "alpha", "beta", "seed", "delay", "delayscale", "cost"));
                    yield new WaxmanGenerator(s.intValue("n", null), s.doubleValue("alpha", null), s.doubleValue("beta", null),
                            EdgeWeights.parse(s, true), s.longValue("seed", defaultSeed));
                }
                default -> throw new DdamInputException("network spec '" + s.text + "': unknown generator '" + s.kind
                        + "'; known: er, grid, waxman");
            };
        } catch (DdamInputException e) {
            if (e.problem().contains("spec '")) throw e;
            throw new DdamInputException("network spec '" + s.text + "': " + e.problem());
        }
    }

    /**
     * {@link #parse(String, Long)} with the seed required wherever randomness enters.
     *
     * @param spec the spec string, e.g. {@code "er:n=16,p=0.25,seed=7"}
     * @return the generator
     * @throws DdamInputException if the spec is invalid or lacks a needed seed
     */
    static NetworkGenerator parse(String spec) {
        return parse(spec, null);
    }
}
