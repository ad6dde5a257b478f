package io.ddam.online.experiment.figures;

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
