package io.ddam.online.metrics;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hindsight comparators' eigen-decomposition of a symmetric positive semi-definite matrix (a Gram
 * matrix of keys, as {@link Hindsight} builds): the project's Jacobi {@link SymmetricEigen} against
 * EJML's symmetric decomposition ({@code DecompositionFactory_DDRM.eig(n, true, true)}), both with
 * eigenvectors and both reusing their buffers. Sizes: d_k = 4 (the default), 16 and 64. Run:
 * docs/benchmarks.md, "Micro-benchmarks".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EigenBenchmark {
    /** Matrix size n (n × n). */
    @Param({"4", "16", "64"})
    public int n;

    private double[] packed;
    private SymmetricEigen jacobi;
    private DMatrixRMaj matrix, work;
    private EigenDecomposition_F64<DMatrixRMaj> ejml;

    /** A Gram matrix A = Σ k kᵀ of 2n random keys, in both layouts. */
    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(3);
        packed = new double[n * n];
        double[] k = new double[n];
        for (int s = 0; s < 2 * n; s++) {
            for (int i = 0; i < n; i++) k[i] = rng.nextDouble(-1, 1);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) packed[i * n + j] += k[i] * k[j];
        }
        jacobi = new SymmetricEigen(n);
        matrix = new DMatrixRMaj(n, n, true, packed);
        work = new DMatrixRMaj(n, n);
        ejml = DecompositionFactory_DDRM.eig(n, true, true);
    }

    /**
     * The project's cyclic threshold Jacobi.
     *
     * @return the eigenvalues, so the work is not optimised away
     */
    @Benchmark
    public double[] symmetricEigen() {
        jacobi.decompose(packed);
        return jacobi.values;
    }

    /**
     * EJML's symmetric eigen-decomposition (tridiagonal QR), on a copy (EJML may overwrite its input
     * unless told otherwise, so the copy is part of a fair comparison).
     *
     * @return the decomposition, so the work is not optimised away
     */
    @Benchmark
    public Object ejml() {
        work.setTo(matrix);
        if (!ejml.decompose(work)) throw new IllegalStateException("EJML did not converge");
        return ejml.getEigenvalue(0);
    }
}
