package io.ddam.online.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SyntheticStreamTest {
    @Test
    void passesAndInstancesWithTheSameSeedAgree() {
        SyntheticStream a = new SyntheticStream(5, 40, 4, 3, 0.75, 42);
        double[] first = StreamAssert.all(a);
        assertEquals(40 * 5 * (4 + 3), first.length);
        assertArrayEquals(first, StreamAssert.all(a), 0);
        assertArrayEquals(first, StreamAssert.all(new SyntheticStream(5, 40, 4, 3, 0.75, 42)), 0);
        assertFalse(Arrays.equals(first, StreamAssert.all(new SyntheticStream(5, 40, 4, 3, 0.75, 43))));
        assertArrayEquals(a.commonMatrix(), new SyntheticStream(5, 40, 4, 3, 0.75, 42).commonMatrix(), 0);
    }

    @Test
    void interleavedCursorsAreIndependent() {
        SyntheticStream s = new SyntheticStream(2, 10, 2, 2, 0.5, 1);
        double[][] k1 = new double[2][2], v1 = new double[2][2], k2 = new double[2][2], v2 = new double[2][2];
        DataStream.Cursor c1 = s.cursor();
        c1.next(k1, v1);
        DataStream.Cursor c2 = s.cursor();
        c2.next(k2, v2);
        assertArrayEquals(k1[1], k2[1], 0);
        assertArrayEquals(v1[0], v2[0], 0);
    }

    @Test
    void valuesFollowEquation41() {
        // with the noise removed by averaging, v ≈ A_n k, A_n = (1−ρ)M_n + ρM_com; check the residual moments
        int n = 3, dk = 4, dv = 2, t = 20000;
        SyntheticStream s = new SyntheticStream(n, t, dk, dv, 0.75, 7);
        double[][] k = new double[n][dk], v = new double[n][dv];
        double sum = 0, sumSq = 0, keyMin = 1, keyMax = -1, keySum = 0;
        DataStream.Cursor c = s.cursor();
        for (int step = 0; step < t; step++) {
            c.next(k, v);
            for (int a = 0; a < n; a++) {
                double[] m = s.effectiveMatrix(a);
                for (double x : k[a]) {
                    keyMin = Math.min(keyMin, x);
                    keyMax = Math.max(keyMax, x);
                    keySum += x;
                }
                for (int i = 0; i < dv; i++) {
                    double r = v[a][i];
                    for (int j = 0; j < dk; j++) r -= m[i * dk + j] * k[a][j];
                    sum += r;
                    sumSq += r * r;
                }
            }
        }
        double count = (double) t * n * dv;
        assertEquals(0, sum / count, 0.02, "noise mean");
        assertEquals(1, sumSq / count, 0.02, "noise variance");
        assertTrue(keyMin >= -1 && keyMax <= 1);
        assertTrue(keyMin < -0.999 && keyMax > 0.999);
        assertEquals(0, keySum / (t * n * dk), 0.01, "key mean");
    }

    @Test
    void matrixMomentsFollowEquation41() {
        double comSum = 0, comSq = 0, muSum = 0, varSum = 0;
        int comCount = 0, agentCount = 0;
        for (long seed = 0; seed < 400; seed++) {
            SyntheticStream s = new SyntheticStream(5, 0, 5, 4, 0.3, seed);
            for (double x : s.commonMatrix()) {
                assertTrue(x >= 0);
                comSum += x;
                comSq += x * x;
                comCount++;
            }
            for (int a = 0; a < 5; a++) {
                assertTrue(s.mean(a) >= -5 && s.mean(a) <= 5);
                assertTrue(s.variance(a) >= 0 && s.variance(a) <= 50);
                muSum += s.mean(a);
                varSum += s.variance(a);
                agentCount++;
                // M_n entries around μ_n with variance s_n²
                double[] m = s.agentMatrix(a), e = s.effectiveMatrix(a), com = s.commonMatrix();
                for (int i = 0; i < m.length; i++) assertEquals(0.7 * m[i] + 0.3 * com[i], e[i], 1e-12);
            }
        }
        double mean = comSum / comCount;
        assertEquals(2, mean, 0.05, "chi-squared(2) mean");
        assertEquals(4, comSq / comCount - mean * mean, 0.3, "chi-squared(2) variance");
        assertEquals(0, muSum / agentCount, 0.2, "mean of mu_n");
        assertEquals(25, varSum / agentCount, 1.0, "mean of s_n^2");
    }

    @Test
    void agentMatrixEntriesHaveTheirAgentsMoments() {
        SyntheticStream s = new SyntheticStream(2, 0, 100, 100, 0.5, 3);
        for (int a = 0; a < 2; a++) {
            double[] m = s.agentMatrix(a);
            double sum = 0, sq = 0;
            for (double x : m) sum += x;
            double mean = sum / m.length;
            for (double x : m) sq += (x - mean) * (x - mean);
            double sd = Math.sqrt(s.variance(a));
            assertEquals(s.mean(a), mean, 5 * sd / 100 + 1e-9);
            assertEquals(s.variance(a), sq / (m.length - 1), 0.1 * s.variance(a) + 1e-9);
        }
    }

    @Test
    void shapeAndDescription() {
        SyntheticStream s = new SyntheticStream(3, 7, 2, 5, 1, 9);
        assertEquals(3, s.agents());
        assertEquals(2, s.keyDim());
        assertEquals(5, s.valueDim());
        assertEquals(7, s.horizon());
        assertEquals("synthetic(N=3, T=7, rho=1.0, dk=2, dv=5, seed=9)", s.describe());
        assertThrows(DdamInputException.class, () -> new SyntheticStream(3, 7, 2, 5, 1.5, 9));
        assertThrows(DdamInputException.class, () -> new SyntheticStream(0, 7, 2, 5, 0.5, 9));
        assertThrows(DdamInputException.class, () -> new SyntheticStream(3, 7, 0, 5, 0.5, 9));
    }
}
