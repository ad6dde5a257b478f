package io.ddam.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Mean, min and max over seeds, checked by hand. */
class AggregateTest {
    @Test
    void meanMinMaxByHand() {
        Aggregate a = Aggregate.of(new double[][] {{1, 2, 6}, {-3, 0, 0.5}, {4, 4, 4}});
        assertArrayEquals(new double[] {3, -2.5 / 3, 4}, a.mean(), 1e-15);
        assertArrayEquals(new double[] {1, -3, 4}, a.min(), 0.0);
        assertArrayEquals(new double[] {6, 0.5, 4}, a.max(), 0.0);
        assertEquals(3, a.seeds());
    }

    @Test
    void nanAtAPointMakesThatPointNan() {
        Aggregate a = Aggregate.of(new double[][] {{1, Double.NaN}, {2, 4}});
        assertTrue(Double.isNaN(a.mean()[0]) && Double.isNaN(a.min()[0]) && Double.isNaN(a.max()[0]));
        assertEquals(3, a.mean()[1]);
        assertThrows(IllegalArgumentException.class, () -> Aggregate.of(new double[][] {{1, 2}, {3}}));
    }

    @Test
    void aFigureResultAggregatesItsSeriesOverSeeds() {
        Experiment e = Experiments.of(Figure.FIG9, FigureRunnerTest.QUICK).withPoints(List.of(new Point(1, 10, 0, 1, 100), new Point(10, 10, 0, 10, 100)));
        FigureResult r = FigureResult.ofValues(e, Map.of("ogd Self-NMSE", new double[][] {{0.2, 0.4}, {0.1, 0.7}}));
        assertArrayEquals(new double[] {0.3, 0.4}, r.mean("ogd Self-NMSE"), 1e-15);
        assertArrayEquals(new double[] {0.4, 0.7}, r.aggregate("ogd Self-NMSE").max(), 0.0);
        assertEquals(List.of("ogd Self-NMSE"), r.seriesNames());
    }
}
