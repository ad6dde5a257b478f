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
 * One agent's gradient sum Σ_m w_m r_m k_mᵀ over its support ({@link DeltaNetBatch#addGradient}) and the
 * same sum split into DDAM-TOGD's delay classes ({@link DeltaNetBatch#addGradientGroup}, groups of 5), against
 * and the residuals r_m = X k_m − v_m ({@link DeltaNetBatch#residuals}, four terms per pass) against
 * the one-sum-at-a-time (one-term-per-pass) loops they replaced ({@link #referenceGradient}, {@link #referenceGroups}: each
 * output entry summed over the members in turn, a chain of dependent additions), measured in the same run.
 * Both give the same bits (SharedComparatorsTest). Shapes: N = 50 with the 4×3 memory of the engine cases,
 * and the traffic shape N = 16 with d_k = 34, d_v = 6. Run: docs/benchmarks.md, "Micro-benchmarks".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BatchGradientBenchmark {
    /** "N:dkxdv". */
    @Param({"50:4x3", "16:34x6"})
    public String shape;

    private DeltaNetBatch batch;
    private DeltaNetBatch.Scratch sc;
    private double[] x, w, out;
    private int[][] groups;
    private int dk, dv, n;
    private double[][] keysT, valuesT;
    private int[] support;

    /** Random data, one memory, weights and the support split into consecutive groups of 5. */
    @Setup
    public void setUp() {
        String[] a = shape.split("[:x]");
        n = Integer.parseInt(a[0]);
        dk = Integer.parseInt(a[1]);
        dv = Integer.parseInt(a[2]);
        SplittableRandom r = new SplittableRandom(3);
        double[][] keys = new double[n][dk], values = new double[n][dv];
        keysT = new double[dk][n];
        valuesT = new double[dv][n];
        for (int m = 0; m < n; m++) {
            for (int j = 0; j < dk; j++) keysT[j][m] = keys[m][j] = r.nextDouble(-1, 1);
            for (int i = 0; i < dv; i++) valuesT[i][m] = values[m][i] = r.nextGaussian();
        }
        batch = new DeltaNetBatch(dk, dv, n);
        batch.load(keys, values);
        sc = batch.scratch();
        x = new double[dk * dv];
        for (int i = 0; i < x.length; i++) x[i] = 0.1 * r.nextGaussian();
        w = new double[n];
        for (int i = 0; i < n; i++) w[i] = r.nextDouble() / n;
        support = new int[n];
        for (int i = 0; i < n; i++) support[i] = i;
        batch.residuals(x, support, true, sc);
        groups = new int[(n + 4) / 5][];
        for (int q = 0; q < groups.length; q++) {
            int from = 5 * q, to = Math.min(n, from + 5);
            groups[q] = new int[to - from];
            for (int i = from; i < to; i++) groups[q][i - from] = i;
        }
        out = new double[dk * dv];
    }

    /** @return the accumulator */
    @Benchmark
    public double[] gradient() {
        batch.addGradient(w, sc, out);
        return out;
    }

    /** @return the accumulator */
    @Benchmark
    public double[] referenceGradient() {
        double[] rw = sc.rw[0];
        for (int row = 0; row < dv; row++) {
            double[] rr = sc.r[row];
            for (int i = 0; i < n; i++) rw[i] = rr[i] * w[i];
            for (int j = 0; j < dk; j++) {
                double[] kj = keysT[j];
                double acc = out[row * dk + j];
                for (int i = 0; i < n; i++) acc += rw[i] * kj[i];
                out[row * dk + j] = acc;
            }
        }
        return out;
    }

    /** @return the residuals' squared norms */
    @Benchmark
    public double[] residuals() {
        batch.residuals(x, support, true, sc);
        return sc.e;
    }

    /** @return the residuals' squared norms */
    @Benchmark
    public double[] referenceResiduals() {
        double[] e = sc.e;
        for (int i = 0; i < n; i++) e[i] = 0;
        for (int row = 0; row < dv; row++) {
            double[] rr = sc.r[row], vr = valuesT[row];
            for (int i = 0; i < n; i++) rr[i] = -vr[i];
            for (int j = 0; j < dk; j++) {
                double xj = x[row * dk + j];
                double[] kj = keysT[j];
                for (int i = 0; i < n; i++) rr[i] += xj * kj[i];
            }
            for (int i = 0; i < n; i++) e[i] += rr[i] * rr[i];
        }
        return e;
    }

    /** @return the accumulator */
    @Benchmark
    public double[] groups() {
        for (int[] g : groups) batch.addGradientGroup(w, g, sc, out);
        return out;
    }

    /** @return the accumulator */
    @Benchmark
    public double[] referenceGroups() {
        double[] rw = sc.rw[0];
        for (int[] group : groups) {
            for (int row = 0; row < dv; row++) {
                double[] rr = sc.r[row];
                for (int q = 0; q < group.length; q++) rw[q] = rr[group[q]] * w[group[q]];
                for (int j = 0; j < dk; j++) {
                    double[] kj = keysT[j];
                    int o = row * dk + j;
                    double acc = out[o];
                    for (int q = 0; q < group.length; q++) acc += rw[q] * kj[group[q]];
                    out[o] = acc;
                }
            }
        }
        return out;
    }
}
