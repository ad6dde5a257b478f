package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.SplittableRandom;

/**
 * How a network generator sets edge delays and costs once the structure is drawn. Delays are either
 * uniform random whole numbers in [delayMin, delayMax] (constant when equal; default 1) or, for
 * generators with node positions (Waxman), {@code max(1, ceil(distance × delayScale))} when
 * {@code delayScale > 0}. Costs are uniform in [costMin, costMax) (constant when equal; default 1).
 *
 * <p>Sampling, after the structure has been accepted and from the same stream: for each edge in
 * the generator's edge order, first the delay ({@code delayMin + rng.nextInt(delayMax − delayMin + 1)},
 * only when delayMin &lt; delayMax), then the cost ({@code costMin + (costMax − costMin) · rng.nextDouble()},
 * only when costMin &lt; costMax). Constant delays and costs draw nothing.
 *
 * <p>In spec strings: {@code delay=3}, {@code delay=1..5}, {@code delayscale=10}, {@code cost=2.5}, {@code cost=0.5..2}.
 *
 * @param delayMin   least delay (≥ 1)
 * @param delayMax   largest delay (≥ delayMin)
 * @param delayScale time steps per unit of distance, or 0 for delays from [delayMin, delayMax]
 * @param costMin    least cost (&gt; 0)
 * @param costMax    upper end of the cost range (≥ costMin, finite)
 */
public record EdgeWeights(int delayMin, int delayMax, double delayScale, double costMin, double costMax) {
    /** Every delay and cost 1 (the paper's setting: one hop = one step). */
    public static final EdgeWeights UNIT = new EdgeWeights(1, 1, 0, 1, 1);

    /**
     * Validates the ranges.
     *
     * @param delayMin   least delay in time steps (≥ 1)
     * @param delayMax   largest delay (≥ delayMin)
     * @param delayScale time steps per unit of distance, or 0; only with {@code delayMax == 1}
     * @param costMin    least cost (&gt; 0, finite)
     * @param costMax    upper end of the cost range (≥ costMin, finite)
     * @throws DdamInputException if a range is empty, out of bounds, or both a delay range and a scale are given
     */
    public EdgeWeights {
        if (delayMin < 1) throw new DdamInputException("delays are whole time steps >= 1; got least delay " + delayMin);
        if (delayMax < delayMin) throw new DdamInputException("delay range " + delayMin + ".." + delayMax + " is empty");
        if (!(delayScale >= 0) || delayScale > 1e9) throw new DdamInputException("delayscale must lie in [0, 1e9], got " + delayScale);
        if (delayScale > 0 && delayMax != 1) throw new DdamInputException("give either a delay range or delayscale, not both");
        if (!(costMin > 0) || Double.isInfinite(costMin)) throw new DdamInputException("costs must be positive and finite; got least cost " + costMin);
        if (!(costMax >= costMin) || Double.isInfinite(costMax)) throw new DdamInputException("cost range " + costMin + ".." + costMax + " is empty or infinite");
    }

    /**
     * Uniform random delays in [min, max] (constant if equal); the costs stay as they are.
     *
     * @param min least delay in time steps, ≥ 1
     * @param max largest delay, ≥ min
     * @return a copy with these delays and no delay scale
     * @throws DdamInputException if the range is invalid
     */
    public EdgeWeights withDelays(int min, int max) {
        return new EdgeWeights(min, max, 0, costMin, costMax);
    }

    /**
     * Delays {@code max(1, ceil(distance × scale))} (for generators with positions); the costs stay as they are.
     *
     * @param scale time steps per unit of distance, in [0, 1e9]
     * @return a copy with this scale instead of a delay range
     * @throws DdamInputException if the scale is out of range
     */
    public EdgeWeights withDelayScale(double scale) {
        return new EdgeWeights(1, 1, scale, costMin, costMax);
    }

    /**
     * Uniform random costs in [min, max) (constant if equal); the delays stay as they are.
     *
     * @param min least cost, &gt; 0
     * @param max upper end, ≥ min, finite
     * @return a copy with these costs
     * @throws DdamInputException if the range is invalid
     */
    public EdgeWeights withCosts(double min, double max) {
        return new EdgeWeights(delayMin, delayMax, delayScale, min, max);
    }

    /**
     * Whether drawing the weights consumes random numbers (and so depends on the seed).
     *
     * @return true when delays or costs are a range rather than a constant
     */
    public boolean isRandom() {
        return delayMin < delayMax || costMin < costMax;
    }

    /** Reads the keys {@code delay}, {@code cost} and (if allowed) {@code delayscale} of a spec. */
    static EdgeWeights parse(SpecString s, boolean allowScale) {
        EdgeWeights w = UNIT;
        if (s.has("delay")) {
            String v = s.raw("delay");
            int[] r = intRange(s, "delay", v);
            w = rewrap(s, () -> UNIT.withDelays(r[0], r[1]));
        }
        if (allowScale && s.has("delayscale")) {
            if (s.has("delay")) throw new DdamInputException(s.kind + " spec '" + s.text + "': give either delay or delayscale, not both");
            double scale = s.doubleValue("delayscale", null);
            if (!(scale > 0)) throw s.bad("delayscale", s.raw("delayscale"), "a positive number");
            final EdgeWeights base = w;
            w = rewrap(s, () -> base.withDelayScale(scale));
        }
        if (s.has("cost")) {
            String v = s.raw("cost");
            double[] r = doubleRange(s, "cost", v);
            final EdgeWeights base = w;
            w = rewrap(s, () -> base.withCosts(r[0], r[1]));
        }
        return w;
    }

    /** The spec keys for these weights, e.g. {@code ",delay=1..5,cost=0.5..2"}; empty for {@link #UNIT}. */
    String specPart() {
        StringBuilder sb = new StringBuilder();
        if (delayScale > 0) sb.append(",delayscale=").append(SpecString.num(delayScale));
        else if (delayMin != 1 || delayMax != 1) sb.append(",delay=").append(delayMin == delayMax ? "" + delayMin : delayMin + ".." + delayMax);
        if (costMin != 1 || costMax != 1) {
            sb.append(",cost=").append(costMin == costMax ? SpecString.num(costMin) : SpecString.num(costMin) + ".." + SpecString.num(costMax));
        }
        return sb.toString();
    }

    /**
     * Adds the edges {@code (us[e], vs[e])} to {@code b} with weights drawn as in the class comment;
     * {@code dist} (may be null) gives each edge's length for {@code delayScale}.
     */
    void addEdges(Network.Builder b, int[] us, int[] vs, int count, double[] dist, SplittableRandom rng) {
        for (int e = 0; e < count; e++) {
            int d;
            if (delayScale > 0) {
                if (dist == null) throw new DdamInputException("delayscale needs node positions; this generator has none");
                d = (int) Math.max(1, Math.ceil(dist[e] * delayScale));
            } else {
                d = delayMin < delayMax ? delayMin + rng.nextInt(delayMax - delayMin + 1) : delayMin;
            }
            double c = costMin < costMax ? costMin + (costMax - costMin) * rng.nextDouble() : costMin;
            b.addEdge(us[e], vs[e], d, c);
        }
    }

    private static EdgeWeights rewrap(SpecString s, java.util.function.Supplier<EdgeWeights> f) {
        try {
            return f.get();
        } catch (DdamInputException e) {
            throw new DdamInputException(s.kind + " spec '" + s.text + "': " + e.problem());
        }
    }

    private static int[] intRange(SpecString s, String key, String v) {
        try {
            int dots = v.indexOf("..");
            if (dots < 0) {
                int x = Integer.parseInt(v.strip());
                return new int[] {x, x};
            }
            return new int[] {Integer.parseInt(v.substring(0, dots).strip()), Integer.parseInt(v.substring(dots + 2).strip())};
        } catch (NumberFormatException e) {
            throw s.bad(key, v, "a whole number or a range like 1..5");
        }
    }

    private static double[] doubleRange(SpecString s, String key, String v) {
        try {
            int dots = v.indexOf("..");
            double a, b;
            if (dots < 0) {
                a = b = Double.parseDouble(v.strip());
            } else {
                a = Double.parseDouble(v.substring(0, dots).strip());
                b = Double.parseDouble(v.substring(dots + 2).strip());
            }
            if (!Double.isFinite(a) || !Double.isFinite(b)) throw new NumberFormatException();
            return new double[] {a, b};
        } catch (NumberFormatException e) {
            throw s.bad(key, v, "a number or a range like 0.5..2");
        }
    }
}
