package io.ddam.online.protocol;

/** Test-only listener that copies every iterate: {@code x[t][n]} = X_{n,t} (t from 1; row 0 unused). */
final class Recorder implements Protocol.IterateListener {
    final double[][][] x;
    private int calls;

    Recorder(int iterations, int agents) {
        x = new double[iterations + 1][agents][];
    }

    static Recorder run(Protocol p, ArrayStream data, int iterations) {
        Recorder r = new Recorder(iterations, data.agents());
        p.run(data, iterations, r);
        return r;
    }

    @Override
    public void iterate(int t, int agent, double[] xs) {
        if (x[t][agent] != null) throw new AssertionError("X_{" + agent + "," + t + "} reported twice");
        x[t][agent] = xs.clone();
        calls++;
    }

    int calls() { return calls; }

    /** Scalar iterate X_{n,t} of a 1 × 1 memory. */
    double at(int t, int n) { return x[t][n][0]; }
}
