package io.ddam.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.SyntheticStream;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.failures.TreeRepair;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.JointMilpDesigner;
import io.ddam.solver.milp.OrTools;
import io.ddam.solver.tree.JointTreeDesigner;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link Simulation#run(Simulation.Config, Simulation.Options)} with failures repairs {@code ddam-joint} and {@code ddam-joint-agg} trees with the joint
 * MILP that {@link Simulation.FailureSetup#joint()} configures, asked for the protocol's transport, and its
 * repair count is that of {@link TreeRepair#timeline} run here with the same designer.
 */
class JointRepairWiringTest {
    @Test
    void ddamJointTreesAreRepairedByTheConfiguredJointDesigner() {
        OrTools.require();
        // A ring of 6 with two chords: every root keeps a path when a link fails.
        Network g = Network.builder().addNodes(6).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 4).addEdge(4, 5).addEdge(5, 0)
                .addEdge(0, 3).addEdge(1, 4).build();
        double[][] rows = new double[6][6];
        for (int n = 0; n < 6; n++) { rows[n][n] = 0.5; rows[n][(n + 2) % 6] = 0.25; rows[n][(n + 3) % 6] = 0.25; }
        InterestMatrix w = InterestMatrix.of(rows);
        int horizon = 120;
        LinkSchedule s = FailureSchedules.fromSpec("cut:t=20,links=0-1;3-4,to=70", g, Map.of(), horizon);
        List<String> asked = new ArrayList<>();
        Simulation.JointRepair configured = (name, t) -> {
            asked.add(name + "/" + t.cliName());
            return new JointMilpDesigner(JointMilpDesigner.Options.defaults().withTransport(t).withTimeLimit(10).withLpBound(false));
        };
        Map<String, TreeMetrics> trees = Map.of(
                "ddam-joint", new JointMilpDesigner(JointMilpDesigner.Options.defaults().withLpBound(false)).design(g, w).metrics(),
                "ddam-joint-agg", new JointMilpDesigner(JointMilpDesigner.Options.defaults().withTransport(Transport.AGGREGATE)
                        .withLpBound(false)).design(g, w).metrics().withTransport(Transport.AGGREGATE));
        Simulation.Config c = new Simulation.Config(g, w, new SyntheticStream(6, horizon, 2, 2, 0.75, 1),
                MemoryCosts.byName("deltanet", 2, 2, null, null), Projection.ball(50), List.of("ddam-joint", "ddam-joint-agg"), horizon,
                "0.1", FairTime.OFF, 1, false, trees, null, 1);
        List<Simulation.FailureRow> rows2 = Simulation.run(c, Simulation.Options.defaults().withFailures(new Simulation.FailureSetup(s, 1, configured))).failures();
        assertEquals(List.of("joint/unicast", "joint/aggregate"), asked);
        for (int i = 0; i < 2; i++) {
            Simulation.FailureRow r = rows2.get(i);
            assertEquals("joint", r.repairedWith());
            Transport t = i == 0 ? Transport.UNICAST : Transport.AGGREGATE;
            List<RoutingTree> start = new ArrayList<>();
            TreeMetrics m = trees.get(i == 0 ? "ddam-joint" : "ddam-joint-agg");
            for (int n = 0; n < 6; n++) start.add(m.tree(n));
            JointTreeDesigner d = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withTransport(t).withTimeLimit(10));
            TreeRepair.Timeline tl = TreeRepair.timeline(d, g, w, start, s, 1, horizon);
            assertEquals(2, tl.repairs(), "one repair after the cut, one after the links come back");
            assertEquals(tl.repairs(), r.repairs());
            assertEquals(tl.roots(), r.repairedTrees());
            assertTrue(r.repairedTrees() > 0);
        }
    }
}
