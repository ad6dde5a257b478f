package io.ddam.online.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The blocked kernels against plain loops, bit for bit, on sizes that leave every remainder of the blocks. */
class KeyDotsTest {

    private static double[][] random(SplittableRandom r, int n, int len) {
        double[][] a = new double[n][len];
        for (double[] row : a) for (int l = 0; l < len; l++) row[l] = r.nextGaussian();
        return a;
    }

    private static double plain(double[] a, double[] b, int len) {
        double s = 0;
        for (int l = 0; l < len; l++) s += a[l] * b[l];
        return s;
    }

    @Test
    void dotsAreThePlainSequentialSums() {
        SplittableRandom r = new SplittableRandom(1);
        for (int nRows = 0; nRows <= 7; nRows++) {
            for (int nq = 1; nq <= 9; nq++) {
                int len = 1 + r.nextInt(40);
                double[][] rows = random(r, nRows, len + 3), q = random(r, nq, len + 3);
                double[][] out = new double[nq][nRows];
                KeyDots.dots(rows, nRows, q, nq, len, out);
                for (int j = 0; j < nq; j++) {
                    for (int i = 0; i < nRows; i++) {
                        assertEquals(Double.doubleToLongBits(plain(rows[i], q[j], len)), Double.doubleToLongBits(out[j][i]),
                                nRows + "x" + nq + " (" + i + "," + j + ")");
                    }
                }
            }
        }
    }

    @Test
    void gramIsThePlainSymmetricMatrix() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n = 1; n <= 11; n++) {
            int len = 1 + r.nextInt(30), stride = len + r.nextInt(3);
            double[] flat = new double[n * stride];
            for (int i = 0; i < flat.length; i++) flat[i] = r.nextGaussian();
            double[] out = new double[n * n];
            KeyDots.gram(flat, n, stride, len, out);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int lo = Math.min(i, j), hi = Math.max(i, j);
                    double s = 0;
                    for (int l = 0; l < len; l++) s += flat[hi * stride + l] * flat[lo * stride + l];
                    assertEquals(Double.doubleToLongBits(s), Double.doubleToLongBits(out[i * n + j]), "(" + i + "," + j + ")");
                }
            }
        }
    }

    @Test
    void addCombinationSumsTheRowsInOrder() {
        for (int zeroEvery : new int[] {9, 0, 23}) { // 0: no zero coefficient (the fused three-output pass throughout)
            for (int nOut : new int[] {3, 2, 4}) addCombinationCase(zeroEvery, nOut);
        }
    }

    private static void addCombinationCase(int zeroEvery, int nOut) {
        SplittableRandom r = new SplittableRandom(3 + zeroEvery + 31L * nOut);
        int nRows = 11, len = 7, cs = 13, os = 9;
        double[][] rows = random(r, nRows, len);
        double[] coef = new double[nOut * cs];
        for (int i = 0; i < coef.length; i++) coef[i] = zeroEvery > 0 && i % zeroEvery == 0 ? 0 : r.nextGaussian();
        double[] out = new double[nOut * os];
        for (int i = 0; i < out.length; i++) out[i] = r.nextGaussian();
        double[] expected = out.clone();
        for (int o = 0; o < nOut; o++) {
            for (int l = 0; l < len; l++) {
                double x = expected[o * os + l];
                for (int i = 0; i < nRows; i++) if (coef[o * cs + i] != 0) x += coef[o * cs + i] * rows[i][l];
                expected[o * os + l] = x;
            }
        }
        KeyDots.addCombination(rows, nRows, coef, cs, nOut, out, os, len);
        for (int i = 0; i < out.length; i++) assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(out[i]),
                "zeros every " + zeroEvery + ", " + nOut + " outputs, entry " + i);
    }
}
