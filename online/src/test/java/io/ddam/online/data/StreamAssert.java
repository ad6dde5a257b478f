package io.ddam.online.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** Reads whole streams into memory so tests can compare passes and instances. */
final class StreamAssert {
    private StreamAssert() {}

    /** Every number of a full pass: for each step, each agent's key then value. */
    static double[] all(DataStream s) {
        List<Double> out = new ArrayList<>();
        double[][] k = new double[s.agents()][s.keyDim()], v = new double[s.agents()][s.valueDim()];
        DataStream.Cursor c = s.cursor();
        int expected = 1, t;
        while ((t = c.next(k, v)) != 0) {
            assertEquals(expected++, t);
            for (int n = 0; n < s.agents(); n++) {
                for (double x : k[n]) out.add(x);
                for (double x : v[n]) out.add(x);
            }
        }
        assertEquals(s.horizon() + 1, expected, "steps in a pass");
        assertEquals(0, c.next(k, v), "past the horizon");
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }
}
