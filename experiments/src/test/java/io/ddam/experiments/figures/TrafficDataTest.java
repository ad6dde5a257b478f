package io.ddam.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.DataStream;
import io.ddam.solver.DdamInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's traffic file: at most 16 series are used, horizons are capped, errors name the file. */
class TrafficDataTest {
    /** {@code series} series of {@code hours} hours starting at midnight UTC; series s has traffic s + slot. */
    static Path file(Path dir, int series, int hours) throws Exception {
        StringBuilder sb = new StringBuilder("square_id,time_interval,internet_total\n");
        for (int s = 1; s <= series; s++) {
            for (int k = 0; k < 6 * hours; k++) sb.append(s).append(',').append(k * 600_000L).append(',').append(s + k).append('\n');
        }
        Path f = dir.resolve("traffic.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void moreThanSixteenSeriesKeepTheFirstSixteenById(@TempDir Path dir) throws Exception {
        TrafficData d = TrafficData.load(file(dir, 17, 2), ZoneOffset.UTC);
        assertTrue(d.isReal());
        assertEquals(16, d.agents());
        assertEquals(2, d.availableHours());
        assertTrue(d.describe().startsWith("real data: "), d.describe());
        assertTrue(d.describe().contains("the first 16 of 17 by id"), d.describe());
        assertEquals(PaperNetworks.er16(), d.network());
        DataStream s = d.stream(2, 99);
        double[][] k = new double[16][34], v = new double[16][6];
        assertEquals(1, s.cursor().next(k, v));
        assertEquals(Math.log1p(1), v[0][0], 1e-15);   // series 1, slot 0
        assertEquals(Math.log1p(16), v[15][0], 1e-15); // series 16; series 17 left out
        assertThrows(DdamInputException.class, () -> d.stream(3, 1));
    }

    @Test
    void horizonsAreCappedAndSaidSo(@TempDir Path dir) throws Exception {
        TrafficData d = TrafficData.load(file(dir, 3, 30), ZoneOffset.UTC);
        Experiment f8 = Experiments.of(Figure.FIG8, new Experiments.Options(false, 1, null, d));
        assertEquals(3, f8.agents());
        assertEquals(PaperNetworks.trafficSpec(3), f8.networkSpec());
        assertTrue(f8.points().stream().allMatch(p -> p.horizon() <= 30));
        assertTrue(f8.decisions().get(0).contains("the data has only 30 hours"), f8.decisions().get(0));
        Experiment f9 = Experiments.of(Figure.FIG9, new Experiments.Options(false, 1, null, d));
        assertTrue(f9.points().stream().allMatch(p -> p.horizon() == 30));
        FigureResult r = FigureRunner.run(java.util.List.of(f9.withPoints(f9.points().subList(0, 2))), 1, null).get(0);
        assertEquals(2 * 2, r.records().size());
        assertTrue(Experiments.commonDecisions(new Experiments.Options(false, 1, null, d)).get(7).contains("real data: "));
    }

    @Test
    void badFilesAreInputErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        DdamInputException one = assertThrows(DdamInputException.class, () -> TrafficData.load(file(dir, 1, 1), ZoneOffset.UTC));
        assertTrue(one.getMessage().contains("traffic.csv") && one.getMessage().contains("at least 2"), one.getMessage());
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertTrue(assertThrows(DdamInputException.class, () -> TrafficData.load(empty, ZoneOffset.UTC)).getMessage().contains("empty.csv"));
        assertThrows(DdamInputException.class, () -> TrafficData.load(dir.resolve("none.csv"), ZoneOffset.UTC));
        assertFalse(TrafficData.standIn().isReal());
        assertTrue(TrafficData.standIn().describe().contains("not real data"));
    }
}
