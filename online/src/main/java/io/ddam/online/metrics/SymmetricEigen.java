package io.ddam.online.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigen-decomposition A = Q diag(e) Qᵀ of a small symmetric matrix, into buffers allocated once (any
 * leading size up to the capacity): EJML's symmetric QR algorithm from {@value #EJML_FROM}×{@value #EJML_FROM}
 * on, the cyclic threshold Jacobi method below (and as the tested oracle of the EJML path). {@link Hindsight} solves one comparator per window (every step when Ω = 1),
 * so a library decomposition that allocates per call would break the meter's no-per-step-allocation
 * rule; Jacobi is also accurate to working precision on the tiny eigenvalues that decide the rank.
 */
final class SymmetricEigen {
    private final int n;
    private final double[] a;      // working copy, row-major n × n, driven to diagonal
    final double[] values;         // e_j
    final double[] vectors;        // Q row-major: column j is the eigenvector of e_j

    SymmetricEigen(int n) {
        this.n = n;
        this.a = new double[n * n];
        this.values = new double[n];
        this.vectors = new double[n * n];
        this.work = new DMatrixRMaj(n, n);
    }

    /** Decomposes the symmetric row-major n×n {@code m} (only read). */
    void decompose(double[] m) {
        decompose(m, n);
    }

    /**
     * Decomposes the symmetric row-major size×size {@code m} (packed, stride {@code size}, only read),
     * for any size ≤ the capacity n; {@link #values} and {@link #vectors} then hold size and size×size
     * (stride size) entries.
     */
    void decompose(double[] m, int size) {
        if (size > n) throw new IllegalArgumentException("size " + size + " beyond capacity " + n);
        if (size < EJML_FROM) {
            jacobi(m, size);
            return;
        }
        // EJML's symmetric QR algorithm (tridiagonalisation + implicit QR): about 4× faster than Jacobi
        // at 34×34 and 2–3× at 16×16 (docs/benchmarks.md). Its buffers are reused while the size stays.
        if (ejml == null || ejmlSize != size) {
            ejml = DecompositionFactory_DDRM.eig(size, true, true);
            ejmlSize = size;
        }
        work.reshape(size, size);
        System.arraycopy(m, 0, work.data, 0, size * size);
        if (!ejml.decompose(work)) { // no convergence (not seen in practice): the Jacobi oracle
            jacobi(m, size);
            return;
        }
        for (int j = 0; j < size; j++) {
            values[j] = ejml.getEigenvalue(j).real;
            DMatrixRMaj v = ejml.getEigenVector(j);
            for (int i = 0; i < size; i++) vectors[i * size + j] = v.data[i];
        }
    }

    /** Tests only: the cyclic Jacobi decomposition (the oracle of the EJML path), whatever the size. */
    void decomposeJacobi(double[] m, int size) {
        jacobi(m, size);
    }

    /** From this size on EJML's decomposition is used; below it the Jacobi sweeps are as fast. */
    static final int EJML_FROM = 8;
    private final DMatrixRMaj work;
    private EigenDecomposition_F64<DMatrixRMaj> ejml;
    private int ejmlSize = -1;

    private void jacobi(double[] m, int n) {
        System.arraycopy(m, 0, a, 0, n * n);
        java.util.Arrays.fill(vectors, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) vectors[i * n + i] = 1;
        double scale = 0;
        for (int i = 0; i < n * n; i++) scale += a[i] * a[i];
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            // Off-diagonal mass negligible against the whole matrix: eigenvalues exact to rounding.
            if (off <= 1e-32 * scale || off == 0) break;
            // Threshold Jacobi: in the first sweeps rotate only elements that carry a fair share of
            // the off-diagonal mass; never rotate an element that alone is below the stopping test
            // (all of them together stay below it), which saves the last sweep's idle rotations.
            double skip = Math.max(sweep < 3 ? 0.01 * off / (n * n) : 0, 1e-32 * scale / (n * n));
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (apq == 0 || apq * apq <= skip) continue;
                    double app = a[p * n + p], aqq = a[q * n + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    // A ← Jᵀ A J, using symmetry: rows/columns p and q change together, and the
                    // 2×2 block has the closed form (app − t·apq, aqq + t·apq, 0).
                    int rp = p * n, rq = q * n;
                    for (int k = 0; k < n; k++) {
                        if (k == p || k == q) continue;
                        int rk = k * n;
                        double akp = a[rk + p], akq = a[rk + q];
                        double np = c * akp - s * akq, nq = s * akp + c * akq;
                        a[rk + p] = np;
                        a[rp + k] = np;
                        a[rk + q] = nq;
                        a[rq + k] = nq;
                    }
                    a[rp + p] = app - t * apq;
                    a[rq + q] = aqq + t * apq;
                    a[rp + q] = 0;
                    a[rq + p] = 0;
                    for (int k = 0; k < n; k++) { // Q ← Q J
                        double vkp = vectors[k * n + p], vkq = vectors[k * n + q];
                        vectors[k * n + p] = c * vkp - s * vkq;
                        vectors[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) values[i] = a[i * n + i];
    }
}
