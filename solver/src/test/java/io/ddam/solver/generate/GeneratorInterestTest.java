package io.ddam.solver.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interest generators and the Gamma sampler: determinism, validity and first two moments. */
class GeneratorInterestTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1, 2.5, 10})
    void gammaMeanAndVarianceMatchShape(double a) {
        SplittableRandom rng = new SplittableRandom(42);
        int n = 200_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            double g = InterestGenerators.gamma(rng, a);
            assertTrue(g >= 0 && Double.isFinite(g));
            sum += g;
            sq += g * g;
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        // Gamma(a): mean a, variance a, fourth central moment 3a² + 6a.
        assertEquals(a, mean, 4 * Math.sqrt(a / n), "mean");
        assertEquals(a, var, 5 * Math.sqrt((2 * a * a + 6 * a) / n), "variance");
    }

    @Test
    void dirichletRowsAreStochasticAndReproducible() {
        InterestMatrix a = InterestGenerators.dirichlet(12, 2, 10, 3);
        assertEquals(a, InterestGenerators.dirichlet(12, 2, 10, 3));
        assertNotEquals(a, InterestGenerators.dirichlet(12, 2, 10, 4));
        for (int r = 0; r < a.size(); r++) {
            assertEquals(1.0, Arrays.stream(a.row(r)).sum(), 1e-12);
            assertEquals(12, a.interestSetSize(r));
        }
    }

    @Test
    void dirichletDiagonalMeanMatchesEq42() {
        int n = 10;
        double y0 = 2, y1 = 10;
        double a = y1, b = (n - 1) * y0;
        double expected = a / (a + b);
        double sd = Math.sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
        int rows = 0;
        double sum = 0, offSum = 0;
        for (int s = 0; s < 300; s++) {
            InterestMatrix w = InterestGenerators.dirichlet(n, y0, y1, s);
            for (int r = 0; r < n; r++) {
                sum += w.weight(r, r);
                offSum += w.weight(r, (r + 1) % n);
                rows++;
            }
        }
        assertEquals(expected, sum / rows, 3 * sd / Math.sqrt(rows));
        assertEquals(y0 / (a + b), offSum / rows, 0.01);
    }

    @Test
    void y0ZeroGivesIdentity() {
        InterestMatrix w = InterestGenerators.dirichlet(7, 0, 3, 5);
        for (int r = 0; r < 7; r++) {
            double[] e = new double[7];
            e[r] = 1;
            assertArrayEquals(e, w.row(r));
        }
    }

    @Test
    void tinyConcentrationsStillGiveValidRowsWithPositiveDiagonal() {
        for (long s = 0; s < 20; s++) {
            InterestMatrix w = InterestGenerators.dirichlet(30, 0.001, 0.002, s);
            for (int r = 0; r < 30; r++) {
                assertTrue(w.weight(r, r) > 0, "diagonal underflowed");
                assertEquals(1.0, Arrays.stream(w.row(r)).sum(), 1e-9);
            }
            InterestMatrix t = InterestGenerators.topK(30, 4, 0.001, 0.001, s);
            for (int r = 0; r < 30; r++) assertEquals(5, t.interestSetSize(r));
        }
    }

    @Test
    void uniformIsOneOverN() {
        InterestMatrix w = InterestGenerators.uniform(8);
        for (int r = 0; r < 8; r++) for (int c = 0; c < 8; c++) assertEquals(0.125, w.weight(r, c));
    }

    @Test
    void topKKeepsSelfAndTheKHeaviestOfTheSameDirichletRow() {
        int n = 15, k = 4;
        InterestMatrix full = InterestGenerators.dirichlet(n, 1, 5, 8);
        InterestMatrix top = InterestGenerators.topK(n, k, 1, 5, 8);
        assertEquals(top, InterestGenerators.topK(n, k, 1, 5, 8));
        for (int r = 0; r < n; r++) {
            assertEquals(k + 1, top.interestSetSize(r));
            assertTrue(top.weight(r, r) > 0);
            double[] f = full.row(r);
            double[] others = new double[n - 1];
            int j = 0;
            for (int m = 0; m < n; m++) if (m != r) others[j++] = f[m];
            Arrays.sort(others);
            double threshold = others[others.length - k];
            double keptSum = f[r];
            for (int m = 0; m < n; m++) if (m != r && f[m] >= threshold) keptSum += f[m];
            for (int m = 0; m < n; m++) {
                if (m == r || f[m] >= threshold) assertEquals(f[m] / keptSum, top.weight(r, m), 1e-12);
                else assertEquals(0.0, top.weight(r, m));
            }
        }
    }

    @Test
    void invalidParametersAreInputErrors() {
        assertThrows(DdamInputException.class, () -> InterestGenerators.dirichlet(5, 3, 2, 1));
        assertThrows(DdamInputException.class, () -> InterestGenerators.dirichlet(5, 0, 0, 1));
        assertThrows(DdamInputException.class, () -> InterestGenerators.dirichlet(5, -1, 2, 1));
        assertThrows(DdamInputException.class, () -> InterestGenerators.dirichlet(5, Double.NaN, 2, 1));
        assertThrows(DdamInputException.class, () -> InterestGenerators.dirichlet(0, 1, 2, 1));
        assertThrows(DdamInputException.class, () -> InterestGenerators.topK(5, 5, 1, 2, 1));
        assertThrows(DdamInputException.class, () -> InterestGenerators.topK(5, -1, 1, 2, 1));
        assertThrows(DdamInputException.class, () -> InterestGenerators.topK(5, 2, 0, 2, 1));
        assertThrows(DdamInputException.class, () -> InterestGenerators.uniform(0));
        assertThrows(DdamInputException.class, () -> InterestGenerators.gamma(new SplittableRandom(1), 0));
        assertThrows(DdamInputException.class, () -> InterestSpec.dirichlet(3, 2, 1));
        assertThrows(DdamInputException.class, () -> InterestSpec.topK(5, 1, 2, 1).generate(5));
    }

    @Test
    void specsParseAndPrintCanonically() {
        assertEquals(InterestSpec.dirichlet(2, 10, 3), InterestSpec.parse("dirichlet:y0=2,y1=10,seed=3"));
        assertEquals(InterestSpec.uniform(), InterestSpec.parse("uniform"));
        assertEquals(InterestSpec.topK(3, 1, 5, 1), InterestSpec.parse("topk:k=3,y0=1,y1=5,seed=1"));
        assertEquals(InterestSpec.dirichlet(0.1, 100, 9), InterestSpec.parse("Dirichlet: y0=0.1, y1=100", 9L));
        for (String s : new String[] {"dirichlet:y0=2,y1=10,seed=3", "uniform", "topk:k=3,y0=1,y1=5,seed=1", "dirichlet:y0=0.1,y1=100,seed=-4"}) {
            assertEquals(s, InterestSpec.parse(s).toString());
        }
        assertEquals(InterestGenerators.dirichlet(6, 2, 10, 3), InterestSpec.parse("dirichlet:y0=2,y1=10,seed=3").generate(6));
    }

    @Test
    void specErrorsNameTheKeyOrValue() {
        assertMessage("dirichlet:y0=2,y1=10", "missing key 'seed'");
        assertMessage("dirichlet:y0=2,y1=10,seed=3,k=2", "unknown key 'k'");
        assertMessage("dirichlet:y0=two,y1=10,seed=3", "y0=two is not a number");
        assertMessage("dirichlet:y0=20,y1=10,seed=3", "y1 = 10 is below y0 = 20");
        assertMessage("topk:k=1.5,y0=1,y1=2,seed=3", "k=1.5 is not a whole number");
        assertMessage("uniform:y0=1", "unknown key 'y0'");
        assertMessage("zipf:s=1", "unknown interest generator 'zipf'");
        assertMessage("dirichlet:y0", "'y0' is not key=value");
    }

    private static void assertMessage(String spec, String fragment) {
        DdamInputException e = assertThrows(DdamInputException.class, () -> InterestSpec.parse(spec));
        assertTrue(e.problem().contains(fragment), () -> "expected '" + fragment + "' in: " + e.problem());
    }
}
