package io.ddam.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ddam.online.data.SyntheticStream;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Simulation#run(Simulation.Config, Simulation.Options)} with checkpoints and theory step sizes held: with theory step sizes, the last checkpoint is {@link Simulation#run}'s
 * row, every prefix keeps the step sizes of the whole run, and a C-DOGD prefix (whose theory η is one number,
 * 1/(2√T)) equals a separate run of that horizon with that number as its constant η.
 */
class HeldTheoryCheckpointsTest {
    @Test
    void theoryStepSizesAreHeldAcrossPrefixes() {
        int agents = 7;
        Network g = new ErdosRenyiGenerator(agents, 0.45, 3).generate().network();
        InterestMatrix w = InterestGenerators.dirichlet(agents, 1, 10, 3);
        int t = 400;
        SyntheticStream data = new SyntheticStream(agents, t, 3, 2, 0.5, 5);
        List<String> names = List.of("ogd", "cdogd", "ddam-star", "ddam-star-agg");
        Simulation.Config c = new Simulation.Config(g, w, data, new DeltaNetCost(3, 2), Projection.ball(5), names, t, "theory",
                FairTime.PAPER, 1, false, null, null);
        int[] hs = {50, 170};
        List<List<Simulation.Row>> all = Simulation.run(c, Simulation.Options.defaults().withCheckpoints(hs).withTheoryHeld()).byCheckpoint();
        assertEquals(3, all.size());
        List<Simulation.Row> whole = Simulation.run(c);
        for (int p = 0; p < names.size(); p++) {
            assertEquals(whole.get(p).staticRegret(), all.get(2).get(p).staticRegret(), 0.0, names.get(p));
            assertEquals(whole.get(p).staticBound().value(), all.get(2).get(p).staticBound().value(), 0.0, names.get(p));
            for (int i = 0; i < 2; i++) assertArrayEquals(whole.get(p).eta(), all.get(i).get(p).eta(), 0.0, names.get(p));
        }
        double eta = 1 / (2 * Math.sqrt(t)); // Theorem 2's step size for the T iterations C-DOGD runs
        for (int i = 0; i < hs.length; i++) {
            Simulation.Config alone = new Simulation.Config(g, w, new SyntheticStream(agents, hs[i], 3, 2, 0.5, 5), new DeltaNetCost(3, 2),
                    Projection.ball(5), List.of("cdogd"), hs[i], Double.toString(eta), FairTime.PAPER, 1, false, null, null);
            Simulation.Row sep = Simulation.run(alone).get(0), pre = all.get(i).get(1);
            assertEquals(hs[i], pre.iterations());
            assertEquals(sep.staticRegret(), pre.staticRegret(), 0.0, "cdogd at " + hs[i]);
            assertEquals(sep.selfNmse(), pre.selfNmse(), 0.0, "cdogd at " + hs[i]);
        }
        // A number needs no holding; a checkpoint past T is refused.
        assertThrows(DdamInputException.class, () -> Simulation.run(c, Simulation.Options.defaults().withCheckpoints(t + 1).withTheoryHeld()).byCheckpoint());
    }
}
