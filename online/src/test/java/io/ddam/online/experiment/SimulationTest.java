package io.ddam.online.experiment;

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
}
