package io.ddam.online.model;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-step kernels of every protocol: one gradient ∇f(X; k, v) accumulated into a buffer
 * ({@link MemoryCost#addGradient}) for each memory cost of Table I, and one projection onto the ball
 * 𝒳 = {‖X‖_F ≤ R} ({@link Projection#project}). Sizes: the default d_k = 4, d_v = 3 and a larger
 * 16 × 16 memory. Run: docs/benchmarks.md, "Micro-benchmarks".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelBenchmark {
    /** The memory cost, by its command-line name. */
    @Param({"deltanet", "linear", "softmax", "gated-softmax"})
    public String model;

    /** Key and value dimension as "dk x dv". */
    @Param({"4x3", "16x16"})
    public String dims;

    private MemoryCost cost;
    private double[] x, k, v, grad, outside;
    private Projection ball;

    /** Draws one memory, key and value; the projection input lies outside the ball, so it is scaled. */
    @Setup
    public void setUp() {
        String[] d = dims.split("x");
        int dk = Integer.parseInt(d[0]), dv = Integer.parseInt(d[1]);
        cost = MemoryCosts.byName(model, dk, dv, null, null);
        SplittableRandom rng = new SplittableRandom(1);
        x = new double[cost.rows() * cost.cols()];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble(-1, 1);
        k = new double[dk];
        for (int i = 0; i < dk; i++) k[i] = rng.nextDouble(-1, 1);
        v = new double[dv];
        for (int i = 0; i < dv; i++) v[i] = rng.nextDouble(-1, 1);
        grad = new double[x.length];
        outside = x.clone();
        ball = Projection.ball(0.5);
    }

    /**
     * One gradient, added into a reused buffer (what a protocol does per agent and step).
     *
     * @return the buffer, so the work is not optimised away
     */
    @Benchmark
    public double[] gradient() {
        cost.addGradient(x, k, v, 1e-9, grad);
        return grad;
    }

    /**
     * One projection of a memory that lies outside the ball (the case that scales).
     *
     * @return the projected memory
     */
    @Benchmark
    public double[] projection() {
        System.arraycopy(outside, 0, x, 0, x.length);
        ball.project(x);
        return x;
    }
}
