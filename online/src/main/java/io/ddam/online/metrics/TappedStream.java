package io.ddam.online.metrics;

import io.ddam.online.data.DataStream;

/**
 * A {@link DataStream} that passes another stream through unchanged and keeps a copy of the step its
 * (single, current) cursor last returned. {@link RegretMeter} hands this stream to the protocol, so in
 * the listener call for step t it can read every agent's k_{m,t}, v_{m,t} without a second cursor and
 * without storing the run. Copying allocates nothing.
 */
final class TappedStream implements DataStream {
    private final DataStream inner;
    final double[][] keys;
    final double[][] values;
    int step;

    TappedStream(DataStream inner) {
        this.inner = inner;
        this.keys = new double[inner.agents()][inner.keyDim()];
        this.values = new double[inner.agents()][inner.valueDim()];
    }

    @Override public int agents() { return inner.agents(); }
    @Override public int keyDim() { return inner.keyDim(); }
    @Override public int valueDim() { return inner.valueDim(); }
    @Override public int horizon() { return inner.horizon(); }
    @Override public String describe() { return inner.describe(); }

    @Override
    public Cursor cursor() {
        Cursor c = inner.cursor();
        step = 0;
        return (k, v) -> {
            int t = c.next(k, v);
            step = t;
            if (t > 0) {
                for (int n = 0; n < keys.length; n++) {
                    System.arraycopy(k[n], 0, keys[n], 0, keys[n].length);
                    System.arraycopy(v[n], 0, values[n], 0, values[n].length);
                }
            }
            return t;
        };
    }
}
