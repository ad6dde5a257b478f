package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to generate an interest matrix W, independent of N: the value shared by the JSON reader
 * ({@code "interest": {"generator": …}}), the command line ({@code --interest dirichlet:y0=2,y1=10,seed=3})
 * and instance metadata. {@link #generate(int)} applies it to N agents through {@link InterestGenerators}.
 * Parameters that a kind does not use are 0. Immutable.
 *
 * @param kind which generator
 * @param y0   Dirichlet concentration of the other agents (dirichlet, topk)
 * @param y1   Dirichlet concentration of the agent itself (dirichlet, topk)
 * @param k    number of other agents kept per row (topk)
 * @param seed seed of the random stream (dirichlet, topk)
 */
public record InterestSpec(Kind kind, double y0, double y1, int k, long seed) {

    /** The generator kinds, with their names in specs and JSON. */
    public enum Kind {
        /** Eq. 42: row n ~ Dirichlet(y0, …, y1 at n, …, y0). */
        DIRICHLET("dirichlet"),
        /** W = 𝟙𝟙ᵀ/N. */
        UNIFORM("uniform"),
        /** A Dirichlet row cut to the agent and its k heaviest others, renormalised. */
        TOPK("topk");

        private final String specName;

        Kind(String specName) { this.specName = specName; }

        /**
         * The name used in spec strings and JSON.
         *
         * @return {@code dirichlet}, {@code uniform} or {@code topk}
         */
        public String specName() { return specName; }

        /**
         * The kind named {@code name} (case-insensitive).
         *
         * @param name a spec name such as {@code "dirichlet"}
         * @return the kind
         * @throws DdamInputException listing the known names if there is no such kind
         */
        public static Kind byName(String name) {
            for (Kind k : values()) if (k.specName.equals(name.toLowerCase(Locale.ROOT))) return k;
            throw new DdamInputException("unknown interest generator '" + name + "'; known: dirichlet, uniform, topk");
        }
    }

    /**
     * Validates what can be checked without N (the rest, such as k &lt; N, is checked by {@link #generate}).
     *
     * @param kind which generator
     * @param y0   concentration of the others: finite, ≥ 0 (&gt; 0 for topk); 0 for uniform
     * @param y1   concentration of the agent itself: finite, &gt; 0 and ≥ y0; 0 for uniform
     * @param k    others kept per row, ≥ 0 (topk only; 0 otherwise)
     * @param seed seed of the random stream (0 for uniform)
     * @throws DdamInputException if a parameter is out of range or given to a kind that does not use it
     */
    public InterestSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind == Kind.UNIFORM) {
            if (y0 != 0 || y1 != 0 || k != 0 || seed != 0) throw new DdamInputException("uniform takes no parameters");
        } else {
            if (!(y0 >= 0) || Double.isInfinite(y0)) throw new DdamInputException(kind.specName + ": y0 must be finite and >= 0, got " + y0);
            if (!(y1 > 0) || Double.isInfinite(y1)) throw new DdamInputException(kind.specName + ": y1 must be finite and > 0, got " + y1);
            if (y1 < y0) throw new DdamInputException(kind.specName + ": y1 = " + SpecString.num(y1) + " is below y0 = " + SpecString.num(y0) + "; eq. 42 needs y1 >= y0");
            if (kind == Kind.DIRICHLET && k != 0) throw new DdamInputException("dirichlet takes no k");
            if (kind == Kind.TOPK) {
                if (k < 0) throw new DdamInputException("topk: k must be >= 0, got " + k);
                if (!(y0 > 0)) throw new DdamInputException("topk: y0 must be > 0 (got " + SpecString.num(y0) + "); with y0 = 0 there is nothing to rank");
            }
        }
    }

    /**
     * Dirichlet W (eq. 42): row n ~ Dirichlet(y0, …, y1 at n, …, y0).
     *
     * @param y0   concentration of the other agents, ≥ 0 (larger: more even rows)
     * @param y1   concentration of the agent itself, ≥ y0 and &gt; 0
     * @param seed seed of the random stream
     * @return the spec
     * @throws DdamInputException if a concentration is out of range
     */
    public static InterestSpec dirichlet(double y0, double y1, long seed) {
        return new InterestSpec(Kind.DIRICHLET, y0, y1, 0, seed);
    }

    /**
     * W = 𝟙𝟙ᵀ/N.
     *
     * @return the spec of the uniform matrix
     */
    public static InterestSpec uniform() {
        return new InterestSpec(Kind.UNIFORM, 0, 0, 0, 0);
    }

    /**
     * Sparse top-k W: each Dirichlet row cut to the agent and its k heaviest others.
     *
     * @param k    others kept per row, ≥ 0 (and ≤ N−1 when generated)
     * @param y0   concentration of the others, &gt; 0
     * @param y1   concentration of the agent itself, ≥ y0
     * @param seed seed of the random stream
     * @return the spec
     * @throws DdamInputException if a parameter is out of range
     */
    public static InterestSpec topK(int k, double y0, double y1, long seed) {
        return new InterestSpec(Kind.TOPK, y0, y1, k, seed);
    }

    /**
     * Parses {@code dirichlet:y0=2,y1=10,seed=3}, {@code uniform}, {@code topk:k=3,y0=1,y1=5,seed=1}.
     * Every key is required except {@code seed}, which falls back to {@code defaultSeed} when that is
     * not {@code null} (the command line passes its {@code --seed}).
     *
     * @param spec        the spec string
     * @param defaultSeed the seed to use when the spec has none, or {@code null} to require one
     * @return the spec
     * @throws DdamInputException if the kind or a key is unknown, a key is missing or a value is invalid
     */
    public static InterestSpec parse(String spec, Long defaultSeed) {
        SpecString s = SpecString.parse(spec, "interest");
        Kind kind;
        try {
            kind = Kind.byName(s.kind);
        } catch (DdamInputException e) {
            throw new DdamInputException("interest spec '" + s.text + "': " + e.problem());
        }
        return switch (kind) {
            case UNIFORM -> {
                s.requireOnly(Set.of());
                yield uniform();
            }
            case DIRICHLET -> {
                s.requireOnly(Set.of("y0", "y1", "seed"));
                yield dirichlet(s.doubleValue("y0", null), s.doubleValue("y1", null), s.longValue("seed", defaultSeed));
            }
            case TOPK -> {
                s.requireOnly(Set.of("k", "y0", "y1", "seed"));
                yield topK(s.intValue("k", null), s.doubleValue("y0", null), s.doubleValue("y1", null), s.longValue("seed", defaultSeed));
            }
        };
    }

    /**
     * {@link #parse(String, Long)} with the seed required for the random kinds.
     *
     * @param spec the spec string, e.g. {@code "dirichlet:y0=2,y1=10,seed=3"}
     * @return the spec
     * @throws DdamInputException if the spec is invalid or a random kind lacks its seed
     */
    public static InterestSpec parse(String spec) {
        return parse(spec, null);
    }

    /**
     * W for {@code n} agents; the same spec and n always give the same matrix.
     *
     * @param n number of agents N ≥ 1
     * @return the row-stochastic N x N matrix
     * @throws DdamInputException if N is out of range or (topk) k &gt; N−1
     */
    public InterestMatrix generate(int n) {
        return switch (kind) {
            case UNIFORM -> InterestGenerators.uniform(n);
            case DIRICHLET -> InterestGenerators.dirichlet(n, y0, y1, seed);
            case TOPK -> InterestGenerators.topK(n, k, y0, y1, seed);
        };
    }

    /**
     * {@code instance} with W generated for its network and this spec recorded as metadata key
     * {@code "interest"} (replacing any previous one); name, network, terminals and other metadata stay.
     *
     * @param instance the instance to give a W
     * @return a new instance with the generated W
     * @throws DdamInputException if W cannot be generated for the network's size
     */
    public Instance applyTo(Instance instance) {
        Map<String, Object> meta = new LinkedHashMap<>(instance.metadata());
        meta.put("interest", toMetadata());
        return new Instance(instance.name(), instance.network(), generate(instance.network().nodeCount()),
                instance.terminals(), meta);
    }

    /**
     * The spec as JSON-ready metadata, exactly the object the JSON format accepts under
     * {@code "interest"}: {@code {"generator": "dirichlet", "y0": 2.0, "y1": 10.0, "seed": 3}}.
     *
     * @return a new, modifiable map in key order generator, k, y0, y1, seed (unused keys left out)
     */
    public Map<String, Object> toMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", kind.specName);
        if (kind == Kind.TOPK) m.put("k", (long) k);
        if (kind != Kind.UNIFORM) {
            m.put("y0", y0);
            m.put("y1", y1);
            m.put("seed", seed);
        }
        return m;
    }

    /**
     * The spec recorded in metadata by {@link #toMetadata()} (or written in JSON), or empty when
     * {@code value} is not such a map. Numbers may be any {@link Number}; invalid values throw.
     *
     * @param value a metadata value, typically {@code instance.metadata().get("interest")}; may be {@code null}
     * @return the spec, or empty when {@code value} is not a map with a {@code "generator"} string
     * @throws DdamInputException if the generator is unknown or a needed number is missing or invalid
     */
    public static java.util.Optional<InterestSpec> fromMetadata(Object value) {
        if (!(value instanceof Map<?, ?> m) || !(m.get("generator") instanceof String g)) return java.util.Optional.empty();
        Kind kind = Kind.byName(g);
        return java.util.Optional.of(switch (kind) {
            case UNIFORM -> uniform();
            case DIRICHLET -> dirichlet(num(m, "y0"), num(m, "y1"), num(m, "seed").longValue());
            case TOPK -> topK(num(m, "k").intValue(), num(m, "y0"), num(m, "y1"), num(m, "seed").longValue());
        });
    }

    private static Double num(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Number n)) throw new DdamInputException("interest spec in metadata lacks a number '" + key + "'");
        return n.doubleValue();
    }

    /** The canonical spec string, which {@link #parse(String)} turns back into an equal spec. */
    @Override
    public String toString() {
        return switch (kind) {
            case UNIFORM -> "uniform";
            case DIRICHLET -> "dirichlet:y0=" + SpecString.num(y0) + ",y1=" + SpecString.num(y1) + ",seed=" + seed;
            case TOPK -> "topk:k=" + k + ",y0=" + SpecString.num(y0) + ",y1=" + SpecString.num(y1) + ",seed=" + seed;
        };
    }
}
