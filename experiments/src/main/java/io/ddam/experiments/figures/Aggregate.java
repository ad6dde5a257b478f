package io.ddam.experiments.figures;

/**
 * One series summarised over seeds, point by point: the plotted line (mean) and band (min..max).
 * Immutable. A point where a seed's value is {@code NaN} has {@code NaN} mean, min and max.
 *
 * @param mean  per point, the mean over seeds
 * @param min   per point, the smallest value over seeds
 * @param max   per point, the largest value over seeds
 * @param seeds the number of seeds summarised
 */
public record Aggregate(double[] mean, double[] min, double[] max, int seeds) {
    /**
     * Copies the arrays.
     *
     * @param mean  means
     * @param min   minima
     * @param max   maxima
     * @param seeds K
     */
    public Aggregate {
        mean = mean.clone();
        min = min.clone();
        max = max.clone();
    }

    /**
     * Value equality: the same seed count and the same numbers point by point ({@code NaN} equals {@code NaN}).
     *
     * @param o another object
     * @return whether {@code o} is an equal aggregate
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Aggregate a && seeds == a.seeds && java.util.Arrays.equals(mean, a.mean)
                && java.util.Arrays.equals(min, a.min) && java.util.Arrays.equals(max, a.max);
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the hash of the contents
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(seeds, java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(min), java.util.Arrays.hashCode(max));
    }

    /**
     * The arrays' contents.
     *
     * @return e.g. {@code Aggregate[mean=[…], min=[…], max=[…], seeds=5]}
     */
    @Override
    public String toString() {
        return "Aggregate[mean=" + java.util.Arrays.toString(mean) + ", min=" + java.util.Arrays.toString(min)
                + ", max=" + java.util.Arrays.toString(max) + ", seeds=" + seeds + "]";
    }

    /**
     * Summarises values[point][seed].
     *
     * @param values per point, one value per seed (all rows the same length ≥ 1)
     * @return the aggregate
     */
    public static Aggregate of(double[][] values) {
        int n = values.length;
        double[] mean = new double[n], min = new double[n], max = new double[n];
        int seeds = n == 0 ? 0 : values[0].length;
        for (int p = 0; p < n; p++) {
            double[] v = values[p];
            if (v.length != seeds || seeds == 0) throw new IllegalArgumentException("every point needs the same number (>= 1) of seeds");
            double s = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            boolean nan = false;
            for (double x : v) {
                if (Double.isNaN(x)) nan = true;
                s += x;
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            mean[p] = nan ? Double.NaN : s / seeds;
            min[p] = nan ? Double.NaN : lo;
            max[p] = nan ? Double.NaN : hi;
        }
        return new Aggregate(mean, min, max, seeds);
    }

    /**
     * The means.
     *
     * @return a copy, one per point
     */
    @Override public double[] mean() { return mean.clone(); }

    /**
     * The minima.
     *
     * @return a copy, one per point
     */
    @Override public double[] min() { return min.clone(); }

    /**
     * The maxima.
     *
     * @return a copy, one per point
     */
    @Override public double[] max() { return max.clone(); }
}
