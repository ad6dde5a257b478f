package io.ddam.solver.failures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.Transport;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Repaired trees against trees designed from scratch on the surviving graph, and against Floyd–Warshall. */
class TreeRepairTest {
    private static Network random(SplittableRandom r, int n) {
        Network.Builder b = Network.builder().addNodes(n);
        for (int i = 1; i < n; i++) b.addEdge(r.nextInt(i), i, 1 + r.nextInt(3), 1);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) if (!b.hasEdge(i, j) && r.nextDouble() < 0.25) b.addEdge(i, j, 1 + r.nextInt(3), 1);
        }
        return b.build();
    }

    private static InterestMatrix interest(SplittableRandom r, int n) {
        double[][] w = new double[n][n];
        for (int a = 0; a < n; a++) {
            w[a][a] = 1;
            for (int m = 0; m < n; m++) if (m != a && r.nextDouble() < 0.3) w[a][m] = 1;
            double s = 0;
            for (double x : w[a]) s += x;
            for (int m = 0; m < n; m++) w[a][m] /= s;
        }
        return InterestMatrix.of(w);
    }

    /** All-pairs delays over the up links (Floyd–Warshall; Long.MAX_VALUE/4 = unreachable). */
    private static long[][] distances(Network g, boolean[] up) {
        int n = g.nodeCount();
        long inf = Long.MAX_VALUE / 4;
        long[][] d = new long[n][n];
        for (long[] row : d) java.util.Arrays.fill(row, inf);
        for (int i = 0; i < n; i++) d[i][i] = 0;
        for (int e = 0; e < g.edgeCount(); e++) {
            if (!up[e]) continue;
            int u = g.edgeU(e), v = g.edgeV(e);
            d[u][v] = Math.min(d[u][v], g.delay(e));
            d[v][u] = d[u][v];
        }
        for (int k = 0; k < n; k++) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);
        return d;
    }

    @Test
    void repairedSptTreesEqualTreesDesignedFromScratchOnTheSurvivingGraph() {
        SplittableRandom r = new SplittableRandom(17);
        int partial = 0;
        for (int round = 0; round < 25; round++) {
            int n = 6 + r.nextInt(15);
            Network g = random(r, n);
            InterestMatrix w = interest(r, n);
            List<RoutingTree> start = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).trees();
            boolean[] up = new boolean[g.edgeCount()];
            for (int e = 0; e < up.length; e++) up[e] = r.nextDouble() > 0.15;
            TreeRepair.Result rep = TreeRepair.repair("spt", g, w, start, up, false, Transport.UNICAST);
            // from scratch: the surviving graph built here, spt on it, compared by node pairs
            Network.Builder b = Network.builder().addNodes(n);
            for (int e = 0; e < g.edgeCount(); e++) if (up[e]) b.addEdge(g.edgeU(e), g.edgeV(e), g.delay(e), g.cost(e));
            Network live = b.build();
            long[][] d = distances(g, up);
            int changed = 0;
            for (int rt = 0; rt < n; rt++) {
                final int root = rt;
                int[] reach = java.util.Arrays.stream(w.interestSet(root)).filter(m -> d[root][m] < Long.MAX_VALUE / 4).toArray();
                assertEquals(java.util.Arrays.toString(reach), java.util.Arrays.toString(rep.interestSets()[root]));
                RoutingTree fresh = new ShortestPathTreeDesigner().design(live, root, reach).tree();
                RoutingTree got = rep.trees().get(root);
                assertEquals(pairs(live, fresh.edges()), pairs(g, got.edges()), "round " + round + " root " + root);
                for (int e : got.edges()) assertTrue(up[e]);
                for (int m : reach) assertEquals(d[root][m], got.delayTo(m), "delay " + root + "->" + m);
                if (!got.equals(start.get(root))) changed++;
            }
            assertTrue(rep.repaired() >= changed);
            if (rep.repaired() < n) partial++;
        }
        assertTrue(partial > 0, "some repair left roots untouched");
    }

    private static java.util.Set<String> pairs(Network g, int[] edges) {
        java.util.Set<String> s = new java.util.TreeSet<>();
        for (int e : edges) s.add(Math.min(g.edgeU(e), g.edgeV(e)) + "-" + Math.max(g.edgeU(e), g.edgeV(e)));
        return s;
    }

    @Test
    void timelineRepairsAfterTheDelayAndRestoresTheOriginalTrees() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 0, 5, 1).build();
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0, 0.5, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0.5, 0, 0, 0.5}});
        List<RoutingTree> start = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).trees();
        LinkSchedule s = FailureSchedules.fromSpec("cut:t=10,links=1-2,to=30", g, Map.of(), 100);
        TreeRepair.Timeline tl = TreeRepair.timeline("spt", g, w, start, s, 3, 100, Transport.UNICAST);
        assertEquals(List.of(1L, 13L, 33L), java.util.Arrays.stream(tl.from()).boxed().toList());
        assertEquals(2, tl.repairs());
        // 0 → 2 goes 0-1-2 (2 steps) first, 0-3-2 (6 steps) while 1-2 is down, 0-1-2 again after
        assertEquals(2, tl.trees().get(0).trees().get(0).delayTo(2));
        assertEquals(6, tl.trees().get(1).trees().get(0).delayTo(2));
        assertEquals(start, tl.trees().get(2).trees());
        // roots 0 (0-1-2) and 3 (3-2-1-0 costs 3 < 5) used link 1-2
        assertEquals(2, tl.trees().get(1).repaired());
    }

    @Test
    void jointHeuristicRepairUsesOnlyLiveLinksAndReachesEveryReachableMember() {
        SplittableRandom r = new SplittableRandom(4);
        for (int round = 0; round < 5; round++) {
            int n = 8 + r.nextInt(6);
            Network g = random(r, n);
            InterestMatrix w = interest(r, n);
            List<RoutingTree> start = new io.ddam.solver.tree.JointHeuristicDesigner().design(g, w).design().trees();
            boolean[] up = new boolean[g.edgeCount()];
            for (int e = 0; e < up.length; e++) up[e] = r.nextDouble() > 0.2;
            TreeRepair.Result rep = TreeRepair.repair("joint-heuristic", g, w, start, up, false, Transport.UNICAST);
            long[][] d = distances(g, up);
            for (int root = 0; root < n; root++) {
                RoutingTree t = rep.trees().get(root);
                for (int e : t.edges()) assertTrue(up[e], "round " + round + " root " + root + " uses a down link");
                for (int m : w.interestSet(root)) assertEquals(d[root][m] < Long.MAX_VALUE / 4, t.contains(m));
            }
        }
    }
}
