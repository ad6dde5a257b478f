package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The hot loops allocate nothing per step: a run of 20,000 steps allocates about as much as a run of 200
 * (only the buffers set up in {@code run}). Measured with the HotSpot per-thread allocation counter; skipped
 * on JVMs without it. This is a property check, not a timing.
 */
class AllocationTest {
    @Test
    void allocationDoesNotGrowWithTheNumberOfSteps() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);

        SplittableRandom r = new SplittableRandom(3);
        int agents = 6, steps = 20_000;
        Network g = RandomInstances.connectedGraph(r, agents, 0.3, 2);
        InterestMatrix w = RandomInstances.interest(r, agents, 0.8);
        MemoryCost cost = TestCosts.deltaNet(2, 3);
        Projection proj = Projection.ball(1);
        double[] eta = StepSizes.constant(agents, 0.1);
        ArrayStream data = ArrayStream.random(1, agents, steps, 3, 2, 1);
        var trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        // failures: a cut inside the first 200 steps, so both runs below see the same events
        var cut = io.ddam.solver.failures.LinkSchedule.of(g, java.util.List.of(
                new io.ddam.solver.failures.LinkSchedule.Event(50, 0, true), new io.ddam.solver.failures.LinkSchedule.Event(120, 0, false)));
        Protocol[] all = {
                DdamTogdProtocol.overTrees("ddam-failing", w, trees, cost, proj, eta).withFailures(cut, trees, new MessageLoss()),
                new CdogdProtocol(ConsensusWeights.metropolisHastings(g), cost, proj, eta).withFailures(cut, new MessageLoss()),
                new OgdProtocol(w, cost, proj, eta),
                new LocalProtocol(w, cost, proj, eta),
                new CdogdProtocol(ConsensusWeights.metropolisHastings(g), cost, proj, eta),
                DdamTogdProtocol.overTrees("ddam", w, TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics(),
                        cost, proj, eta),
        };
        Protocol.IterateListener ignore = (t, n, x) -> { };
        long thread = Thread.currentThread().getId();
        for (Protocol p : all) {
            p.run(data, steps, ignore); // warm up (JIT), so class loading is not counted below
            long a0 = mx.getThreadAllocatedBytes(thread);
            p.run(data, 200, ignore);
            long shortRun = mx.getThreadAllocatedBytes(thread) - a0;
            long b0 = mx.getThreadAllocatedBytes(thread);
            p.run(data, steps, ignore);
            long longRun = mx.getThreadAllocatedBytes(thread) - b0;
            // 19,800 extra steps × 6 agents: even 8 bytes per agent-step would be ~950 kB.
            assertTrue(longRun - shortRun < 64 * 1024,
                    p.name() + ": " + shortRun + " bytes for 200 steps, " + longRun + " for " + steps);
        }
    }
}
