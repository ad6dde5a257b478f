package io.ddam.experiments.sweep;

import io.ddam.solver.DdamInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepSpecTest {
    private static final String SPEC = """
            {"instances": ["a.json"], "rho": [0, 0.5], "seeds": 3, "horizon": [1000],
             "checkpoints": {"perDecade": 1}}
            """;

    @Test
    void cellsAreTheProductOfTheAxesInGridOrder() {
        SweepSpec s = SweepSpec.parse(SPEC, "s.json");
        List<Cell> cells = s.cells();
        assertEquals(6, s.cellCount());
        assertEquals(6, cells.size());
        // rho varies slower than seeds
        assertEquals(0.0, cells.get(0).values().get("rho"));
        assertEquals(1L, cells.get(0).values().get("seed"));
        assertEquals(3L, cells.get(2).values().get("seed"));
        assertEquals(0.5, cells.get(3).values().get("rho"));
        assertEquals(List.of(10L, 100L, 1000L), cells.get(0).values().get("checkpoints"));
        for (int i = 0; i < cells.size(); i++) assertEquals(i, cells.get(i).index());
    }

    @Test
    void idsHashTheCanonicalCellSpecAndDoNotDependOnKeyOrderOrSpacing() {
        SweepSpec a = SweepSpec.parse(SPEC, "a");
        SweepSpec b = SweepSpec.parse("{\"checkpoints\":{\"perDecade\":1},\"horizon\":[1000],\"seeds\":[1,2,3],\"rho\":[0.0,0.5],\"instances\":[\"a.json\"]}", "b");
        assertEquals(a.hash(), b.hash());
        for (int i = 0; i < 6; i++) {
            Cell ca = a.cells().get(i), cb = b.cells().get(i);
            assertEquals(ca.id(), cb.id());
            assertEquals(ca.spec(), cb.spec());
            assertEquals(Cell.sha256(ca.spec()).substring(0, 16), ca.id());
            assertTrue(ca.spec().startsWith("{\"checkpoints\":[10,100,1000],"), ca.spec());
        }
        // Independent of the other axes: the same cell in a larger grid keeps its id.
        SweepSpec c = SweepSpec.parse(SPEC.replace("[0, 0.5]", "[0, 0.25, 0.5]"), "c");
        assertNotEquals(a.hash(), c.hash());
        assertEquals(a.cells().get(0).id(), c.cells().get(0).id());
        assertEquals(a.cells().get(3).id(), c.cells().get(6).id());
        long distinct = a.cells().stream().map(Cell::id).distinct().count();
        assertEquals(6, distinct);
    }

    @Test
    void badSpecsGetOneLineNamingFileAndLine() {
        DdamInputException e = assertThrows(DdamInputException.class,
                () -> SweepSpec.parse("{\"instances\": [\"a.json\"],\n \"rhos\": [0]}", "s.json"));
        assertTrue(e.getMessage().startsWith("s.json:2: unknown axis 'rhos'"), e.getMessage());
        e = assertThrows(DdamInputException.class, () -> SweepSpec.parse("{\"instances\": [\"a.json\"], \"rho\": []}", "s.json"));
        assertTrue(e.getMessage().contains("empty grid: axis 'rho' has no values"), e.getMessage());
        e = assertThrows(DdamInputException.class, () -> SweepSpec.parse("{\"rho\": [0]}", "s.json"));
        assertTrue(e.getMessage().contains("empty grid"), e.getMessage());
        e = assertThrows(DdamInputException.class, () -> SweepSpec.parse("{\"instances\": [\"a\"], \"seeds\": 0}", "s.json"));
        assertTrue(e.getMessage().contains("empty grid"), e.getMessage());
        e = assertThrows(DdamInputException.class, () -> SweepSpec.parse("{\"instances\": [\"a\"], \"rho\": [2]}", "s.json"));
        assertTrue(e.getMessage().contains("rho values must be numbers in [0, 1]"), e.getMessage());
        e = assertThrows(DdamInputException.class, () -> SweepSpec.parse("{\"instances\": [\"a\"],", "s.json"));
        assertTrue(e.getMessage().startsWith("s.json:1: not valid JSON"), e.getMessage());
        for (String m : List.of(e.getMessage())) assertEquals(1, m.lines().count());
    }

    @Test
    void csvRowsReadBackToTheSameBits() {
        List<Column> cols = List.of(new Column("s", Column.Type.STRING), new Column("l", Column.Type.LONG), new Column("d", Column.Type.DOUBLE));
        SweepRow r = new SweepRow(java.util.Arrays.asList("a,\"b\"", 7L, 0.1 + 0.2));
        String line = CsvRows.line(r);
        assertEquals("\"a,\"\"b\"\"\",7,0.30000000000000004\n", line);
        assertEquals(r, CsvRows.parse(line.strip(), cols));
        SweepRow n = new SweepRow(java.util.Arrays.asList(null, null, Double.NaN));
        assertEquals(n, CsvRows.parse(CsvRows.line(n).strip(), cols));
    }
}
