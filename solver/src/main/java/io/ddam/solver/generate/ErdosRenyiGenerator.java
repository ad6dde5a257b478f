package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Connected Erdős–Rényi networks: G(n, p) conditioned on being connected.
 *
 * <p>Sampling: one {@code SplittableRandom(seed)}. Each attempt visits the n(n−1)/2 pairs
 * (i, j), i &lt; j, in lexicographic order (i = 0, j = 1..n−1; i = 1, j = 2..n−1; …) and adds the edge
 * when {@code rng.nextDouble() < p}. If the result is connected it is kept, otherwise the next attempt
 * continues with the same stream; rejection sampling like this gives exactly G(n, p) conditioned on
 * connectivity. After {@value NetworkGenerator#MAX_ATTEMPTS} disconnected attempts a
 * {@link DdamInputException} asks for a larger p. Nodes get ids 0..n−1; edges keep the pair order;
 * delays and costs follow {@link EdgeWeights}, drawn after the accepted structure.
 *
 * @param n       number of nodes, ≥ 1
 * @param p       edge probability, in (0, 1]
 * @param weights delays and costs
 * @param seed    seed of the random stream
 */
public record ErdosRenyiGenerator(int n, double p, EdgeWeights weights, long seed) implements NetworkGenerator {

    /**
     * Validates the parameters.
     *
     * @param n       number of nodes, 1..100000
     * @param p       edge probability, in (0, 1]
     * @param weights delays and costs; no delay scale (the nodes have no positions)
     * @param seed    seed of the random stream
     * @throws DdamInputException if a parameter is out of range
     */
    public ErdosRenyiGenerator {
        if (n < 1) throw new DdamInputException("er: n must be at least 1, got " + n);
        if (n > 100_000) throw new DdamInputException("er: n = " + n + " is too large (at most 100000)");
        if (!(p > 0 && p <= 1)) throw new DdamInputException("er: p must lie in (0, 1], got " + p);
        java.util.Objects.requireNonNull(weights, "weights");
        if (weights.delayScale() > 0) throw new DdamInputException("er: delayscale needs node positions; use delay=A..B");
    }

    /**
     * A generator with unit delays and costs.
     *
     * @param n    number of nodes, 1..100000
     * @param p    edge probability, in (0, 1]
     * @param seed seed of the random stream
     * @throws DdamInputException if a parameter is out of range
     */
    public ErdosRenyiGenerator(int n, double p, long seed) {
        this(n, p, EdgeWeights.UNIT, seed);
    }

    @Override
    public Instance generate() {
        SplittableRandom rng = new SplittableRandom(seed);
        int maxEdges = (int) Math.min(Integer.MAX_VALUE - 8, (long) n * (n - 1) / 2);
        int[] us = new int[Math.max(16, Math.min(maxEdges, 1 << 16))];
        int[] vs = new int[us.length];
        int m = 0;
        int attempt = 0;
        boolean ok = false;
        while (!ok && attempt < MAX_ATTEMPTS) {
            attempt++;
            m = 0;
            Connectivity c = new Connectivity(n);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (rng.nextDouble() < p) {
                        if (m == MAX_EDGES) {
                            throw new DdamInputException(spec() + ": more than " + MAX_EDGES + " edges; lower the density");
                        }
                        if (m == us.length) {
                            us = java.util.Arrays.copyOf(us, (int) Math.min(2L * m, MAX_EDGES));
                            vs = java.util.Arrays.copyOf(vs, us.length);
                        }
                        us[m] = i;
                        vs[m] = j;
                        m++;
                        c.union(i, j);
                    }
                }
            }
            ok = c.connected();
        }
        if (!ok) {
            throw new DdamInputException(String.format(java.util.Locale.ROOT,
                    "G(n=%d, p=%s) was disconnected in %d draws; raise p (connectivity needs p ≳ ln n / n = %.3g)",
                    n, SpecString.num(p), MAX_ATTEMPTS, Math.log(n) / n));
        }
        Network.Builder b = Network.builder().addNodes(n);
        weights.addEdges(b, us, vs, m, null, rng);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("generator", "erdos-renyi");
        meta.put("spec", spec());
        meta.put("n", (long) n);
        meta.put("p", p);
        meta.put("seed", seed);
        meta.put("attempts", (long) attempt);
        return new Instance("er" + n, b.build(), null, null, meta);
    }

    @Override
    public String spec() {
        return "er:n=" + n + ",p=" + SpecString.num(p) + ",seed=" + seed + weights.specPart();
    }
}
