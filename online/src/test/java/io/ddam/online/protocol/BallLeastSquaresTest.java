package io.ddam.online.protocol;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The constrained least-squares leader against hand values and the KKT conditions. */
class BallLeastSquaresTest {

    /**
     * S = diag(1, 4), X̂ = (3, 4) (so S_vk = (3, 16)), R² = 4.36: X(μ) = (3/(1 + μ), 16/(4 + μ)) is on the sphere at
     * μ = 4, i.e. X = (0.6, 2). The Euclidean projection would be (3, 4)·√4.36/5 = (1.253, 1.670).
     */
    @Test
    void handValuesOnADiagonalHessian() {
        DMatrixRMaj s = new DMatrixRMaj(new double[][] {{1, 0}, {0, 4}});
        double[] out = new double[2];
        new BallLeastSquares().solve(new double[] {3, 4}, new double[] {3, 16}, s, 1, 2, Math.sqrt(4.36), out);
        assertArrayEquals(new double[] {0.6, 2.0}, out, 1e-12);
        assertEquals(4.0, BallLeastSquares.multiplier(new double[] {9, 256}, new double[] {1, 4}, 2, 0, 1, Math.sqrt(4.36)), 1e-12);
        // inside the ball: X̂ itself
        new BallLeastSquares().solve(new double[] {3, 4}, new double[] {3, 16}, s, 1, 2, 5.0, out);
        assertArrayEquals(new double[] {3, 4}, out);
    }

    /** Random ill-conditioned S (eigenvalues 1e-8..1e3): the result meets the KKT conditions of the ball problem. */
    @Test
    void randomProblemsMeetTheKktConditions() {
        SplittableRandom r = new SplittableRandom(4);
        BallLeastSquares b = new BallLeastSquares();
        for (int trial = 0; trial < 20; trial++) {
            int dk = 2 + r.nextInt(6), dv = 1 + r.nextInt(3);
            DMatrixRMaj q = randomOrthogonal(r, dk);
            double[] kk = new double[dk * dk];
            for (int j = 0; j < dk; j++) {
                double e = Math.pow(10, -8 + 11 * r.nextDouble());
                for (int a = 0; a < dk; a++) for (int c = 0; c < dk; c++) kk[a * dk + c] += e * q.get(a, j) * q.get(c, j);
            }
            double[] vk = new double[dv * dk];
            for (int i = 0; i < vk.length; i++) vk[i] = 10 * r.nextGaussian();
            DMatrixRMaj s = DMatrixRMaj.wrap(dk, dk, kk);
            DMatrixRMaj inv = new DMatrixRMaj(dk, dk);
            org.ejml.dense.row.CommonOps_DDRM.invert(s, inv);
            double[] xhat = new double[dv * dk];
            for (int p = 0; p < dv; p++) for (int c = 0; c < dk; c++) for (int j = 0; j < dk; j++) xhat[p * dk + c] += vk[p * dk + j] * inv.get(j, c);
            double radius = 0.5 + r.nextDouble();
            double[] out = new double[dv * dk];
            b.solve(xhat, vk, s, dv, dk, radius, out);
            double viol = RlsProtocolTest.kktViolation(out, kk, vk, dv, dk, radius);
            assertTrue(viol < 1e-9, "trial " + trial + ": KKT violated by " + viol);
        }
    }

    private static DMatrixRMaj randomOrthogonal(SplittableRandom r, int n) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n * n; i++) a.data[i] = r.nextGaussian();
        var qr = org.ejml.dense.row.factory.DecompositionFactory_DDRM.qr(n, n);
        qr.decompose(a);
        return qr.getQ(null, false);
    }
}
