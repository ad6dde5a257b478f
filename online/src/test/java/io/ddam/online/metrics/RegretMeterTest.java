package io.ddam.online.metrics;

import io.ddam.online.data.DataStream;
import io.ddam.online.data.SyntheticStream;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.LocalProtocol;
import io.ddam.online.protocol.OgdProtocol;
import io.ddam.online.protocol.Protocol;
import io.ddam.online.protocol.StepSizes;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Internal consistency of {@link RegretMeter}: the definitions agree with each other and with brute force. */
class RegretMeterTest {
    @ParameterizedTest
    @ValueSource(strings = {"deltanet", "softmax-norm", "gated-linear"})
    void windowsAndTraceAreConsistent(String name) {
        int agents = 5, steps = 60, dk = 3, dv = 2;
        DataStream data = new SyntheticStream(agents, steps, dk, dv, 0.5, 11);
        InterestMatrix w = InterestGenerators.dirichlet(agents, 2, 10, 4);
        MemoryCost cost = MemoryCosts.byName(name, dk, dv, null, null);
        Projection ball = Projection.ball(3);
        OgdProtocol ogd = new OgdProtocol(w, cost, ball, StepSizes.constant(agents, 0.01));
        RunMetrics m = RegretMeter.measure(ogd, data, w, cost, ball, steps, true, 1, 7, steps, 1000);
        double scale = Math.abs(m.totalLoss()) + 1;
        // Ω = T (and any Ω ≥ T) is the static comparator.
        assertEquals(m.staticRegret(), m.dynamicRegret(m.windowIndex(steps)), 1e-9 * scale);
        assertEquals(m.staticRegret(), m.dynamicRegret(m.windowIndex(1000)), 1e-9 * scale);
        assertEquals(0, m.totalPathLength(m.windowIndex(steps)));
        // Finer windows give better comparators: D-Reg(1) ≥ D-Reg(7) ≥ S-Reg.
        assertTrue(m.dynamicRegret(0) >= m.dynamicRegret(1) - 1e-9 * scale);
        assertTrue(m.dynamicRegret(1) >= m.staticRegret() - 1e-9 * scale);
        // The trace ends at S-Reg(T)/T; it was computed by evaluating U* sample by sample in a second pass.
        double[] trace = m.staticTrace();
        assertEquals(steps, trace.length);
        assertEquals(m.staticRegretAverage(), trace[steps - 1], 1e-9 * scale / steps);
        assertTrue(m.totalPathLength(0) > 0);
    }

    @Test
    void localLearnerRegretIsMeasuredAgainstItsOwnW() {
        int agents = 4, steps = 50;
        DataStream data = new SyntheticStream(agents, steps, 2, 2, 0.2, 3);
        InterestMatrix w = InterestGenerators.dirichlet(agents, 1, 5, 9);
        MemoryCost cost = new DeltaNetCost(2, 2);
        RunMetrics m = RegretMeter.measure(new LocalProtocol(w, cost, Projection.NONE, StepSizes.constant(agents, 0.05)),
                data, w, cost, Projection.NONE, steps, false, 1);
        assertTrue(m.dynamicRegret(0) >= 0);
        assertTrue(m.selfNmse() > 0 && m.crossNmse() > 0);
    }

    @Test
    void protocolMustReadTheMetersStream() {
        DataStream data = new SyntheticStream(2, 5, 2, 1, 0.5, 1);
        InterestMatrix w = InterestGenerators.uniform(2);
        MemoryCost cost = new DeltaNetCost(2, 1);
        RegretMeter meter = new RegretMeter(data, w, cost, Projection.NONE, 5, false);
        Protocol p = new OgdProtocol(w, cost, Projection.NONE, StepSizes.constant(2, 0.1));
        assertThrows(IllegalStateException.class, () -> p.run(data, 5, meter));
    }

    @Test
    void meterAllocatesNothingPerStep() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        int agents = 5, steps = 10_000;
        DataStream data = new SyntheticStream(agents, steps, 3, 2, 0.5, 2);
        InterestMatrix w = InterestGenerators.dirichlet(agents, 2, 10, 1);
        for (String name : new String[] {"deltanet", "softmax-norm"}) {
            MemoryCost cost = MemoryCosts.byName(name, 3, 2, null, null);
            Projection ball = Projection.ball(2);
            Protocol p = new OgdProtocol(w, cost, ball, StepSizes.constant(agents, 0.05));
            long thread = Thread.currentThread().getId();
            long[] used = new long[2];
            int[] lengths = {200, steps};
            for (int rep = 0; rep < 2; rep++) { // first repetition warms up the JIT
                for (int i = 0; i < 2; i++) {
                    RegretMeter meter = new RegretMeter(data, w, cost, ball, lengths[i], false, 1, 10);
                    long a0 = mx.getThreadAllocatedBytes(thread);
                    p.run(meter.stream(), lengths[i], meter);
                    used[i] = mx.getThreadAllocatedBytes(thread) - a0;
                }
            }
            assertTrue(used[1] - used[0] < 64 * 1024, name + ": " + used[0] + " bytes for 200 steps, " + used[1] + " for " + steps);
        }
    }
}
