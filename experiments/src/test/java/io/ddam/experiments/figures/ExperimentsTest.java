package io.ddam.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.io.InstanceFiles;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The experiment definitions: sweeps, seeds, options, horizon caps, and the graphs equal the shipped instances. */
class ExperimentsTest {
    @Test
    void regeneratedGraphsEqualTheShippedInstances() {
        Instance s20 = InstanceFiles.read(Path.of("..", "instances", "synthetic20.json"));
        Instance e16 = InstanceFiles.read(Path.of("..", "instances", "er16.json"));
        assertEquals(s20.network(), PaperNetworks.synthetic20());
        assertEquals(e16.network(), PaperNetworks.er16());
        assertEquals(e16.network(), PaperNetworks.traffic(16));
        assertEquals(PaperNetworks.SYNTHETIC20_SPEC, s20.metadata().get("spec"));
        assertEquals(PaperNetworks.ER16_SPEC, e16.metadata().get("spec"));
    }

    @Test
    void theFullSweepsAreThePapers() {
        Experiments.Options full = new Experiments.Options(false, null, null, null);
        assertEquals(5, full.seedCount());
        assertEquals("tuned", full.eta());
        Experiment f3 = Experiments.of(Figure.FIG3, full);
        assertArrayEquals(new double[] {100, 250, 500, 750, 1000, 1500, 2000, 2500}, f3.xValues(), 0.0);
        assertTrue(f3.points().stream().allMatch(p -> p.rho() == 0.75 && p.y0() == 2 && p.y1() == 10 && p.horizon() == p.x()));
        Experiment f4 = Experiments.of(Figure.FIG4, full);
        assertEquals(11, f4.points().size());
        assertTrue(f4.points().stream().allMatch(p -> p.horizon() == 2500 && p.y0() == 6 && p.rho() == p.x()));
        Experiment f5 = Experiments.of(Figure.FIG5, full);
        assertArrayEquals(new double[] {0.1, 0.5, 1, 2, 4, 6, 8, 10}, f5.xValues(), 0.0);
        Experiment f7 = Experiments.of(Figure.FIG7, full);
        assertEquals(12, f7.points().size());
        assertArrayEquals(new int[] {1, 168}, f7.windows());
        assertEquals(16, f7.agents());
        assertFalse(f7.traffic().isReal());
        assertTrue(f7.dataDescription().contains("not real data"));
        Experiment f9 = Experiments.of(Figure.FIG9, full);
        assertTrue(f9.points().stream().allMatch(p -> p.horizon() == 1200 && p.y1() == 100));
        assertTrue(f9.logX());
        assertEquals(2, new Experiments.Options(true, null, null, null).seedCount());
        assertEquals(7, new Experiments.Options(true, 7, null, null).seedCount());
    }

    @Test
    void badOptionsAreInputErrors() {
        assertThrows(DdamInputException.class, () -> new Experiments.Options(false, 0, null, null));
        assertThrows(DdamInputException.class, () -> new Experiments.Options(false, null, "fast", null));
        assertThrows(DdamInputException.class, () -> new Experiments.Options(false, null, "-1", null));
        assertEquals("0.01", new Experiments.Options(false, null, " 0.01 ", null).eta());
        assertThrows(DdamInputException.class, () -> Figure.byId("fig6"));
        assertEquals(Figure.FIG8, Figure.byId(" FIG8 "));
    }

    @Test
    void horizonsAreCappedByTheDataAndStaySweeps() {
        assertArrayEquals(new int[] {100, 200, 300}, Experiments.capped(new int[] {100, 200, 300}, Integer.MAX_VALUE));
        assertArrayEquals(new int[] {100, 200, 250}, Experiments.capped(new int[] {100, 200, 300, 400}, 250));
        assertArrayEquals(new int[] {6, 12, 18, 24}, Experiments.capped(new int[] {150, 300, 600}, 24));
        assertArrayEquals(new int[] {1, 2}, Experiments.capped(new int[] {150, 300, 600}, 2));
    }

    @Test
    void seedsDrawDataAndWIndependently() {
        Experiment e = Experiments.of(Figure.FIG3, FigureRunnerTest.QUICK);
        Point p = e.points().get(0);
        assertEquals(e.interest(p, 3), io.ddam.solver.generate.InterestGenerators.dirichlet(20, 2, 10, 1003));
        assertFalse(e.interest(p, 3).equals(e.interest(p, 4)));
        assertTrue(e.stream(p, 3).describe().contains("seed=3"));
        assertEquals(List.of("ogd", "cdogd", "local", "ddam-star", "ddam-st", "ddam-joint-agg"), e.groups().get(0).protocols());
    }
}
