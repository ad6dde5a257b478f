package io.ddam.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.SyntheticStream;
import io.ddam.online.data.SyntheticTrafficStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The runner against an independently configured {@link Simulation#run} (the oracle), its thread-count
 * determinism, and the extra windows of {@link Simulation#run(Simulation.Config, Simulation.Options)} with extra windows.
 */
class FigureRunnerTest {
    static final Experiments.Options QUICK = new Experiments.Options(true, 2, "theory", null);

    static Experiment tinyFig3() {
        return Experiments.of(Figure.FIG3, QUICK).withPoints(List.of(new Point(40, 40, 0.75, 2, 10), new Point(90, 90, 0.75, 2, 10)));
    }

    static Experiment tinyFig7() {
        return Experiments.of(Figure.FIG7, QUICK).withPoints(List.of(new Point(30, 30, 0, 10, 100), new Point(50, 50, 0, 10, 100)))
                .withSeeds(1);
    }

    @Test
    void aRunEqualsAnIndependentlyConfiguredSimulation() {
        Experiment e = Experiments.of(Figure.FIG4, QUICK).withPoints(List.of(new Point(0.25, 120, 0.25, 6, 10)));
        List<RunRecord> runs = FigureRunner.runPoint(e, 0, 2);
        // The oracle: the shipped synthetic20 graph from its generator, W and data from their seeds, simulate's defaults.
        Network g = new ErdosRenyiGenerator(20, 0.2, 2026).generate().network();
        InterestMatrix w = InterestGenerators.dirichlet(20, 6, 10, 1002);
        SyntheticStream data = new SyntheticStream(20, 120, 4, 3, 0.25, 2);
        List<Simulation.Row> expected = new ArrayList<>();
        for (FairTime rule : new FairTime[] {FairTime.PAPER, FairTime.OFF}) {
            List<String> protocols = rule == FairTime.PAPER ? List.of("ogd", "cdogd", "local", "ddam-star", "ddam-st", "ddam-joint-agg")
                    : List.of("ddam-star", "ddam-st");
            // ddam-joint-agg: joint-heuristic trees designed for the aggregate transport, run with it.
            Map<String, TreeMetrics> joint = Map.of("ddam-joint-agg", new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults()
                    .withTransport(Transport.AGGREGATE)).design(g, w).metrics().withTransport(Transport.AGGREGATE));
            expected.addAll(Simulation.run(new Simulation.Config(g, w, data, new DeltaNetCost(4, 3), Projection.ball(50), protocols, 120,
                    "theory", rule, 1, false, joint, null)));
        }
        assertEquals(expected.size(), runs.size());
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            Simulation.Row x = expected.get(i);
            String what = r.protocol() + " " + r.fairTime();
            assertEquals(x.protocol(), r.protocol());
            assertEquals(x.iterations(), r.iterations(), what);
            assertEquals(x.cMax(), r.cMax(), what);
            assertEquals(x.staticRegretAverage(), r.staticRegretAvg(), 1e-12 * Math.abs(x.staticRegretAverage()), what);
            assertEquals(x.dynamicRegretAverage(), r.dynamicRegretAvg(1), 1e-12 * Math.abs(x.dynamicRegretAverage()), what);
            assertEquals(x.pathLength(), r.pathLength(1), 1e-12 * Math.abs(x.pathLength()), what);
            assertEquals(x.loss() / x.iterations(), r.lossAvg(), 1e-12 * Math.abs(r.lossAvg()), what);
            assertEquals(x.selfNmse(), r.selfNmse(), 1e-12, what);
            assertEquals(x.crossNmse(), r.crossNmse(), 1e-12, what);
            assertEquals(Arrays.stream(x.eta()).min().orElseThrow(), r.etaMin(), 0.0, what);
            assertEquals(Arrays.stream(x.eta()).max().orElseThrow(), r.etaMax(), 0.0, what);
            assertEquals(0.25, r.rho());
            assertEquals(2, r.seed());
        }
        assertTrue(runs.get(3).iterations() < 120, "the paper's rule shortens DDAM-TOGD");
        assertTrue(runs.get(5).iterations() > runs.get(3).iterations(), "load-aware trees with aggregation run more iterations");
        assertEquals(120, runs.get(6).iterations());
    }

    @Test
    void resultsAreIdenticalForAnyThreadCount() {
        List<Experiment> es = List.of(tinyFig3(), tinyFig7());
        AtomicInteger steps = new AtomicInteger();
        List<FigureResult> one = FigureRunner.run(es, 1, null);
        List<FigureResult> two = FigureRunner.run(es, 2, steps::incrementAndGet);
        assertEquals(2 * 2 + 2, steps.get(), "one progress step per (figure, point, seed)");
        for (int f = 0; f < es.size(); f++) {
            assertEquals(text(one.get(f).records()), text(two.get(f).records()));
            for (String s : one.get(f).seriesNames()) {
                assertArrayEquals(one.get(f).aggregate(s).mean(), two.get(f).aggregate(s).mean(), 0.0, s);
            }
        }
        assertEquals(2 * 2 * 8, one.get(0).records().size());
    }

    static String text(List<RunRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (RunRecord r : records) {
            sb.append(List.of(r.figure(), r.point(), r.x(), r.seed(), r.horizon(), r.rho(), r.y0(), r.y1(), r.protocol(), r.fairTime(),
                    r.iterations(), r.cMax(), r.tauSum(), r.lossAvg(), r.staticRegretAvg(), r.selfNmse(), r.crossNmse(), r.etaMin(),
                    r.etaMax())).append(Arrays.toString(r.windows())).append(Arrays.toString(r.dynamicRegretAvg()))
                    .append(Arrays.toString(r.pathLength())).append('\n');
        }
        return sb.toString();
    }

    @Test
    void extraWindowsAddMeasurementsAndChangeNothingElse() {
        Network g = new ErdosRenyiGenerator(16, 0.25, 16).generate().network();
        InterestMatrix w = InterestGenerators.dirichlet(16, 10, 100, 1001);
        SyntheticTrafficStream data = new SyntheticTrafficStream(16, 60, 1);
        Simulation.Config c = new Simulation.Config(g, w, data, new DeltaNetCost(34, 6), Projection.ball(50), List.of("ogd", "ddam-star"), 60,
                "theory", FairTime.OFF, 1, false, null, null);
        List<Simulation.Row> plain = Simulation.run(c), more = Simulation.run(c, Simulation.Options.defaults().withExtraWindows(24)).rows();
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(new int[] {1}, plain.get(i).metrics().windows());
            assertArrayEquals(new int[] {1, 24}, more.get(i).metrics().windows());
            assertEquals(plain.get(i).loss(), more.get(i).loss(), 0.0);
            assertEquals(plain.get(i).staticRegret(), more.get(i).staticRegret(), 0.0);
            assertEquals(plain.get(i).dynamicRegret(), more.get(i).dynamicRegret(), 0.0);
            assertEquals(plain.get(i).pathLength(), more.get(i).pathLength(), 0.0);
            // a 24-step window is a weaker comparator than the per-step optimum, and stronger than the static one
            assertTrue(more.get(i).metrics().dynamicRegret(1) <= more.get(i).dynamicRegret() + 1e-9);
            assertTrue(more.get(i).metrics().dynamicRegret(1) >= more.get(i).staticRegret() - 1e-9);
        }
    }

    @Test
    void fig7MeasuresBothWindowsInOneRun() {
        FigureResult r = FigureRunner.run(List.of(tinyFig7()), 2, null).get(0);
        assertEquals(2, r.records().size()); // 2 points × 1 seed × ddam-star only
        for (RunRecord run : r.records()) {
            assertEquals(FairTime.OFF, run.fairTime());
            assertArrayEquals(new int[] {1, 168}, run.windows());
            assertEquals(run.horizon(), run.iterations());
            // T < 168: one window covers the run, so its comparator is the static one and does not move
            assertEquals(run.staticRegretAvg(), run.dynamicRegretAvg(168), 1e-9 * Math.abs(run.staticRegretAvg()));
            assertEquals(1 / Math.sqrt(run.iterations()), run.scaledPathLength(168), 1e-12);
            assertTrue(run.dynamicRegretAvg(1) >= run.dynamicRegretAvg(168));
        }
        assertArrayEquals(new double[] {30, 50}, r.experiment().xValues(), 0.0);
    }
}
