package io.ddam.experiments.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.DataStream;
import io.ddam.online.data.SyntheticStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.experiments.run.Simulation.ProtocolKind;
import io.ddam.experiments.run.Simulation.StepSizeRule;
import io.ddam.online.metrics.RegretMeter;
import io.ddam.online.metrics.RunMetrics;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.CdogdProtocol;
import io.ddam.online.protocol.ConsensusWeights;
import io.ddam.online.protocol.DdamTogdProtocol;
import io.ddam.online.protocol.FairTime;
import io.ddam.online.protocol.LocalProtocol;
import io.ddam.online.protocol.OgdProtocol;
import io.ddam.online.protocol.Protocol;
import io.ddam.online.protocol.StepSizes;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The simpler online API of issue 12: protocols expose the W, cost and projection they were built with,
 * so {@link RegretMeter#measure(Protocol, DataStream, int, int...)} needs nothing else and gives exactly
 * what the explicit form gives; {@link Simulation.Config#builder} with enums gives the positional
 * config's numbers; result records compare by value; programming errors are IllegalArgumentExceptions.
 */
class SimpleApiTest {
    private static final int N = 8, T = 120;
    private static final Network NETWORK = new ErdosRenyiGenerator(N, 0.4, 3).generate().network();
    private static final InterestMatrix W = InterestGenerators.dirichlet(N, 2, 10, 5);
    private static final DataStream DATA = new SyntheticStream(N, T, 4, 3, 0.75, 2);
    private static final MemoryCost COST = new DeltaNetCost(4, 3);
    private static final Projection BALL = Projection.ball(5);
    private static final double[] ETA = StepSizes.constant(N, 0.02);

    private static List<Protocol> protocols() {
        TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), NETWORK, W, 1).metrics();
        return List.of(new OgdProtocol(W, COST, BALL, ETA), new LocalProtocol(W, COST, BALL, ETA),
                new CdogdProtocol(W, ConsensusWeights.metropolisHastings(NETWORK), COST, BALL, ETA),
                DdamTogdProtocol.overTrees("ddam-spt", W, trees, COST, BALL, ETA));
    }

    @Test
    void everyProtocolExposesWhatItWasBuiltWith() {
        for (Protocol p : protocols()) {
            assertEquals(W, p.interest(), p.name());
            assertSame(COST, p.cost(), p.name());
            assertSame(BALL, p.projection(), p.name());
            Protocol threaded = p.withThreads(2);   // copies keep them
            assertEquals(W, threaded.interest(), p.name());
            assertSame(BALL, threaded.projection(), p.name());
        }
    }

    @Test
    void theShortMeasureGivesExactlyTheExplicitOnesNumbers() {
        for (Protocol p : protocols()) {
            RunMetrics shortForm = RegretMeter.measure(p, DATA, T, 1, 10);
            RunMetrics explicit = RegretMeter.measure(p, DATA, W, COST, BALL, T, false, 1, 10);
            assertEquals(explicit, shortForm, p.name());
            assertEquals(explicit.hashCode(), shortForm.hashCode(), p.name());
            // ... and a mismatched projection, which the short form rules out, would change them.
            RunMetrics mismatched = RegretMeter.measure(p, DATA, W, COST, Projection.ball(0.5), T, false, 1, 10);
            assertNotEquals(explicit, mismatched, p.name());
        }
    }

    @Test
    void aCdogdWithoutWCannotBeMeasuredByTheShortForm() {
        CdogdProtocol bare = new CdogdProtocol(ConsensusWeights.metropolisHastings(NETWORK), COST, BALL, ETA);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> RegretMeter.measure(bare, DATA, T));
        assertTrue(e.getMessage().contains("without W"), e.getMessage());
    }

    @Test
    void theBuilderGivesThePositionalConfigsRows() {
        Simulation.Config positional = new Simulation.Config(NETWORK, W, DATA, new DeltaNetCost(4, 3), Projection.ball(50),
                List.of("ogd", "cdogd", "local", "ddam-st", "ddam-star"), T, "theory", FairTime.PAPER, 1, false, null, null);
        Simulation.Config built = Simulation.Config.builder(NETWORK, W, DATA).build();
        assertEquals(positional.protocols(), built.protocols());
        assertEquals(positional.horizon(), built.horizon());
        assertEquals(positional.eta(), built.eta());
        assertEquals(positional.projection().radius(), built.projection().radius());
        assertSameNumbers(Simulation.run(positional), Simulation.run(built));

        Simulation.Config constant = Simulation.Config.builder(NETWORK, W, DATA).protocols(ProtocolKind.OGD, ProtocolKind.DDAM_STAR)
                .horizon(60).constantStepSize(0.03).fairTime(FairTime.OFF).window(5).projection(BALL).threads(2).build();
        Simulation.Config same = new Simulation.Config(NETWORK, W, DATA, new DeltaNetCost(4, 3), BALL, List.of("ogd", "ddam-star"), 60,
                "0.03", FairTime.OFF, 5, false, null, null, 2);
        assertSameNumbers(Simulation.run(same), Simulation.run(constant));
    }

    @Test
    void theBuilderRejectsProgrammingErrorsAtOnce() {
        Simulation.Builder b = Simulation.Config.builder(NETWORK, W, DATA);
        assertThrows(IllegalArgumentException.class, () -> b.horizon(0));
        assertThrows(IllegalArgumentException.class, () -> b.horizon(T + 1));
        assertThrows(IllegalArgumentException.class, () -> b.window(0));
        assertThrows(IllegalArgumentException.class, () -> b.threads(0));
        assertThrows(IllegalArgumentException.class, () -> b.constantStepSize(-1));
        assertThrows(IllegalArgumentException.class, () -> b.gradientBound(new double[N - 1]));
        assertThrows(IllegalArgumentException.class, () -> b.ddamOver("spt", TreeDesign.design(new ShortestPathTreeDesigner(), NETWORK, W, 1).metrics()));
        assertThrows(IllegalStateException.class, () -> Simulation.Config.builder(NETWORK, W, DATA).stepSizes(StepSizeRule.CONSTANT).build());
        assertThrows(IllegalArgumentException.class, () -> new OgdProtocol(W, COST, BALL, ETA).withThreads(0));
        assertThrows(IllegalArgumentException.class, () -> new RegretMeter(DATA, W, COST, BALL, T, false).threads(0));
    }

    @Test
    void theMeterIsAutoCloseableAndResultRecordsHaveValueSemantics() {
        Protocol ogd = new OgdProtocol(W, COST, BALL, ETA).withThreads(2);
        RunMetrics byHand;
        try (RegretMeter meter = new RegretMeter(DATA, W, COST, BALL, T, true, 1).threads(2)) {
            ogd.run(meter.stream(), T, meter);
            byHand = meter.finish();
        }
        RunMetrics again = RegretMeter.measure(ogd, DATA, T, true, 1);
        assertEquals(byHand, again);
        assertEquals(byHand.hashCode(), again.hashCode());
        assertFalse(byHand.toString().contains("[D@"), byHand.toString());
        assertTrue(byHand.toString().contains("staticTrace=" + T + " steps"), byHand.toString());

        List<Simulation.Row> a = Simulation.run(Simulation.Config.builder(NETWORK, W, DATA).protocols(ProtocolKind.OGD).horizon(50).build());
        List<Simulation.Row> b = Simulation.run(Simulation.Config.builder(NETWORK, W, DATA).protocols(ProtocolKind.OGD).horizon(50).build());
        Simulation.Row ra = a.get(0), rb = b.get(0);
        Simulation.Row rbSameTime = new Simulation.Row(rb.protocol(), rb.iterations(), rb.cMax(), rb.metrics(), rb.eta(), rb.staticBound(),
                rb.dynamicBound(), ra.wallNanos());
        assertEquals(ra, rbSameTime);
        assertEquals(ra.hashCode(), rbSameTime.hashCode());
        assertFalse(ra.toString().contains("[D@"), ra.toString());
        assertTrue(ra.toString().contains("eta=[0."), ra.toString());
    }

    private static void assertSameNumbers(List<Simulation.Row> expected, List<Simulation.Row> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Simulation.Row e = expected.get(i), a = actual.get(i);
            assertEquals(e.protocol(), a.protocol());
            assertEquals(e.iterations(), a.iterations());
            assertEquals(e.metrics(), a.metrics(), e.protocol());
            assertArrayEquals(e.eta(), a.eta(), e.protocol());
            assertEquals(e.staticBound(), a.staticBound(), e.protocol());
        }
    }
}
