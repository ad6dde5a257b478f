package io.ddam.experiments.run;

import io.ddam.online.data.SyntheticStream;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SimulationTest {
    private static Simulation.Config config(InterestMatrix w, Network g, String eta, FairTime fair, List<String> names) {
        int agents = w.size();
        return new Simulation.Config(g, w, new SyntheticStream(agents, 200, 3, 2, 0.75, 5), new DeltaNetCost(3, 2),
                Projection.ball(4), names, 200, eta, fair, 10, true, null, null);
    }

    @Test
    void everyProtocolRunsAndStaysUnderItsBound() {
        int agents = 6;
        Network g = new ErdosRenyiGenerator(agents, 0.5, 3).generate().network();
        InterestMatrix w = InterestGenerators.uniform(agents);
        List<String> names = List.of("ogd", "cdogd", "local", "ddam-star", "ddam-spt", "ddam-st");
        List<Simulation.Row> rows = Simulation.run(config(w, g, "theory", FairTime.OFF, names));
        assertEquals(names.size(), rows.size());
        for (Simulation.Row r : rows) {
            assertEquals(200, r.iterations(), r.protocol());
            assertEquals(200, r.metrics().staticTrace().length);
            assertTrue(r.dynamicRegret() >= r.staticRegret() - 1e-9 * Math.abs(r.loss()), r.protocol()); // Ω=10 beats static
            if (r.staticBound().applies()) assertTrue(r.staticRegret() <= r.staticBound().value(), r.protocol());
            if (r.dynamicBound().applies()) assertTrue(r.dynamicRegret() <= r.dynamicBound().value(), r.protocol());
            assertEquals("measured", r.staticBound().source().label());
        }
        assertFalse(rows.get(2).staticBound().applies()); // local: no theorem
        assertTrue(rows.get(1).staticBound().applies());  // cdogd on uniform W with η = 1/(2√T)
        assertEquals(rows.get(3).staticRegret(), rows.get(4).staticRegret(), 0.0); // star = spt trees
    }

    @Test
    void fairTimeShortensDdamAndFixedEtaIsUsed() {
        int agents = 5;
        Network g = new ErdosRenyiGenerator(agents, 0.5, 8).generate().network();
        InterestMatrix w = InterestGenerators.dirichlet(agents, 2, 10, 8);
        List<Simulation.Row> rows = Simulation.run(config(w, g, "0.01", FairTime.PAPER, List.of("ogd", "cdogd", "ddam-spt")));
        Simulation.Row d = rows.get(2);
        assertEquals(FairTime.PAPER.iterations(200, d.cMax()), d.iterations());
        assertEquals(0.01, d.eta()[0]);
        assertFalse(rows.get(1).staticBound().applies()); // Dirichlet W: Theorem 2 does not apply
        assertTrue(rows.get(0).staticRegret() <= rows.get(0).staticBound().value());
        assertThrows(DdamInputException.class, () -> Simulation.run(config(w, g, "fast", FairTime.OFF, List.of("ogd"))));
        assertThrows(DdamInputException.class, () -> Simulation.run(config(w, g, "theory", FairTime.OFF, List.of("sgd"))));
    }

    @Test
    void checkpointsEqualSeparateRunsWithConstantEta() {
        int agents = 8;
        Network g = new ErdosRenyiGenerator(agents, 0.4, 4).generate().network();
        InterestMatrix w = InterestGenerators.dirichlet(agents, 1, 10, 4);
        SyntheticStream data = new SyntheticStream(agents, 300, 3, 2, 0.75, 9);
        List<String> names = List.of("ogd", "cdogd", "local", "ddam-star", "ddam-st");
        double[] gBound = new double[agents];
        java.util.Arrays.fill(gBound, 40);
        for (FairTime fair : new FairTime[] {FairTime.OFF, FairTime.PAPER}) {
            int[] checkpoints = {60, 150, 299};
            Simulation.Config all = new Simulation.Config(g, w, data, new DeltaNetCost(3, 2), Projection.ball(3), names, 300,
                    "0.02", fair, 7, false, null, gBound);
            List<List<Simulation.Row>> once = Simulation.run(all, Simulation.Options.defaults().withCheckpoints(checkpoints)).byCheckpoint();
            assertEquals(4, once.size());
            for (int i = 0; i < 4; i++) {
                int h = i < 3 ? checkpoints[i] : 300;
                Simulation.Config alone = new Simulation.Config(g, w, data, new DeltaNetCost(3, 2), Projection.ball(3), names, h,
                        "0.02", fair, 7, false, null, gBound);
                List<Simulation.Row> sep = Simulation.run(alone);
                for (int p = 0; p < names.size(); p++) {
                    Simulation.Row a = sep.get(p), b = once.get(i).get(p);
                    String where = fair + " h=" + h + " " + a.protocol();
                    assertEquals(a.iterations(), b.iterations(), where);
                    assertEquals(a.loss(), b.loss(), 0.0, where);
                    assertEquals(a.staticRegret(), b.staticRegret(), 0.0, where);
                    assertEquals(a.dynamicRegret(), b.dynamicRegret(), 0.0, where);
                    assertEquals(a.pathLength(), b.pathLength(), 0.0, where);
                    assertEquals(a.selfNmse(), b.selfNmse(), 0.0, where);
                    assertEquals(a.crossNmse(), b.crossNmse(), 0.0, where);
                    assertEquals(a.staticBound().value(), b.staticBound().value(), 0.0, where);
                    assertEquals(a.dynamicBound().value(), b.dynamicBound().value(), 0.0, where);
                }
            }
        }
        Simulation.Config theory = new Simulation.Config(g, w, data, new DeltaNetCost(3, 2), Projection.ball(3), names, 300,
                "theory", FairTime.OFF, 7, false, null, null);
        assertThrows(DdamInputException.class, () -> Simulation.run(theory, Simulation.Options.defaults().withCheckpoints(100)).byCheckpoint());
        Simulation.Config fixed = new Simulation.Config(g, w, data, new DeltaNetCost(3, 2), Projection.ball(3), names, 300,
                "0.1", FairTime.OFF, 7, false, null, null);
        assertThrows(DdamInputException.class, () -> Simulation.run(fixed, Simulation.Options.defaults().withCheckpoints(301)).byCheckpoint());
    }
}
