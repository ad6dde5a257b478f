package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;

import java.util.SplittableRandom;

/**
 * Test-only data stream backed by arrays: {@code keys[t-1][n]} and {@code values[t-1][n]} are agent n's
 * data at step t. Also exposes the arrays so reference implementations can read any (agent, time).
 */
final class ArrayStream implements DataStream {
    final double[][][] keys;
    final double[][][] values;

    ArrayStream(double[][][] keys, double[][][] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Scalar data: key k_{n,t} = keys[t-1][n], value v_{n,t} = values[t-1][n] (1 × 1 memory). */
    static ArrayStream scalar(double[][] keys, double[][] values) {
        int steps = keys.length, agents = keys[0].length;
        double[][][] k = new double[steps][agents][1];
        double[][][] v = new double[steps][agents][1];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                k[t][n][0] = keys[t][n];
                v[t][n][0] = values[t][n];
            }
        }
        return new ArrayStream(k, v);
    }

    /** Random keys in [−1, 1] and values in [−scale, scale]. */
    static ArrayStream random(long seed, int agents, int steps, int dk, int dv, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][] k = new double[steps][agents][dk];
        double[][][] v = new double[steps][agents][dv];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                for (int i = 0; i < dk; i++) k[t][n][i] = r.nextDouble(-1, 1);
                for (int i = 0; i < dv; i++) v[t][n][i] = r.nextDouble(-scale, scale);
            }
        }
        return new ArrayStream(k, v);
    }

    @Override public int agents() { return keys[0].length; }
    @Override public int keyDim() { return keys[0][0].length; }
    @Override public int valueDim() { return values[0][0].length; }
    @Override public int horizon() { return keys.length; }
    @Override public String describe() { return "array(" + horizon() + " steps)"; }

    @Override
    public Cursor cursor() {
        return new Cursor() {
            private int t;

            @Override
            public int next(double[][] k, double[][] v) {
                if (t >= keys.length) return 0;
                for (int n = 0; n < keys[t].length; n++) {
                    System.arraycopy(keys[t][n], 0, k[n], 0, k[n].length);
                    System.arraycopy(values[t][n], 0, v[n], 0, v[n].length);
                }
                return ++t;
            }
        };
    }
}
