package io.ddam.experiments.figures;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.SweepRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The figures as a sweep preset: cells, rows that read back to the same bits, and the same results as the direct runs. */
class FigureSweepTest {
    private static final Experiments.Options QUICK = new Experiments.Options(true, 2, "theory", null);

    private static List<Experiment> experiments() {
        List<Experiment> es = new ArrayList<>();
        es.add(Experiments.of(Figure.FIG3, QUICK).withPoints(List.of(new Point(30, 30, 0.75, 2, 10), new Point(60, 60, 0.75, 2, 10))));
        es.add(Experiments.of(Figure.FIG8, QUICK).withPoints(List.of(new Point(20, 20, 0, 0.1, 100))));
        return es;
    }

    @Test
    void oneCellPerFigurePointAndSeedWithDistinctIds() {
        List<Cell> cells = FigureSweep.cells(experiments());
        assertEquals(2 * 2 + 1 * 2, cells.size());
        assertEquals(cells.size(), cells.stream().map(Cell::id).distinct().count());
        assertEquals("fig8", cells.get(4).values().get("figure"));
        assertEquals(2L, cells.get(5).values().get("seed"));
    }

    /** Independent of the sweep: each cell's rows equal {@link FigureRunner#runPoint} called directly, to the bit. */
    @Test
    void rowsReadBackToTheDirectRunsBitForBit() {
        List<Experiment> es = experiments();
        var f = FigureSweep.function(es, List.of(List.of(), List.of()));
        for (Cell c : FigureSweep.cells(es)) {
            List<SweepRow> rows = f.apply(c);
            for (SweepRow r : rows) for (int i = 0; i < r.size(); i++) assertEquals(true, FigureSweep.COLUMNS.get(i).accepts(r.get(i)));
            List<RunRecord> back = FigureSweep.records(rows);
            Experiment e = es.get(((Long) c.values().get("experiment")).intValue());
            List<RunRecord> direct = FigureRunner.runPoint(e, ((Long) c.values().get("point")).intValue(), ((Long) c.values().get("seed")).intValue());
            assertEquals(direct.size(), back.size());
            for (int i = 0; i < direct.size(); i++) {
                RunRecord a = direct.get(i), b = back.get(i);
                assertEquals(a.protocol(), b.protocol());
                assertEquals(a.fairTime(), b.fairTime());
                assertEquals(Double.doubleToRawLongBits(a.staticRegretAvg()), Double.doubleToRawLongBits(b.staticRegretAvg()));
                assertEquals(Double.doubleToRawLongBits(a.selfNmse()), Double.doubleToRawLongBits(b.selfNmse()));
                assertEquals(a.iterations(), b.iterations());
                assertEquals(a.tauSum(), b.tauSum());
                assertArrayEquals(a.windows(), b.windows());
                assertArrayEquals(a.dynamicRegretAvg(), b.dynamicRegretAvg());
                assertArrayEquals(a.pathLength(), b.pathLength());
                assertEquals(FigureSweep.row(a), FigureSweep.row(b));
            }
        }
    }
}
