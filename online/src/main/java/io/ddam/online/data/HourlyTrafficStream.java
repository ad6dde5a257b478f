package io.ddam.online.data;

/**
 * What the real and the synthetic traffic streams share: log-traffic held in memory, six samples per
 * hour, and keys from {@link TrafficKeys} precomputed for every (AP, hour of day). The cursor copies, so
 * it allocates nothing per step.
 */
abstract class HourlyTrafficStream implements DataStream {
    private final int agents, horizon;
    private final double[][] logTraffic; // [n][(t−1)·6 + s]
    private final int[] hourOfDay;       // [t−1]
    private final double[][] keyTable;   // [n·24 + h][34]

    HourlyTrafficStream(int agents, int horizon, double[][] logTraffic, int[] hourOfDay) {
        this.agents = agents;
        this.horizon = horizon;
        this.logTraffic = logTraffic;
        this.hourOfDay = hourOfDay;
        keyTable = new double[agents * 24][TrafficKeys.KEY_DIM];
        for (int n = 0; n < agents; n++) for (int h = 0; h < 24; h++) TrafficKeys.fill(n, h, keyTable[n * 24 + h]);
    }

    @Override public final int agents() { return agents; }
    @Override public final int keyDim() { return TrafficKeys.KEY_DIM; }
    @Override public final int valueDim() { return TrafficKeys.SAMPLES_PER_HOUR; }
    @Override public final int horizon() { return horizon; }

    /**
     * The hour of day of step t, the input of the Φ_time part of the key.
     *
     * @param t the step, 1..T
     * @return the hour, 0..23
     */
    public final int hourOfDay(int t) { return hourOfDay[t - 1]; }

    @Override
    public final Cursor cursor() {
        return new Cursor() {
            private int t;

            @Override
            public int next(double[][] keys, double[][] values) {
                if (t >= horizon) return 0;
                int h = hourOfDay[t];
                for (int n = 0; n < agents; n++) {
                    System.arraycopy(keyTable[n * 24 + h], 0, keys[n], 0, TrafficKeys.KEY_DIM);
                    System.arraycopy(logTraffic[n], t * TrafficKeys.SAMPLES_PER_HOUR, values[n], 0, TrafficKeys.SAMPLES_PER_HOUR);
                }
                return ++t;
            }
        };
    }
}
