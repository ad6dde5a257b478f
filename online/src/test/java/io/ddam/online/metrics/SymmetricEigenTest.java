package io.ddam.online.metrics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SymmetricEigen}'s EJML path against the hand-written Jacobi oracle on random symmetric matrices,
 * full-rank and rank-deficient (Gram matrices of fewer vectors than their size): the same eigenvalues to
 * 1e-12 of ‖A‖, and Q diag(e) Qᵀ = A with QᵀQ = I to 1e-12.
 */
class SymmetricEigenTest {
    @Test
    void ejmlPathEqualsJacobiOracle() {
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 60; trial++) {
            int n = SymmetricEigen.EJML_FROM + r.nextInt(30);
            int rank = trial % 3 == 0 ? 1 + r.nextInt(n) : n;
            double[] b = new double[rank * n];
            for (int i = 0; i < b.length; i++) b[i] = r.nextGaussian();
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < rank; k++) s += b[k * n + i] * b[k * n + j];
                    a[i * n + j] = s;
                }
            }
            double norm = 0;
            for (double x : a) norm += x * x;
            norm = Math.sqrt(norm);
            SymmetricEigen fast = new SymmetricEigen(n + 2), slow = new SymmetricEigen(n);
            fast.decompose(a, n);
            slow.decomposeJacobi(a, n);
            double[] ef = Arrays.copyOf(fast.values, n), es = Arrays.copyOf(slow.values, n);
            Arrays.sort(ef);
            Arrays.sort(es);
            for (int i = 0; i < n; i++) assertEquals(es[i], ef[i], 1e-12 * norm, "eigenvalue " + i + ", trial " + trial);
            double[] q = fast.vectors;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double rec = 0, orth = 0;
                    for (int k = 0; k < n; k++) {
                        rec += q[i * n + k] * fast.values[k] * q[j * n + k];
                        orth += q[k * n + i] * q[k * n + j];
                    }
                    assertEquals(a[i * n + j], rec, 1e-12 * norm, "reconstruction, trial " + trial);
                    assertEquals(i == j ? 1 : 0, orth, 1e-12, "orthonormal, trial " + trial);
                }
            }
        }
        assertTrue(SymmetricEigen.EJML_FROM > 1);
    }
}
