package io.ddam.solver.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ddam.solver.TestData;
import io.ddam.solver.generate.EdgeWeights;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.GridGenerator;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.generate.WaxmanGenerator;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.GraphMLReader;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * method.md §3.1's fact, on the project's own generators and on Topology Zoo networks read by the
 * project's GraphML reader: for every root, the (E-1) MILP optimum equals the shortest-path tree's
 * Σ τ̃ (and so do the two designs' metrics).
 */
class StarEqualsSptTest {
    // No starting solution, so that agreeing with spt is a finding, not the start handed back.
    private static final StarMilpDesigner STAR = new StarMilpDesigner(StarMilpDesigner.Options.defaults().withStart(null));
    private static final ShortestPathTreeDesigner SPT = new ShortestPathTreeDesigner();

    private static void assertSameDelays(String what, Network g, InterestMatrix w) {
        TreeDesign star = TreeDesign.design(STAR, g, w, 2);
        TreeDesign spt = TreeDesign.design(SPT, g, w, 1);
        for (int n = 0; n < g.nodeCount(); n++) {
            DesignedTree s = star.get(n);
            assertEquals(SolveStatus.OPTIMAL, s.status(), what + " root " + n);
            assertEquals(spt.get(n).objective(), s.objective(), 1e-6, what + " root " + n + " objective");
        }
        TreeMetrics ms = star.metrics();
        TreeMetrics mp = spt.metrics();
        for (int n = 0; n < g.nodeCount(); n++) assertEquals(mp.tauSum(n), ms.tauSum(n), what + " root " + n + " tau_sum");
    }

    @Test
    void everyGeneratorWithRandomDelays() {
        EdgeWeights delays = EdgeWeights.UNIT.withDelays(1, 4);
        assertSameDelays("er", new ErdosRenyiGenerator(14, 0.3, delays, 11).generate().network(),
                InterestGenerators.dirichlet(14, 1, 5, 1));
        assertSameDelays("grid", new GridGenerator(3, 4, delays, 12).generate().network(),
                InterestGenerators.topK(12, 3, 1, 5, 2));
        assertSameDelays("waxman", new WaxmanGenerator(12, 0.5, 0.6, delays, 13).generate().network(),
                InterestGenerators.uniform(12));
    }

    @Test
    void smallTopologyZooNetworksEveryRoot() {
        Path dir = TestData.require("topologies");
        for (String name : List.of("Abilene", "Nsfnet", "Sprint")) {
            Network g = InstanceFiles.read(dir.resolve(name + ".graphml"), GraphMLReader.Options.defaults()).network();
            assertSameDelays(name, g, InterestGenerators.uniform(g.nodeCount()));
        }
    }
}
