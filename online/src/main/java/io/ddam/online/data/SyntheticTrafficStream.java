package io.ddam.online.data;

import io.ddam.solver.DdamInputException;

import java.util.SplittableRandom;

/**
 * A <b>synthetic stand-in</b> for the wireless-traffic data of method.md §4.2, for when the real file is
 * not available. It is not real data and {@link #describe()} says so. It imitates the features that
 * matter to the experiment: hourly steps of six 10-minute samples, a daily cycle per AP, very different
 * traffic levels across APs, and noise; keys and the ln(1 + x) transform are exactly those of
 * {@link TrafficStream}, hours of day start at 0 (midnight) at t = 1.
 *
 * <p><b>Model</b>: raw traffic of AP n in the slot starting at τ hours after midnight is
 * x = L_n · (1 + a_n sin(2πτ/24 + φ_n) + b_n sin(4πτ/24 + θ_n)) · exp(σZ − σ²/2), with level
 * L_n = exp(ln 200 + Z_n) (log-normal, median 200), a_n ~ U[0.3, 0.6], b_n ~ U[0, 0.25] (so the profile
 * stays ≥ 0.15), phases ~ U[0, 2π), σ = 0.2 and Z standard normal (mean-one multiplicative noise).
 *
 * <p><b>Order of draws</b>, one {@code new SplittableRandom(seed)}: for n = 1..N: Z_n, a_n, φ_n, b_n,
 * θ_n; then for t = 1..T, for n = 1..N, for the six slots in time order: Z. Everything is generated once
 * at construction, so every pass returns identical numbers.
 */
public final class SyntheticTrafficStream extends HourlyTrafficStream {
    /** Median AP level (raw units). */
    public static final double MEDIAN_LEVEL = 200;
    /** σ of ln level across APs. */
    public static final double LEVEL_SIGMA = 1.0;
    /** σ of the multiplicative noise. */
    public static final double NOISE_SIGMA = 0.2;

    private final long seed;

    /**
     * N APs (1..16), T hours, seeded.
     *
     * @param agents  number of access points N, 1..16
     * @param horizon number of hourly steps T, ≥ 0
     * @param seed    the only source of randomness
     * @throws DdamInputException if N or T is out of range
     */
    public SyntheticTrafficStream(int agents, int horizon, long seed) {
        super(agents, horizon, generate(agents, horizon, seed), hours(horizon));
        this.seed = seed;
    }

    private static double[][] generate(int agents, int horizon, long seed) {
        if (agents < 1) throw new DdamInputException("synthetic traffic needs at least 1 access point, not " + agents);
        TrafficKeys.requireFits(null, agents);
        if (horizon < 0) throw new DdamInputException("horizon must be non-negative, not " + horizon);
        SplittableRandom r = new SplittableRandom(seed);
        double[] level = new double[agents], a = new double[agents], phi = new double[agents], b = new double[agents], theta = new double[agents];
        for (int n = 0; n < agents; n++) {
            level[n] = Math.exp(Math.log(MEDIAN_LEVEL) + LEVEL_SIGMA * r.nextGaussian());
            a[n] = r.nextDouble(0.3, 0.6);
            phi[n] = r.nextDouble(0, 2 * Math.PI);
            b[n] = r.nextDouble(0, 0.25);
            theta[n] = r.nextDouble(0, 2 * Math.PI);
        }
        int per = TrafficKeys.SAMPLES_PER_HOUR;
        double[][] log = new double[agents][horizon * per];
        for (int t = 0; t < horizon; t++) {
            for (int n = 0; n < agents; n++) {
                for (int s = 0; s < per; s++) {
                    double tau = (t % 24) + s / (double) per;
                    double profile = 1 + a[n] * Math.sin(2 * Math.PI * tau / 24 + phi[n]) + b[n] * Math.sin(4 * Math.PI * tau / 24 + theta[n]);
                    double noise = Math.exp(NOISE_SIGMA * r.nextGaussian() - NOISE_SIGMA * NOISE_SIGMA / 2);
                    log[n][t * per + s] = Math.log1p(level[n] * profile * noise);
                }
            }
        }
        return log;
    }

    private static int[] hours(int horizon) {
        int[] h = new int[Math.max(horizon, 0)];
        for (int t = 0; t < h.length; t++) h[t] = t % 24;
        return h;
    }

    @Override
    public String describe() {
        return "synthetic stand-in for traffic data, not real data (N=" + agents() + ", T=" + horizon() + " hours, seed=" + seed + ")";
    }
}
