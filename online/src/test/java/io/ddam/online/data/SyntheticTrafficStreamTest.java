package io.ddam.online.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SyntheticTrafficStreamTest {
    @Test
    void deterministicPerSeed() {
        SyntheticTrafficStream a = new SyntheticTrafficStream(16, 100, 3);
        double[] first = StreamAssert.all(a);
        assertEquals(100 * 16 * (34 + 6), first.length);
        assertArrayEquals(first, StreamAssert.all(a), 0);
        assertArrayEquals(first, StreamAssert.all(new SyntheticTrafficStream(16, 100, 3)), 0);
        assertFalse(Arrays.equals(first, StreamAssert.all(new SyntheticTrafficStream(16, 100, 4))));
    }

    @Test
    void saysItIsAStandIn() {
        String d = new SyntheticTrafficStream(4, 10, 1).describe();
        assertTrue(d.contains("synthetic stand-in"), d);
        assertTrue(d.contains("not real data"), d);
    }

    @Test
    void shapeKeysAndDailyCycle() {
        int n = 5, days = 60, t = 24 * days;
        SyntheticTrafficStream s = new SyntheticTrafficStream(n, t, 8);
        assertEquals(34, s.keyDim());
        assertEquals(6, s.valueDim());
        assertEquals(0, s.hourOfDay(1));
        assertEquals(1, s.hourOfDay(26));
        double[][] k = new double[n][34], v = new double[n][6], expected = new double[n][34];
        double[][] hourMean = new double[n][24];
        double[] apMean = new double[n];
        DataStream.Cursor c = s.cursor();
        for (int step = 1; step <= t; step++) {
            assertEquals(step, c.next(k, v));
            for (int a = 0; a < n; a++) {
                TrafficKeys.fill(a, (step - 1) % 24, expected[a]);
                assertArrayEquals(expected[a], k[a], 0);
                for (double x : v[a]) {
                    assertTrue(x > 0 && Double.isFinite(x));
                    hourMean[a][(step - 1) % 24] += x / (6 * days);
                    apMean[a] += x / (6 * t);
                }
            }
        }
        for (int a = 0; a < n; a++) {
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (double m : hourMean[a]) {
                lo = Math.min(lo, m);
                hi = Math.max(hi, m);
            }
            assertTrue(hi - lo > 0.3, "daily cycle of AP " + a + ": " + (hi - lo)); // a_n ≥ 0.3 in raw scale
        }
        double lo = Arrays.stream(apMean).min().orElseThrow(), hi = Arrays.stream(apMean).max().orElseThrow();
        assertTrue(hi - lo > 0.5, "heterogeneous levels");
    }

    @Test
    void validates() {
        assertThrows(DdamInputException.class, () -> new SyntheticTrafficStream(17, 10, 1));
        assertThrows(DdamInputException.class, () -> new SyntheticTrafficStream(0, 10, 1));
        assertThrows(DdamInputException.class, () -> new SyntheticTrafficStream(2, -1, 1));
    }

    @Test
    void keysLieInTheUnitBoxAndDifferAcrossApsAndHours() {
        double[] a = new double[34], b = new double[34];
        for (int ap = 0; ap < 16; ap++) {
            for (int h = 0; h < 24; h++) {
                TrafficKeys.fill(ap, h, a);
                for (double x : a) assertTrue(Math.abs(x) <= 1);
                TrafficKeys.fill(ap, (h + 1) % 24, b);
                assertFalse(Arrays.equals(a, b));
            }
        }
    }
}
