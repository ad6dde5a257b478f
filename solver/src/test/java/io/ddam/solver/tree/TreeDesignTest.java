package io.ddam.solver.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Whole-instance designs: identical for any thread count, and errors surface deterministically. */
class TreeDesignTest {

    @Test
    void oneAndFourThreadsGiveIdenticalDesigns() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int rep = 0; rep < 4; rep++) {
            int n = 30 + rnd.nextInt(60);
            Network g = TestGraphs.randomConnected(rnd, n, 2 * n, 3, rep % 2 == 0 ? TestGraphs.Costs.SMALL_INT : TestGraphs.Costs.REAL);
            InterestMatrix w = rep < 2 ? TestGraphs.dense(n) : TestGraphs.randomSparse(rnd, n, 6, rep == 2);
            for (TreeDesigner d : new TreeDesigner[] {new ShortestPathTreeDesigner(), new KmbSteinerDesigner(), new MehlhornSteinerDesigner()}) {
                TreeDesign one = TreeDesign.design(d, g, w, 1);
                TreeDesign four = TreeDesign.design(d, g, w, 4);
                assertEquals(d.name(), one.designer());
                assertEquals(n, four.size());
                for (int a = 0; a < n; a++) {
                    assertEquals(one.tree(a), four.tree(a), d.name() + " agent " + a);
                    assertEquals(one.get(a).objective(), four.get(a).objective());
                    assertEquals(one.get(a).status(), four.get(a).status());
                    assertEquals(a, one.tree(a).root());
                }
                TreeMetrics m1 = one.metrics(), m4 = four.metrics();
                assertArrayEquals(m1.edgeLoads(), m4.edgeLoads());
                assertEquals(m1.totalTauSum(), m4.totalTauSum());
                assertEquals(m1.cMax(), m4.cMax());
            }
        }
    }

    @Test
    void sptObjectiveIsOneWaySum() {
        SplittableRandom rnd = new SplittableRandom(8);
        Network g = TestGraphs.randomConnected(rnd, 40, 60, 5, TestGraphs.Costs.REAL);
        TreeDesign spt = TreeDesign.design(new ShortestPathTreeDesigner(), g, TestGraphs.dense(40), 2);
        TreeMetrics m = spt.metrics();
        long total = 0;
        for (int a = 0; a < 40; a++) {
            assertEquals((double) m.oneWaySum(a), spt.get(a).objective());
            total += m.tauSum(a);
        }
        assertEquals(total, m.totalTauSum());
        assertEquals(2 * spt.totalObjective(), (double) m.totalTauSum());
        // no other designer beats SPT on delay
        TreeMetrics kmb = TreeDesign.design(new KmbSteinerDesigner(), g, TestGraphs.dense(40), 2).metrics();
        for (int a = 0; a < 40; a++) assertEquals(true, kmb.tauSum(a) >= m.tauSum(a));
    }

    @Test
    void errorOfLowestAgentIsRethrownForAnyThreadCount() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(2, 3).build();
        for (int threads : new int[] {1, 4}) {
            DdamInputException ex = assertThrows(DdamInputException.class,
                    () -> TreeDesign.design(new ShortestPathTreeDesigner(), g, TestGraphs.dense(4), threads));
            assertEquals("agent 0 cannot reach node 2, node 3: the network is disconnected", ex.getMessage());
        }
    }

    @Test
    void designerRegistry() {
        assertEquals(java.util.List.of("spt", "kmb", "mehlhorn"), TreeDesigners.names());
        for (String name : TreeDesigners.names()) assertEquals(name, TreeDesigners.byName(name).orElseThrow().name());
        assertEquals(true, TreeDesigners.byName("star").isEmpty());
    }
}
