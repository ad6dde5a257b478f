package io.ddam.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.DataStream;
import io.ddam.online.data.SyntheticStream;
import io.ddam.experiments.run.Simulation.FailureRow;
import io.ddam.experiments.run.Simulation.FailureSetup;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Simulation with link failures: the no-failure columns are the plain run, OGD is the no-loss reference. */
class FailureSimulationTest {
    private static final int N = 10, T = 150;
    private static final Network NETWORK = new ErdosRenyiGenerator(N, 0.35, 3).generate().network();
    private static final InterestMatrix W = InterestGenerators.dirichlet(N, 3, 10, 5);
    private static final DataStream DATA = new SyntheticStream(N, T, 4, 3, 0.75, 2);

    private static Simulation.Config config(String fair) {
        return new Simulation.Config(NETWORK, W, DATA, new DeltaNetCost(4, 3), Projection.ball(5),
                List.of("ogd", "cdogd", "ddam-star"), T, "0.05", io.ddam.online.protocol.FairTime.parse(fair), 10, false,
                Map.of(), null, 1);
    }

    @Test
    void emptyScheduleChangesNothingAndFailuresCostSomething() {
        for (String fair : new String[] {"paper", "off"}) {
            Simulation.Config c = config(fair);
            List<Simulation.Row> plain = Simulation.run(c);
            List<FailureRow> none = Simulation.run(c, Simulation.Options.defaults().withFailures(new FailureSetup(LinkSchedule.none(NETWORK), 0))).failures();
            for (int i = 0; i < plain.size(); i++) {
                assertEquals(plain.get(i).metrics().staticRegret(), none.get(i).row().metrics().staticRegret(), 0.0);
                assertEquals(plain.get(i).metrics().selfNmse(), none.get(i).row().metrics().selfNmse(), 0.0);
                assertEquals(plain.get(i).metrics().staticRegret(), none.get(i).noFailure().metrics().staticRegret(), 0.0);
                assertEquals(plain.get(i).iterations(), none.get(i).row().iterations());
                assertEquals(0, none.get(i).lost());
            }
        }
        Simulation.Config c = config("off");
        LinkSchedule s = FailureSchedules.fromSpec("indep:p=0.05,q=0.2,seed=3", NETWORK, Map.of(), T);
        for (int delay : new int[] {-1, 5}) {
            List<FailureRow> rows = Simulation.run(c, Simulation.Options.defaults().withFailures(new FailureSetup(s, delay))).failures();
            FailureRow ogd = rows.get(0), cd = rows.get(1), ddam = rows.get(2);
            assertEquals(ogd.noFailure().staticRegret(), ogd.row().staticRegret(), 0.0); // the no-loss reference
            assertEquals(0, ogd.sent());
            long down = 0;
            for (int e = 0; e < NETWORK.edgeCount(); e++) down += s.downSteps(e, T);
            assertEquals(2 * down, cd.lost());
            assertEquals(2L * NETWORK.edgeCount() * T, cd.sent());
            assertTrue(ddam.lost() > 0 && ddam.lost() < ddam.sent(), ddam.lost() + " of " + ddam.sent() + " it " + ddam.row().iterations());
            assertNotEquals(ddam.noFailure().staticRegret(), ddam.row().staticRegret());
            assertEquals(s.partitionedSteps(T), ddam.partitionedSteps());
            if (delay < 0) {
                assertEquals(0, ddam.repairs());
                assertEquals(ddam.noFailure().iterations(), ddam.row().iterations());
            } else {
                assertEquals("spt", ddam.repairedWith());
                assertTrue(ddam.repairs() > 0);
            }
        }
    }

    @Test
    void repairLosesFewerGradientsThanNoRepairOnAPermanentCut() {
        Simulation.Config c = config("off");
        // take one link of a cycle-rich graph down for good from step 20: repaired trees route around it
        int e = -1;
        for (int k = 0; k < NETWORK.edgeCount() && e < 0; k++) {
            boolean[] up = new boolean[NETWORK.edgeCount()];
            java.util.Arrays.fill(up, true);
            up[k] = false;
            if (LinkSchedule.components(NETWORK, up) == 1) e = k;
        }
        String spec = "cut:t=20,links=" + NETWORK.id(NETWORK.edgeU(e)) + "-" + NETWORK.id(NETWORK.edgeV(e));
        LinkSchedule s = FailureSchedules.fromSpec(spec, NETWORK, Map.of(), T);
        FailureRow fixed = Simulation.run(c, Simulation.Options.defaults().withFailures(new FailureSetup(s, -1))).failures().get(2);
        FailureRow repaired = Simulation.run(c, Simulation.Options.defaults().withFailures(new FailureSetup(s, 3))).failures().get(2);
        assertEquals(0, fixed.partitionedSteps());
        assertTrue(repaired.lost() < fixed.lost(), repaired.lost() + " vs " + fixed.lost());
        assertEquals(1, repaired.repairs());
    }
}
