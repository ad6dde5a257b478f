package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.metrics.RegretMeter;
import io.ddam.online.metrics.RunMetrics;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/**
 * Agents updated on several threads give bitwise the same iterates and metrics as on one thread, for every
 * protocol, on random sparse instances large enough (N = 70..150) for the pool to use several workers.
 */
class ParallelAgentsTest {
    private static final int[] THREADS = {2, 3, 8};

    /** One random instance and every protocol built on it, single-threaded. */
    private record Case(String label, InterestMatrix w, MemoryCost cost, Projection proj, ArrayStream data, int steps,
                        List<Protocol> protocols) {}

    private static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (int seed = 1; seed <= 4; seed++) {
            SplittableRandom r = new SplittableRandom(100 + seed);
            int agents = 70 + r.nextInt(81);
            int steps = 30 + r.nextInt(31);
            Network g = RandomInstances.connectedGraph(r, agents, 3.0 / agents, 3);
            InterestMatrix w = RandomInstances.interest(r, agents, 4.0 / agents);
            MemoryCost cost = switch (seed % 3) {
                case 0 -> MemoryCosts.byName("gated-softmax", 3, 2, null, null);
                case 1 -> MemoryCosts.byName("linear", 3, 2, null, null);
                default -> new DeltaNetCost(3, 2);
            };
            Projection proj = seed % 2 == 0 ? Projection.ball(1.5) : Projection.ball(0.7);
            double[] eta = new double[agents];
            for (int n = 0; n < agents; n++) eta[n] = r.nextDouble(0.05, 0.5);
            ArrayStream data = ArrayStream.random(seed, agents, steps, cost.keyDim(), cost.rows(), 2);
            long[][] tau = new long[agents][agents];
            for (int n = 0; n < agents; n++) for (int m = 0; m < agents; m++) tau[n][m] = n == m ? 0 : r.nextInt(13);
            List<Protocol> ps = List.of(
                    new OgdProtocol(w, cost, proj, eta),
                    new LocalProtocol(w, cost, proj, eta),
                    new CdogdProtocol(ConsensusWeights.metropolisHastings(g), cost, proj, eta),
                    DdamTogdProtocol.overTrees("ddam-star", w,
                            TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics(), cost, proj, eta),
                    new DdamTogdProtocol("ddam-random", w, tau, cost, proj, eta));
            all.add(new Case("seed " + seed + " N=" + agents + " T=" + steps + " " + cost.name(), w, cost, proj, data, steps, ps));
        }
        return all;
    }

    @Test
    void everyIterateIsBitwiseTheSameForAnyThreadCount() {
        for (Case c : cases()) {
            for (Protocol p : c.protocols()) {
                Recorder one = Recorder.run(p, c.data(), c.steps());
                for (int threads : THREADS) {
                    Protocol q = p.withThreads(threads);
                    assertEquals(threads, q.threads());
                    Recorder many = Recorder.run(q, c.data(), c.steps());
                    String where = c.label() + " " + p.name() + " threads=" + threads;
                    assertEquals(one.calls(), many.calls(), where);
                    for (int t = 1; t <= c.steps(); t++) {
                        for (int n = 0; n < c.w().size(); n++) {
                            double[] a = one.x[t][n], b = many.x[t][n];
                            assertEquals(a.length, b.length);
                            for (int j = 0; j < a.length; j++) {
                                if (Double.doubleToRawLongBits(a[j]) != Double.doubleToRawLongBits(b[j])) {
                                    throw new AssertionError(where + ": X_{" + n + "," + t + "}[" + j + "] = " + b[j]
                                            + " but " + a[j] + " on one thread");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void regretMetricsAreBitwiseTheSameForAnyThreadCount() {
        for (Case c : cases()) {
            for (Protocol p : c.protocols()) {
                RunMetrics one = RegretMeter.measure(p, c.data(), c.w(), c.cost(), c.proj(), c.steps(), true, 1, 7);
                for (int threads : THREADS) {
                    RunMetrics many = RegretMeter.measure(p.withThreads(threads), c.data(), c.w(), c.cost(), c.proj(),
                            c.steps(), true, 1, 7);
                    assertSameMetrics(one, many, c.label() + " " + p.name() + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void listenerIsCalledOnTheCallingThreadInAgentOrder() {
        Case c = cases().get(0);
        Thread me = Thread.currentThread();
        for (Protocol p : c.protocols()) {
            int[] expected = {1, 0}; // next (t, n)
            p.withThreads(8).run(c.data(), c.steps(), (t, n, x) -> {
                assertSame(me, Thread.currentThread());
                assertEquals(expected[0], t);
                assertEquals(expected[1], n);
                if (++expected[1] == c.w().size()) {
                    expected[1] = 0;
                    expected[0]++;
                }
            });
            assertEquals(c.steps() + 1, expected[0], p.name());
        }
    }

    @Test
    void poolVisitsEveryAgentOnceAndUsesSeveralWorkersOnlyForEnoughAgents() {
        assertEquals(1, AgentPool.workers(20, 8));
        assertEquals(2, AgentPool.workers(40, 8));
        assertEquals(31, AgentPool.workers(500, 8));   // 4 chunks per thread would be 32; each keeps >= 16 agents
        assertEquals(6, AgentPool.workers(100, 2));    // 2 threads, 6 chunks of 16-17 agents
        assertEquals(8, AgentPool.workers(1000, 2));   // 4 chunks per thread
        assertEquals(1, AgentPool.workers(500, 1));
        assertEquals(2, AgentPool.threadsUsed(40, 8));
        assertEquals(8, AgentPool.threadsUsed(500, 8));
        assertThrows(IllegalArgumentException.class, () -> AgentPool.workers(10, 0));
        int agents = 137;
        try (AgentPool pool = new AgentPool(agents, 5)) {
            assertEquals(8, pool.workers()); // 5 threads, 8 chunks of 17-18 agents
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray visits = new AtomicIntegerArray(agents);
                pool.run((worker, from, to) -> {
                    for (int n = from; n < to; n++) visits.incrementAndGet(n);
                });
                for (int n = 0; n < agents; n++) assertEquals(1, visits.get(n), "round " + round + " agent " + n);
            }
            // A failure on a worker reaches the caller, and the pool stays usable.
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> pool.run((worker, from, to) -> { if (worker == 3) throw new IllegalStateException("boom"); }));
            assertEquals("boom", e.getMessage());
            int[] count = new int[1];
            pool.run((worker, from, to) -> { if (worker == 0) count[0] = to - from; });
            assertTrue(count[0] > 0);
        }
    }

    @Test
    void invalidThreadCountIsRejected() {
        Case c = cases().get(0);
        for (Protocol p : c.protocols()) assertThrows(RuntimeException.class, () -> p.withThreads(0), p.name());
    }

    private static void assertSameMetrics(RunMetrics a, RunMetrics b, String where) {
        assertEquals(a.iterations(), b.iterations(), where);
        same(a.loss(), b.loss(), where + " loss");
        same(a.staticComparatorLoss(), b.staticComparatorLoss(), where + " static comparator");
        for (int k = 0; k < a.windows().length; k++) {
            same(a.windowComparatorLoss()[k], b.windowComparatorLoss()[k], where + " window comparator " + k);
            same(a.pathLength()[k], b.pathLength()[k], where + " path length " + k);
        }
        same(new double[] {a.selfNmse(), a.crossNmse()}, new double[] {b.selfNmse(), b.crossNmse()}, where + " NMSE");
        same(a.measuredGradient(), b.measuredGradient(), where + " G");
        same(a.maxKeyAbs(), b.maxKeyAbs(), where + " keys");
        same(a.maxValueNorm(), b.maxValueNorm(), where + " values");
        same(a.staticTrace(), b.staticTrace(), where + " trace");
    }

    private static void same(double[] a, double[] b, String where) {
        assertEquals(a.length, b.length, where);
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                throw new AssertionError(where + "[" + i + "]: " + b[i] + " but " + a[i] + " on one thread");
            }
        }
    }
}
