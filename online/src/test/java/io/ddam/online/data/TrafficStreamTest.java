package io.ddam.online.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrafficStreamTest {
    static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @TempDir
    Path dir;

    @Test
    void milanSampleShapeValueAndKey() {
        Path f = OnlineTestData.require("traffic/milan_2013-11-01_internet_total_6cells_10min.csv");
        TrafficStream s = TrafficStream.load(f, 6, ROME);
        assertEquals(6, s.agents());
        assertEquals(34, s.keyDim());
        assertEquals(6, s.valueDim());
        assertEquals(24, s.horizon());
        assertEquals(List.of("4259", "4456", "4703", "5060", "5085", "5200"), s.seriesIds());
        assertEquals(0, s.hourOfDay(1)); // 2013-10-31T23:00Z is local midnight
        assertEquals(23, s.hourOfDay(24));
        assertEquals(23, TrafficStream.load(f, 6).hourOfDay(1)); // the same file in UTC

        double[][] k = new double[6][34], v = new double[6][6];
        DataStream.Cursor c = s.cursor();
        c.next(k, v);
        assertEquals(Math.log1p(261.68029483973805), v[0][0], 1e-15); // first row of the file
        assertEquals(2, c.next(k, v));
        // line 442: 5060,1383265200000,717.39… = square 5060 (agent 3), slot 8 = hour 2, third sample
        assertEquals(Math.log1p(717.3927838985937), v[3][2], 1e-15);
        double[] key = k[3];
        for (int i = 0; i < 16; i++) assertEquals(i == 3 ? 1 : 0, key[i], 0, "one-hot " + i);
        assertEquals(Math.sin(3), key[16], 1e-15);
        assertEquals(Math.cos(3), key[17], 1e-15);
        assertEquals(Math.sin(0.3), key[18], 1e-15); // ω_1 = 10000^(−2/8) = 0.1
        assertEquals(Math.cos(0.3), key[19], 1e-15);
        assertEquals(Math.sin(1), key[24], 1e-15);   // hour 1, ω_0 = 1
        assertEquals(Math.cos(1), key[25], 1e-15);
        assertEquals(Math.sin(Math.pow(10, -3.2)), key[32], 1e-15); // ω_4 = 10000^(−8/10)
        assertEquals(Math.cos(Math.pow(10, -3.2)), key[33], 1e-15);
        assertArrayEquals(StreamAssert.all(s), StreamAssert.all(s), 0);
        assertTrue(s.describe().startsWith("traffic("));
    }

    @Test
    void milanSampleAgentCountMustMatch() {
        Path f = OnlineTestData.require("traffic/milan_2013-11-01_internet_total_6cells_10min.csv");
        DdamInputException e = assertThrows(DdamInputException.class, () -> TrafficStream.load(f, 5, ROME));
        assertEquals("the file has 6 series (access points), but the instance has 5 agents", e.problem());
    }

    /** Two series over one hour starting 1970-01-01T00:00Z; {@code extra} appended. */
    static String twoSeries(String extra) {
        StringBuilder sb = new StringBuilder(TrafficStream.HEADER + "\n");
        for (String id : new String[] {"10", "9"}) for (int s = 0; s < 6; s++) sb.append(id).append(',').append(s * 600000L).append(",").append(s).append('\n');
        return sb + extra;
    }

    @Test
    void sortsIdsNumericallyAndTransforms() throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, twoSeries(""));
        TrafficStream s = TrafficStream.load(f, 2);
        assertEquals(List.of("9", "10"), s.seriesIds());
        assertEquals(1, s.horizon());
        double[][] k = new double[2][34], v = new double[2][6];
        s.cursor().next(k, v);
        assertArrayEquals(new double[] {0, Math.log(2), Math.log(3), Math.log(4), Math.log(5), Math.log(6)}, v[1], 1e-15);
        assertEquals(1, k[1][1]);
    }

    static Stream<Arguments> corpus() {
        String h = TrafficStream.HEADER + "\n";
        return Stream.of(
                Arguments.of("", 0, "empty file: expected the header square_id,time_interval,internet_total"),
                Arguments.of("id,time,x\n", 1, "bad header 'id,time,x': expected square_id,time_interval,internet_total"),
                Arguments.of(h, 0, "no data rows after the header"),
                Arguments.of(h + "1,0\n", 2, "expected 3 columns, found 2"),
                Arguments.of(h + "1,zero,5\n", 2, "time_interval 'zero' is not an integer (epoch ms)"),
                Arguments.of(h + "1,0,abc\n", 2, "traffic 'abc' is not a number"),
                Arguments.of(h + "1,0,-1\n", 2, "traffic must be finite and non-negative, not -1"),
                Arguments.of(twoSeries("9,3600000,1\n10,3600000,1\n"), 0,
                        "incomplete hour: the series cover 7 ten-minute slots, not a multiple of 6 (the last hour, from 1970-01-01T01:00:00Z, has only 1)"),
                Arguments.of(twoSeries("9,0,1\n"), 14, "duplicate sample of series 9 at 1970-01-01T00:00:00Z (first at line 8)"),
                Arguments.of(twoSeries("9,60000,1\n"), 14, "time 1970-01-01T00:01:00Z is not on the 10-minute grid that starts at 1970-01-01T00:00:00Z"),
                Arguments.of(twoSeries("10,3600000,1\n10,4200000,1\n10,4800000,1\n10,5400000,1\n10,6000000,1\n10,6600000,1\n"), 0,
                        "series 9 has no sample at 1970-01-01T01:00:00Z (all series must cover the same contiguous 10-minute slots)"),
                Arguments.of(h + "1,600000,1\n1,1200000,1\n1,1800000,1\n1,2400000,1\n1,3000000,1\n1,3600000,1\n2,600000,1\n", 0,
                        "the first slot starts at 1970-01-01T00:10Z, not at a full hour in Z"),
                Arguments.of(twoSeries("11,0,1\n"), 0, "the file has 3 series (access points), but the instance has 2 agents"));
    }

    @ParameterizedTest(name = "line {1}: {2}")
    @MethodSource("corpus")
    void errors(String content, int line, String problem) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, content);
        DdamInputException e = assertThrows(DdamInputException.class, () -> TrafficStream.load(f, 2));
        assertEquals(problem, e.problem());
        assertEquals(line, e.line());
        assertEquals(f.toString(), e.source());
    }

    @Test
    void moreThanSixteenSeriesDoNotFit() throws IOException {
        StringBuilder sb = new StringBuilder(TrafficStream.HEADER + "\n");
        for (int id = 0; id < 17; id++) for (int s = 0; s < 6; s++) sb.append(id).append(',').append(s * 600000L).append(",1\n");
        Path f = dir.resolve("big.csv");
        Files.writeString(f, sb);
        DdamInputException e = assertThrows(DdamInputException.class, () -> TrafficStream.load(f, 17));
        assertTrue(e.problem().contains("one-hot part has 16 dimensions"), e.problem());
    }
}
