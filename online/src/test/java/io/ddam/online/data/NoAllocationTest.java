package io.ddam.online.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hot-loop calls (cost value/gradient, cursor steps) must not allocate: measured with the JVM's per-thread counter. */
class NoAllocationTest {
    @TempDir
    Path dir;

    private static long allocated() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "skipped: no per-thread allocation counter");
        return ((com.sun.management.ThreadMXBean) bean).getCurrentThreadAllocatedBytes();
    }

    private static void assertNoAllocation(String what, Runnable r) {
        for (int i = 0; i < 2000; i++) r.run(); // warm-up
        long before = allocated();
        for (int i = 0; i < 10000; i++) r.run();
        long bytes = allocated() - before;
        assertTrue(bytes < 4096, what + " allocated " + bytes + " bytes in 10000 calls");
    }

    @Test
    void costsDoNotAllocate() {
        for (String name : MemoryCosts.NAMES) {
            MemoryCost f = MemoryCosts.byName(name, 4, 3, null, null);
            double[] x = new double[f.rows() * f.cols()], g = new double[x.length], k = {0.1, -0.2, 0.3, 0.4}, v = {1, 2, 3};
            double[] sink = new double[1];
            assertNoAllocation(name, () -> {
                sink[0] += f.value(x, k, v);
                f.addGradient(x, k, v, 1e-9, g);
            });
        }
    }

    @Test
    void cursorsDoNotAllocate() {
        SyntheticStream syn = new SyntheticStream(4, 1_000_000, 3, 2, 0.5, 1);
        check("synthetic", syn);
        check("synthetic traffic", new SyntheticTrafficStream(4, 15000, 1));
        Path f = dir.resolve("s.csv");
        CsvStream.write(new SyntheticStream(2, 13000, 2, 2, 0.5, 1), 13000, f);
        check("csv", new CsvStream(f, new int[] {0, 1}));
    }

    private static void check(String what, DataStream s) {
        double[][] k = new double[s.agents()][s.keyDim()], v = new double[s.agents()][s.valueDim()];
        DataStream.Cursor c = s.cursor();
        assertNoAllocation(what, () -> c.next(k, v));
    }
}
