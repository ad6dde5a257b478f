package io.ddam.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.DataStream;
import io.ddam.online.data.SyntheticStream;
import io.ddam.online.data.SyntheticTrafficStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Held-out step-size tuning ({@code --eta tuned}): the choice against an independent loop over the grid (the
 * oracle), the held-out seed, the tie rule, and that running a group's protocols one by one changes no number.
 */
class TuningTest {
    static final Experiments.Options TUNED = new Experiments.Options(true, 2, "tuned", null);

    /** Fig. 3 on two tiny points, tuned at a tiny reference point that is not one of them. */
    static Experiment tinyTunedFig3() {
        return Experiments.of(Figure.FIG3, TUNED).withPoints(List.of(new Point(30, 30, 0.75, 2, 10), new Point(60, 60, 0.75, 2, 10)))
                .withReference(new Point(40, 40, 0.75, 2, 10));
    }

    /** A short grid for the traffic figures, whose runs cost more (d_k = 34). */
    static final double[] SHORT_GRID = {1e-4, 1e-3, 1e-2, 1e-1};

    /** Fig. 8 (traffic stand-in) on two tiny points with one seed, tuned at T = 20 on a short grid. */
    static Experiment tinyTunedFig8() {
        return Experiments.of(Figure.FIG8, TUNED).withPoints(List.of(new Point(12, 12, 0, 0.1, 100), new Point(20, 20, 0, 0.1, 100)))
                .withReference(new Point(20, 20, 0, 0.1, 100)).withSeeds(1).withTuningGrid(SHORT_GRID);
    }

    /**
     * The oracle: seed 0's W and data built from their generators, simulate's defaults (but window Ω, which changes no static
     * regret), one protocol per grid value.
     */
    static double[] oracle(Network g, InterestMatrix w, DataStream data, DeltaNetCost cost, String protocol, FairTime rule, int horizon,
                           int window, double[] grid) {
        double[] v = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            // ddam-joint-agg: joint-heuristic trees for the aggregate transport, built here independently of FigureRunner.
            Map<String, TreeMetrics> trees = protocol.equals("ddam-joint-agg")
                    ? Map.of(protocol, new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(Transport.AGGREGATE))
                            .design(g, w).metrics().withTransport(Transport.AGGREGATE))
                    : null;
            v[i] = Simulation.run(new Simulation.Config(g, w, data, cost, Projection.ball(50), List.of(protocol), horizon,
                    Double.toString(grid[i]), rule, window, false, trees, null)).get(0).staticRegretAverage();
        }
        return v;
    }

    static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] < v[best]) best = i; // the grid increases: the first minimum is the smaller η
        return best;
    }

    @Test
    void theTunedStepSizeIsTheHeldOutArgminAndEverySweepRunUsesIt() {
        List<Experiment> es = List.of(tinyTunedFig3(), tinyTunedFig8());
        AtomicInteger steps = new AtomicInteger();
        List<FigureResult> results = FigureRunner.run(es, 2, steps::incrementAndGet);
        assertEquals(2 * 2 + 8 * Simulation.TUNING_GRID.length + 2 + 6 * SHORT_GRID.length, FigureRunner.taskCount(es));
        assertEquals(FigureRunner.taskCount(es), steps.get(), "one progress step per sweep task and per tuning task");

        Network s20 = new ErdosRenyiGenerator(20, 0.2, 2026).generate().network();
        Network e16 = new ErdosRenyiGenerator(16, 0.25, 16).generate().network();
        Object[][] oracles = { // graph, W, data, cost, T, Ω (1 as simulate's default; T for traffic, where Ω = 1 is costly)
            {s20, InterestGenerators.dirichlet(20, 2, 10, 1000), new SyntheticStream(20, 40, 4, 3, 0.75, 0), new DeltaNetCost(4, 3), 40, 1},
            {e16, InterestGenerators.dirichlet(16, 0.1, 100, 1000), new SyntheticTrafficStream(16, 20, 0), new DeltaNetCost(34, 6), 20, 20},
        };
        for (int f = 0; f < es.size(); f++) {
            FigureResult r = results.get(f);
            Object[] o = oracles[f];
            double[] grid = f == 0 ? Simulation.TUNING_GRID : SHORT_GRID;
            List<TunedSeries> tuning = r.tuning();
            assertEquals(f == 0 ? 8 : 6, tuning.size());
            for (TunedSeries t : tuning) {
                String what = r.experiment().figure().id() + " " + t.label();
                double[] expected = oracle((Network) o[0], (InterestMatrix) o[1], (DataStream) o[2], (DeltaNetCost) o[3], t.protocol(),
                        t.fairTime(), (Integer) o[4], (Integer) o[5], grid);
                assertArrayEquals(grid, t.grid(), 0.0, what);
                assertArrayEquals(expected, t.staticRegretAvg(), 1e-12 * Math.abs(expected[0]), what);
                assertEquals(grid[argmin(expected)], t.eta(), 0.0, what);
                assertEquals(t.eta(), r.tunedEta(t.protocol(), t.fairTime()), 0.0, what);
            }
            // every run of a series uses exactly its tuned η, and only the evaluated seeds 1..K are run
            for (RunRecord run : r.records()) {
                double eta = r.tunedEta(run.protocol(), run.fairTime());
                String what = run.protocol() + " " + run.fairTime() + " at point " + run.point() + ", seed " + run.seed();
                assertEquals(eta, run.etaMin(), 0.0, what);
                assertEquals(eta, run.etaMax(), 0.0, what);
                assertTrue(run.seed() >= 1 && run.seed() <= r.experiment().seeds(), what);
            }
            assertEquals(r.experiment().points().size() * r.experiment().seeds() * tuning.size(), r.records().size());
        }
        // the tuning is not a formality here: the series do not all get the same η
        assertTrue(results.get(0).tuning().stream().mapToDouble(TunedSeries::eta).distinct().count() > 1);
    }

    @Test
    void figuresWithTheSameReferencePointShareTheirTuningRuns() {
        double[] grid = {1e-3, 1e-2, 1e-1};
        Experiment f3 = tinyTunedFig3().withSeeds(1).withPoints(List.of(new Point(30, 30, 0.75, 2, 10))).withTuningGrid(grid);
        Experiment f5 = Experiments.of(Figure.FIG5, TUNED).withSeeds(1).withPoints(List.of(new Point(1, 30, 0.75, 1, 10)))
                .withReference(new Point(2, 40, 0.75, 2, 10)).withTuningGrid(grid); // = fig3's reference but for x
        AtomicInteger steps = new AtomicInteger();
        List<FigureResult> r = FigureRunner.run(List.of(f3, f5), 2, steps::incrementAndGet);
        assertEquals(1 + 1 + 8 * grid.length, FigureRunner.taskCount(List.of(f3, f5)), "fig5 reuses fig3's 24 tuning runs");
        assertEquals(FigureRunner.taskCount(List.of(f3, f5)), steps.get());
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(r.get(0).tuning().get(i).staticRegretAvg(), r.get(1).tuning().get(i).staticRegretAvg());
            assertEquals(r.get(0).tuning().get(i).eta(), r.get(1).tuning().get(i).eta(), 0.0);
        }
        // a different reference point is its own run
        assertEquals(1 + 1 + 2 * 8 * grid.length, FigureRunner.taskCount(List.of(f3, f5.withReference(new Point(2, 40, 0.75, 1, 10)))));
    }

    @Test
    void theHeldOutSeedIsNeverEvaluatedAndItsDataDiffer() {
        assertEquals(0, Tuning.SEED);
        for (Figure fig : List.of(Figure.FIG3, Figure.FIG9)) {
            Experiment e = Experiments.of(fig, new Experiments.Options(false, null, null, null));
            assertTrue(e.tuned(), "tuned is the default");
            Point ref = new Point(e.reference().x(), 30, e.reference().rho(), e.reference().y0(), e.reference().y1());
            assertFalse(e.interest(ref, Tuning.SEED).equals(e.interest(ref, 1)), "W of seed 0 differs from seed 1's");
            DataStream.Cursor held = e.stream(ref, Tuning.SEED).cursor(), first = e.stream(ref, 1).cursor();
            int n = e.agents(), dk = fig == Figure.FIG3 ? 4 : 34, dv = fig == Figure.FIG3 ? 3 : 6;
            double[][] k0 = new double[n][dk], v0 = new double[n][dv], k1 = new double[n][dk], v1 = new double[n][dv];
            boolean differ = false;
            for (int t = 0; t < 30; t++) {
                held.next(k0, v0);
                first.next(k1, v1);
                for (int a = 0; a < n; a++) differ |= !java.util.Arrays.equals(k0[a], k1[a]) || !java.util.Arrays.equals(v0[a], v1[a]);
            }
            assertTrue(differ, fig + ": the held-out stream differs from seed 1's");
        }
        // the runner's seeds are 1..K whatever K is
        FigureResult r = FigureRunner.run(List.of(tinyTunedFig3().withSeeds(3).withPoints(List.of(new Point(30, 30, 0.75, 2, 10)))
                .withTuningGrid(new double[] {1e-3, 1e-1})), 1, null).get(0);
        assertEquals(List.of(1, 2, 3), r.records().stream().map(RunRecord::seed).distinct().sorted().toList());
    }

    @Test
    void tiesGoToTheSmallerStepSizeAndDivergedValuesAreSkipped() {
        assertEquals(1, Tuning.select(new double[] {1e-3, 1e-2, 1e-1}, new double[] {5, 3, 3}, "fig3", "ogd"));
        assertEquals(1, Tuning.select(new double[] {1e-1, 1e-2, 1e-3}, new double[] {3, 3, 5}, "fig3", "ogd"), "whatever the grid order");
        assertEquals(0, Tuning.select(new double[] {1e-2, 1e-1}, new double[] {-0.0, 0.0}, "fig3", "ogd"));
        assertEquals(1, Tuning.select(new double[] {1e-3, 1e-2, 1e-1}, new double[] {Double.NaN, 4, Double.POSITIVE_INFINITY}, "fig3", "ogd"));
        assertEquals(2, Tuning.select(new double[] {1e-3, 1e-2, 1e-1}, new double[] {-1, Double.NaN, -2}, "fig3", "ogd"));
        DdamInputException ex = assertThrows(DdamInputException.class, () -> Tuning.select(new double[] {1e-2, 1e-1},
                new double[] {Double.NaN, Double.NEGATIVE_INFINITY}, "fig8", "ddam-st (fair-time off)"));
        assertTrue(ex.getMessage().startsWith("fig8, series ddam-st (fair-time off): every step size of the tuning grid diverged"), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
    }

    @Test
    void runningAGroupProtocolByProtocolChangesNoNumber() {
        Network g = new ErdosRenyiGenerator(20, 0.2, 2026).generate().network();
        InterestMatrix w = InterestGenerators.dirichlet(20, 2, 10, 1001);
        SyntheticStream data = new SyntheticStream(20, 40, 4, 3, 0.75, 1);
        Network e16 = new ErdosRenyiGenerator(16, 0.25, 16).generate().network();
        InterestMatrix w16 = InterestGenerators.dirichlet(16, 10, 100, 1001);
        SyntheticTrafficStream traffic = new SyntheticTrafficStream(16, 20, 1);
        for (String eta : List.of("theory", "0.003")) {
            for (FairTime rule : FairTime.values()) {
                List<Simulation.Config> together = List.of(
                        new Simulation.Config(g, w, data, new DeltaNetCost(4, 3), Projection.ball(50),
                                List.of("ogd", "cdogd", "local", "ddam-star", "ddam-st"), 40, eta, rule, 1, false, null, null),
                        new Simulation.Config(e16, w16, traffic, new DeltaNetCost(34, 6), Projection.ball(50),
                                List.of("ogd", "ddam-star"), 20, eta, rule, 1, false, null, null));
                for (Simulation.Config c : together) {
                    List<Simulation.Row> joint = Simulation.run(c, Simulation.Options.defaults().withExtraWindows(7)).rows();
                    List<Simulation.Row> split = new ArrayList<>();
                    for (String p : c.protocols()) {
                        split.addAll(Simulation.run(new Simulation.Config(c.network(), c.interest(), c.data(), c.cost(), c.projection(),
                                List.of(p), c.horizon(), c.eta(), c.fairTime(), c.window(), c.trace(), c.trees(), c.gradientBound()), Simulation.Options.defaults().withExtraWindows(7)).rows());
                    }
                    assertEquals(joint.size(), split.size());
                    for (int i = 0; i < joint.size(); i++) {
                        Simulation.Row a = joint.get(i), b = split.get(i);
                        String what = a.protocol() + " " + rule + " eta=" + eta;
                        assertEquals(a.protocol(), b.protocol());
                        assertEquals(a.iterations(), b.iterations(), what);
                        assertEquals(a.cMax(), b.cMax(), what);
                        assertArrayEquals(a.eta(), b.eta(), what);
                        assertArrayEquals(a.metrics().loss(), b.metrics().loss(), what);
                        assertArrayEquals(a.metrics().staticComparatorLoss(), b.metrics().staticComparatorLoss(), what);
                        for (int k = 0; k < 2; k++) {
                            assertArrayEquals(a.metrics().windowComparatorLoss()[k], b.metrics().windowComparatorLoss()[k], what);
                            assertArrayEquals(a.metrics().pathLength()[k], b.metrics().pathLength()[k], what);
                        }
                        assertEquals(a.selfNmse(), b.selfNmse(), 0.0, what);
                        assertEquals(a.crossNmse(), b.crossNmse(), 0.0, what);
                        assertEquals(a.staticBound().value(), b.staticBound().value(), 0.0, what);
                    }
                }
            }
        }
    }

    @Test
    void theReferencePointsAreDocumentedOnes() {
        Experiments.Options full = new Experiments.Options(false, null, null, null), quick = new Experiments.Options(true, null, null, null);
        assertEquals(new Point(2500, 2500, 0.75, 2, 10), Experiments.of(Figure.FIG3, full).reference());
        assertEquals(new Point(0.75, 2500, 0.75, 6, 10), Experiments.of(Figure.FIG4, full).reference());
        assertFalse(Experiments.of(Figure.FIG4, full).points().contains(Experiments.of(Figure.FIG4, full).reference()), "need not be a sweep point");
        assertEquals(new Point(2, 2500, 0.75, 2, 10), Experiments.of(Figure.FIG5, full).reference());
        assertEquals(new Point(1200, 1200, 0, 10, 100), Experiments.of(Figure.FIG7, full).reference());
        assertEquals(new Point(1200, 1200, 0, 0.1, 100), Experiments.of(Figure.FIG8, full).reference());
        assertEquals(new Point(10, 1200, 0, 10, 100), Experiments.of(Figure.FIG9, full).reference());
        assertEquals(600, Experiments.of(Figure.FIG8, quick).reference().horizon(), "quick: the quick horizon");
        assertEquals(600, Experiments.of(Figure.FIG9, quick).reference().horizon());
        assertEquals(2500, Experiments.of(Figure.FIG3, quick).reference().horizon());
        assertArrayEquals(Simulation.TUNING_GRID, Experiments.of(Figure.FIG3, quick).tuningGrid(), 0.0);
        assertEquals(8 * 11, Experiments.of(Figure.FIG3, full).tuningTasks());
        assertEquals(0, Experiments.of(Figure.FIG3, new Experiments.Options(false, null, "theory", null)).tuningTasks());
        assertNotEquals(Experiments.of(Figure.FIG3, full).eta(), "theory");
        assertThrows(IllegalArgumentException.class, () -> FigureRunner.runPoint(tinyTunedFig3(), 0, 1), "tuned needs the tuning");
    }
}
