package io.ddam.online.data;

import io.ddam.solver.DdamInputException;

/**
 * The keys of the wireless-traffic experiment (method.md §4.2): k_{n,t} = [Φ_AP(n); Φ_time(h)] ∈ R^34,
 * h the hour of day of step t. Shared by {@link TrafficStream} and {@link SyntheticTrafficStream}.
 * <p>Layout (0-based positions):
 * <ul>
 *   <li>0..15: Φ_AP one-hot part, 1 at position n (the AP's 0-based index in sorted id order), so at
 *       most {@link #MAX_APS} = 16 APs;</li>
 *   <li>16..23: Φ_AP sinusoidal part, the Transformer embedding of position n with d = 8:
 *       [sin(n ω_0), cos(n ω_0), …, sin(n ω_3), cos(n ω_3)], ω_i = 1/10000^{2i/8};</li>
 *   <li>24..33: Φ_time, the same embedding of the hour h ∈ 0..23 with d = 10:
 *       [sin(h ω_0), cos(h ω_0), …, sin(h ω_4), cos(h ω_4)], ω_i = 1/10000^{2i/10}.</li>
 * </ul>
 * All entries lie in [−1, 1], so keyBound = 1 in gradient bounds.
 */
public final class TrafficKeys {
    /** Size of Φ_AP. */
    public static final int AP_DIM = 24;
    /** One-hot part of Φ_AP (hence the largest number of APs). */
    public static final int MAX_APS = 16;
    /** Sinusoidal part of Φ_AP. */
    public static final int AP_SINUSOID_DIM = AP_DIM - MAX_APS;
    /** Size of Φ_time. */
    public static final int TIME_DIM = 10;
    /** d_k = 34. */
    public static final int KEY_DIM = AP_DIM + TIME_DIM;
    /** d_v: the six 10-minute samples of one hour. */
    public static final int SAMPLES_PER_HOUR = 6;

    private TrafficKeys() {}

    /**
     * Writes k for AP index {@code ap} (0-based) at hour of day {@code hour} (0..23) into {@code out[0..33]}.
     *
     * @param ap   the AP's 0-based index, 0..15
     * @param hour the hour of day, 0..23
     * @param out  the destination, length ≥ {@link #KEY_DIM}; entries 0..33 are overwritten
     * @throws DdamInputException if {@code ap} does not fit the one-hot part
     */
    public static void fill(int ap, int hour, double[] out) {
        if (ap < 0 || ap >= MAX_APS) throw new DdamInputException("AP index " + ap + " does not fit the " + MAX_APS + "-dim one-hot key");
        for (int i = 0; i < MAX_APS; i++) out[i] = i == ap ? 1 : 0;
        sinusoid(ap, AP_SINUSOID_DIM, out, MAX_APS);
        sinusoid(hour, TIME_DIM, out, AP_DIM);
    }

    /** The Transformer positional embedding of {@code pos} in {@code d} (even) dims at {@code out[off..off+d)}. */
    static void sinusoid(int pos, int d, double[] out, int off) {
        for (int i = 0; i < d / 2; i++) {
            double w = Math.pow(10000, -2.0 * i / d);
            out[off + 2 * i] = Math.sin(pos * w);
            out[off + 2 * i + 1] = Math.cos(pos * w);
        }
    }

    static void requireFits(String source, int aps) {
        if (aps > MAX_APS) {
            throw new DdamInputException(source, 0, aps + " access points do not fit the key: its one-hot part has "
                    + MAX_APS + " dimensions (method.md §4.2 uses N = 16)");
        }
    }
}
