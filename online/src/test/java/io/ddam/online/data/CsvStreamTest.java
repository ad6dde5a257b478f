package io.ddam.online.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvStreamTest {
    @TempDir
    Path dir;

    static final int[] IDS = {4, 7};

    @Test
    void roundTripOfTheSyntheticStreamIsExact() {
        SyntheticStream s = new SyntheticStream(3, 25, 4, 2, 0.75, 5);
        Path f = dir.resolve("syn.csv");
        CsvStream.write(s, 25, f);
        CsvStream back = new CsvStream(f, new int[] {0, 1, 2});
        assertEquals(3, back.agents());
        assertEquals(4, back.keyDim());
        assertEquals(2, back.valueDim());
        assertEquals(25, back.horizon());
        double[] expected = StreamAssert.all(s);
        assertArrayEquals(expected, StreamAssert.all(back), 0);
        assertArrayEquals(expected, StreamAssert.all(back), 0); // second pass
    }

    @Test
    void writesAPrefixWithGivenIds() throws IOException {
        SyntheticStream s = new SyntheticStream(2, 10, 1, 1, 0.5, 5);
        Path f = dir.resolve("p.csv");
        CsvStream.write(s, IDS, 3, f);
        var lines = Files.readAllLines(f);
        assertEquals("agent,t,k1,v1", lines.get(0));
        assertEquals(7, lines.size());
        assertEquals("7,3,", lines.get(6).substring(0, 4));
        assertEquals(3, new CsvStream(f, IDS).horizon());
        assertThrows(DdamInputException.class, () -> CsvStream.write(s, IDS, 11, dir.resolve("q.csv")));
    }

    @Test
    void readsRowsInAnyOrderWithSpacesAndBlankLines() throws IOException {
        Path f = dir.resolve("ok.csv");
        Files.writeString(f, "\uFEFFagent, t, k1, k2, v1\n7,2,1,2,3\n\n4,1,-1.5e0,.5,2\n 7 , 1 ,0,0,9\n4,2,1e-3,2,-0\n");
        CsvStream s = new CsvStream(f, IDS);
        assertEquals(2, s.horizon());
        assertArrayEquals(new double[] {-1.5, 0.5, 2, 0, 0, 9, 1e-3, 2, -0.0, 1, 2, 3}, StreamAssert.all(s), 0);
    }

    static Stream<Arguments> corpus() {
        String h = "agent,t,k1,k2,v1\n";
        return Stream.of(
                Arguments.of("", 0, "empty file: expected the header agent,t,k1,…,v1,…"),
                Arguments.of("\n\n", 0, "empty file: expected the header agent,t,k1,…,v1,…"),
                Arguments.of("agent,time,k1,v1\n", 1, "bad header: expected the header agent,t,k1,…,k{d_k},v1,…,v{d_v}"),
                Arguments.of("agent,t,k1,k3,v1\n", 1, "bad header: column 4 is 'k3'; expected the header agent,t,k1,…,k{d_k},v1,…,v{d_v}"),
                Arguments.of("agent,t,k1,k2\n", 1, "bad header: no value columns; expected the header agent,t,k1,…,k{d_k},v1,…,v{d_v}"),
                Arguments.of("agent,t,v1,v2\n", 1, "bad header: no key columns; expected the header agent,t,k1,…,k{d_k},v1,…,v{d_v}"),
                Arguments.of(h, 0, "no data rows after the header"),
                Arguments.of(h + "4,1,1,2,3\n7,1,1,2\n", 3, "expected 5 columns (agent, t, 2 keys, 1 values), found 4"),
                Arguments.of(h + "4,1,1,2,3,4\n", 2, "expected 5 columns (agent, t, 2 keys, 1 values), found 6"),
                Arguments.of(h + "4,1,1,2,3\n\n7,1,1,x,3\n", 4, "k2 'x' is not a number"),
                Arguments.of(h + "4,1,1,2,NaN\n", 2, "v1 'NaN' is not a number"),
                Arguments.of(h + "4,1,Infinity,2,3\n", 2, "k1 'Infinity' is not a number"),
                Arguments.of(h + "4,1,1e999,2,3\n", 2, "k1 '1e999' is not finite"),
                Arguments.of(h + "4,1,1,,3\n", 2, "k2 '' is not a number"),
                Arguments.of(h + "4,1,1,2,3\n5,1,1,2,3\n", 3, "unknown agent 5; the instance's agents are [4, 7]"),
                Arguments.of(h + "a,1,1,2,3\n", 2, "agent 'a' is not an integer"),
                Arguments.of(h + "4,1.0,1,2,3\n", 2, "t '1.0' is not an integer"),
                Arguments.of(h + "4,0,1,2,3\n", 2, "t must be at least 1, not 0"),
                Arguments.of(h + "4,1,1,2,3\n7,1,1,2,3\n4,1,0,0,0\n", 4, "duplicate row for agent 4 at t=1 (first at line 2)"),
                Arguments.of(h + "4,1,1,2,3\n7,1,1,2,3\n7,2,1,2,3\n", 0, "missing row for agent 4 at t=2 (every agent needs one row at every t = 1..2)"),
                Arguments.of(h + "4,2,1,2,3\n7,2,1,2,3\n", 0, "t is not contiguous from 1: no rows at t=1 (largest t is 2)"),
                Arguments.of(h + "4,1,1,2,3\n7,1,1,2,3\n4,3,1,2,3\n7,3,1,2,3\n", 0, "t is not contiguous from 1: no rows at t=2 (largest t is 3)"));
    }

    @ParameterizedTest(name = "line {1}: {2}")
    @MethodSource("corpus")
    void errorsNameFileLineAndProblem(String content, int line, String problem) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, content);
        DdamInputException e = assertThrows(DdamInputException.class, () -> new CsvStream(f, IDS));
        assertEquals(f.toString(), e.source());
        assertEquals(problem, e.problem());
        assertEquals(line, e.line());
    }

    @Test
    void missingFileIsAnInputError() {
        DdamInputException e = assertThrows(DdamInputException.class, () -> new CsvStream(dir.resolve("nope.csv"), IDS));
        assertEquals(0, e.line());
    }

    /** Numbers are read exactly as Double.parseDouble reads them, for every accepted spelling. */
    @Test
    void numbersReadAsDoubleParseDoubleDoes() throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(13);
        int rows = 400;
        String[] tokens = new String[rows * 2];
        StringBuilder sb = new StringBuilder("agent,t,k1,v1\n");
        for (int t = 1; t <= rows / 2; t++) {
            for (int a = 0; a < 2; a++) {
                int slot = ((t - 1) * 2 + a) * 2;
                for (int c = 0; c < 2; c++) tokens[slot + c] = randomNumber(r);
                sb.append(IDS[a]).append(',').append(t).append(",  ").append(tokens[slot]).append(" ,").append(tokens[slot + 1]).append('\n');
            }
        }
        Path f = dir.resolve("numbers.csv");
        Files.writeString(f, sb.toString());
        double[] got = StreamAssert.all(new CsvStream(f, IDS));
        for (int i = 0; i < tokens.length; i++) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(tokens[i])), Double.doubleToRawLongBits(got[i]), tokens[i]);
        }
    }

    private static String randomNumber(java.util.SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        int sign = r.nextInt(3);
        if (sign == 1) s.append('-');
        if (sign == 2) s.append('+');
        int intDigits = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 3 : 25);
        for (int i = 0; i < intDigits; i++) s.append((char) ('0' + r.nextInt(10)));
        boolean dot = intDigits == 0 || r.nextBoolean();
        if (dot) {
            s.append('.');
            int frac = intDigits == 0 ? 1 + r.nextInt(20) : r.nextInt(20);
            for (int i = 0; i < frac; i++) s.append((char) ('0' + r.nextInt(10)));
        }
        if (r.nextInt(3) == 0) {
            s.append(r.nextBoolean() ? 'e' : 'E');
            int es = r.nextInt(3);
            if (es == 1) s.append('-');
            if (es == 2) s.append('+');
            s.append(r.nextInt(280)); // with at most 25 integer digits: finite
        }
        return s.toString();
    }

    @Test
    void spellingsDoubleParseDoubleWouldTakeAreStillRefused() throws IOException {
        for (String bad : new String[] {"1d", "2f", "0x1p3", "NaN", "-Infinity", "1e", "e5", ".", "+", "1.2.3", "1 2", "1e+", "--1", "١"}) {
            Path f = dir.resolve("bad.csv");
            Files.writeString(f, "agent,t,k1,v1\n4,1," + bad + ",1\n7,1,1,1\n");
            DdamInputException e = assertThrows(DdamInputException.class, () -> new CsvStream(f, IDS), bad);
            assertEquals(2, e.line(), bad);
            assertTrue(e.problem().startsWith("k1 '"), e.getMessage());
        }
    }

    @Test
    void sizesFromTheFileAreCheckedBeforeAllocating() throws IOException {
        Path f = dir.resolve("bigt.csv");
        Files.writeString(f, "agent,t,k1,v1\n4,2000000000,1,1\n");
        DdamInputException e = assertThrows(DdamInputException.class, () -> new CsvStream(f, IDS));
        assertEquals(2, e.line());
        assertTrue(e.problem().startsWith("t=2000000000 cannot be complete"), e.getMessage());
        Path g = dir.resolve("long.csv");
        Files.writeString(g, "agent,t,k1,v1\n4,1," + "1".repeat(100_000) + "x,1\n");
        e = assertThrows(DdamInputException.class, () -> new CsvStream(g, IDS));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().length() < 250, e.getMessage());
    }
}
