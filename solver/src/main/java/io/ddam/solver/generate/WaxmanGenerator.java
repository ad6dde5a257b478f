package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Connected Waxman networks: n nodes uniform in the unit square, pairs linked with probability
 * P(u, v) = β · exp(−d(u, v) / (α · L)), L = √2 (the largest possible distance), conditioned on the
 * whole network being connected.
 *
 * <p>Sampling: one {@code SplittableRandom(seed)}. Each attempt draws the positions node by node
 * ({@code x = rng.nextDouble()}, then {@code y = rng.nextDouble()}), then visits the pairs (i, j), i &lt; j,
 * in lexicographic order and adds the edge when {@code rng.nextDouble() < P(i, j)}. A disconnected
 * attempt is thrown away whole (positions too) and the next continues with the same stream; after
 * {@value NetworkGenerator#MAX_ATTEMPTS} failures a {@link DdamInputException} asks for larger α or β.
 * Delays and costs follow {@link EdgeWeights}; with {@code delayscale = s} the delay of an edge is
 * {@code max(1, ceil(d · s))}. The positions are kept in the metadata as {@code "coordinates": [[x, y], …]}.
 *
 * @param n       number of nodes, ≥ 1
 * @param alpha   distance scale α &gt; 0 (larger: more long links)
 * @param beta    link density β in (0, 1]
 * @param weights delays and costs
 * @param seed    seed of the random stream
 */
public record WaxmanGenerator(int n, double alpha, double beta, EdgeWeights weights, long seed) implements NetworkGenerator {
    private static final double L = Math.sqrt(2);

    /**
     * Validates the parameters.
     *
     * @param n       number of nodes, 1..100000
     * @param alpha   distance scale α, positive and finite
     * @param beta    link density β in (0, 1]
     * @param weights delays and costs (a delay scale turns distances into delays)
     * @param seed    seed of the random stream
     * @throws DdamInputException if a parameter is out of range
     */
    public WaxmanGenerator {
        if (n < 1) throw new DdamInputException("waxman: n must be at least 1, got " + n);
        if (n > 100_000) throw new DdamInputException("waxman: n = " + n + " is too large (at most 100000)");
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new DdamInputException("waxman: alpha must be positive and finite, got " + alpha);
        if (!(beta > 0 && beta <= 1)) throw new DdamInputException("waxman: beta must lie in (0, 1], got " + beta);
        java.util.Objects.requireNonNull(weights, "weights");
    }

    /**
     * A generator with unit delays and costs.
     *
     * @param n     number of nodes, 1..100000
     * @param alpha distance scale α, positive and finite
     * @param beta  link density β in (0, 1]
     * @param seed  seed of the random stream
     * @throws DdamInputException if a parameter is out of range
     */
    public WaxmanGenerator(int n, double alpha, double beta, long seed) {
        this(n, alpha, beta, EdgeWeights.UNIT, seed);
    }

    @Override
    public Instance generate() {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        int[] us = new int[Math.max(16, n * 4)];
        int[] vs = new int[us.length];
        double[] len = new double[us.length];
        int m = 0;
        int attempt = 0;
        boolean ok = false;
        while (!ok && attempt < MAX_ATTEMPTS) {
            attempt++;
            m = 0;
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextDouble();
                y[i] = rng.nextDouble();
            }
            Connectivity c = new Connectivity(n);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double d = Math.hypot(x[i] - x[j], y[i] - y[j]);
                    if (rng.nextDouble() < beta * Math.exp(-d / (alpha * L))) {
                        if (m == MAX_EDGES) {
                            throw new DdamInputException(spec() + ": more than " + MAX_EDGES + " edges; lower the density");
                        }
                        if (m == us.length) {
                            us = java.util.Arrays.copyOf(us, (int) Math.min(2L * m, MAX_EDGES));
                            vs = java.util.Arrays.copyOf(vs, us.length);
                            len = java.util.Arrays.copyOf(len, us.length);
                        }
                        us[m] = i;
                        vs[m] = j;
                        len[m] = d;
                        m++;
                        c.union(i, j);
                    }
                }
            }
            ok = c.connected();
        }
        if (!ok) {
            throw new DdamInputException("Waxman(n=" + n + ", alpha=" + SpecString.num(alpha) + ", beta=" + SpecString.num(beta)
                    + ") was disconnected in " + MAX_ATTEMPTS + " draws; raise alpha or beta");
        }
        Network.Builder b = Network.builder().addNodes(n);
        weights.addEdges(b, us, vs, m, len, rng);
        List<Object> coords = new ArrayList<>(n);
        for (int i = 0; i < n; i++) coords.add(List.of(x[i], y[i]));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("generator", "waxman");
        meta.put("spec", spec());
        meta.put("n", (long) n);
        meta.put("alpha", alpha);
        meta.put("beta", beta);
        meta.put("seed", seed);
        meta.put("attempts", (long) attempt);
        meta.put("coordinates", coords);
        return new Instance("waxman" + n, b.build(), null, null, meta);
    }

    @Override
    public String spec() {
        return "waxman:n=" + n + ",alpha=" + SpecString.num(alpha) + ",beta=" + SpecString.num(beta) + ",seed=" + seed + weights.specPart();
    }
}
