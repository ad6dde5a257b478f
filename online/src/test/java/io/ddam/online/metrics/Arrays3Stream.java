package io.ddam.online.metrics;

import io.ddam.online.data.DataStream;

/** Test-only stream from explicit arrays keys[t][n][·], values[t][n][·] (t 0-based). */
final class Arrays3Stream implements DataStream {
    private final double[][][] keys;
    private final double[][][] values;

    Arrays3Stream(double[][][] keys, double[][][] values) {
        this.keys = keys;
        this.values = values;
    }

    @Override public int agents() { return keys[0].length; }
    @Override public int keyDim() { return keys[0][0].length; }
    @Override public int valueDim() { return values[0][0].length; }
    @Override public int horizon() { return keys.length; }
    @Override public String describe() { return "arrays"; }

    @Override
    public Cursor cursor() {
        int[] t = {0};
        return (k, v) -> {
            if (t[0] >= keys.length) return 0;
            for (int n = 0; n < k.length; n++) {
                System.arraycopy(keys[t[0]][n], 0, k[n], 0, k[n].length);
                System.arraycopy(values[t[0]][n], 0, v[n], 0, v[n].length);
            }
            return ++t[0];
        };
    }
}
