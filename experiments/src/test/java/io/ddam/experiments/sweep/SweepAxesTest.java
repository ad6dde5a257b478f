package io.ddam.experiments.sweep;

import io.ddam.solver.DdamInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Series axes ({@code "split"}) and content-hashed cell ids. */
class SweepAxesTest {
    private static String spec(String instance, String extra) {
        return "{\"name\": \"t\", \"instances\": [\"" + instance.replace("\\", "/") + "\"], \"rho\": [0.5], \"seeds\": 2, \"horizon\": [300],"
                + " \"checkpoints\": [30, 100], \"protocols\": [\"ogd\", \"cdogd\"], \"designers\": [\"spt\", \"kmb\"],"
                + " \"transports\": [\"unicast\", \"aggregate\"], \"eta\": [0.01], \"fairTime\": \"off\"" + extra + "}";
    }

    @Test
    void aMovedButIdenticalInstanceKeepsItsIdsAndAnEditedOneDoesNot(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a/net.json"), b = tmp.resolve("b/moved.json");
        Files.createDirectories(a.getParent());
        Files.createDirectories(b.getParent());
        Files.copy(LocalSweepRunnerTest.SYNTHETIC20, a);
        Files.copy(LocalSweepRunnerTest.SYNTHETIC20, b);
        SweepSpec sa = SweepSpec.parse(spec(a.toString(), ""), "a"), sb = SweepSpec.parse(spec(b.toString(), ""), "b");
        assertNotEquals(sa.canonical(), sb.canonical());       // the paths differ ...
        assertEquals(sa.hash(), sb.hash());                     // ... the contents do not
        for (int i = 0; i < sa.cells().size(); i++) assertEquals(sa.cells().get(i).id(), sb.cells().get(i).id());
        // A folder made for the old path accepts the moved file's spec and has nothing left to run.
        SimulationCells f = new SimulationCells();
        SweepFolder folder = SweepFolder.open(tmp.resolve("out"), sa, f.columns());
        new LocalSweepRunner(2).run(folder.missing(sa.cells()), f, folder.sink());
        assertEquals(0, SweepFolder.open(tmp.resolve("out"), sb, f.columns()).missing(sb.cells()).size());

        // One byte more (a trailing newline: the same graph when parsed) is another file: new ids, another spec.
        Files.writeString(b, Files.readString(b) + "\n");
        SweepSpec edited = SweepSpec.parse(spec(b.toString(), ""), "b");
        assertNotEquals(sa.hash(), edited.hash());
        for (int i = 0; i < sa.cells().size(); i++) assertNotEquals(sa.cells().get(i).id(), edited.cells().get(i).id());
        DdamInputException e = assertThrows(DdamInputException.class, () -> SweepFolder.open(tmp.resolve("out"), edited, f.columns()));
        assertTrue(e.getMessage().contains("another sweep spec"), e.getMessage());
        // The folder's own spec names a; once a changes, --resume (storedSpec) says so in one line.
        assertEquals(sa.hash(), SweepFolder.storedSpec(tmp.resolve("out")).hash());
        Files.writeString(a, Files.readString(a) + "\n");
        e = assertThrows(DdamInputException.class, () -> SweepFolder.storedSpec(tmp.resolve("out")));
        assertTrue(e.getMessage().contains("an input file it names was changed"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void generatorInstancesAndSyntheticDataAreHashedAsText() {
        SweepSpec s = SweepSpec.parse(spec("er:n=12,p=0.4", ""), "s");
        for (Cell c : s.cells()) assertEquals(Cell.sha256(c.spec()).substring(0, 16), c.id());
    }

    @Test
    void splitMakesSeriesAndCheckpointsAxes() {
        String p = "../instances/synthetic20.json";
        assertEquals(2, SweepSpec.parse(spec(p, ""), "s").cells().size());
        // protocols: every series alone, 2 plain + 2 x 2 designer series, per seed.
        SweepSpec byP = SweepSpec.parse(spec(p, ", \"split\": [\"protocols\"]"), "s");
        assertEquals(12, byP.cellCount());
        assertEquals(12, byP.cells().size());
        assertEquals(List.of("ogd"), byP.cells().get(0).values().get("protocols"));
        assertEquals(List.of(), byP.cells().get(0).values().get("designers"));
        assertEquals(List.of("kmb"), byP.cells().get(5).values().get("designers"));
        assertEquals(List.of("aggregate"), byP.cells().get(5).values().get("transports"));
        // designers: the plain protocols together, one cell per designer (both transports inside).
        SweepSpec byD = SweepSpec.parse(spec(p, ", \"split\": [\"designers\"]"), "s");
        assertEquals(6, byD.cells().size());
        assertEquals(List.of("ogd", "cdogd"), byD.cells().get(0).values().get("protocols"));
        assertEquals(List.of("unicast", "aggregate"), byD.cells().get(1).values().get("transports"));
        // checkpoints: each its own run with that horizon.
        SweepSpec byC = SweepSpec.parse(spec(p, ", \"split\": [\"checkpoints\", \"transports\"]"), "s");
        assertEquals(2 * 3 * 3, byC.cellCount());
        assertEquals(byC.cellCount(), byC.cells().size());
        assertEquals(30L, byC.cells().get(0).values().get("horizon"));
        assertEquals(List.of(30L), byC.cells().get(0).values().get("checkpoints"));
        assertEquals(byC.cells().size(), byC.cells().stream().map(Cell::id).distinct().count());
        // Without split, the spec (and so every id) is what it was before split existed.
        assertEquals(SweepSpec.parse(spec(p, ""), "s").canonical(), SweepSpec.parse(spec(p, ", \"split\": []"), "s").canonical());
        DdamInputException e = assertThrows(DdamInputException.class, () -> SweepSpec.parse(spec(p, ", \"split\": [\"rho\"]"), "s"));
        assertTrue(e.getMessage().contains("'split' names series lists"), e.getMessage());
    }

    /** The rows of split cells are the rows of the whole cell: runs of different protocols share nothing. */
    @Test
    void splitSeriesGiveTheSameRowsAsOneCell() {
        String p = "../instances/synthetic20.json";
        Map<String, SweepRow> whole = byKey(SweepSpec.parse(spec(p, ""), "s"));
        Map<String, SweepRow> split = byKey(SweepSpec.parse(spec(p, ", \"split\": [\"protocols\"]"), "s"));
        assertEquals(whole.keySet(), split.keySet());
        assertEquals(2 * 6 * 3, whole.size());
        int tStar = SimulationCells.COLUMNS.indexOf(new Column("t_star", Column.Type.LONG));
        for (Map.Entry<String, SweepRow> e : whole.entrySet()) {
            List<Object> a = new ArrayList<>(e.getValue().values()), b = new ArrayList<>(split.get(e.getKey()).values());
            assertNull(b.get(tStar)); // T* needs C-DOGD in the same cell
            a.set(0, null);
            b.set(0, null);
            a.set(tStar, null);
            assertEquals(a, b, e.getKey());
        }
    }

    /** With a constant step size and fair time off, a checkpoint's own run equals the prefix of the long run. */
    @Test
    void aSplitCheckpointIsItsOwnRunWithThePrefixsNumbers() {
        String p = "../instances/synthetic20.json";
        String base = "{\"instances\": [\"" + p + "\"], \"rho\": [0.5], \"seeds\": [1], \"horizon\": [300], \"checkpoints\": [30, 100],"
                + " \"protocols\": [\"ogd\", \"cdogd\"], \"designers\": [\"spt\"], \"transports\": [\"unicast\"], \"eta\": [0.01], \"fairTime\": \"off\"";
        Map<String, SweepRow> whole = byKey(SweepSpec.parse(base + "}", "s"));
        Map<String, SweepRow> split = byKey(SweepSpec.parse(base + ", \"split\": [\"checkpoints\"]}", "s"));
        assertEquals(3 * 3, whole.size());
        assertEquals(whole.keySet(), split.keySet());
        int iters = 13, sps = 17;
        for (Map.Entry<String, SweepRow> e : whole.entrySet()) {
            assertEquals(e.getValue().values().get(iters), split.get(e.getKey()).values().get(iters), e.getKey());
            assertEquals(e.getValue().values().get(sps), split.get(e.getKey()).values().get(sps), e.getKey());
        }
    }

    /** Rows by (seed, protocol, link time). */
    private static Map<String, SweepRow> byKey(SweepSpec s) {
        Map<String, SweepRow> out = new HashMap<>();
        SimulationCells f = new SimulationCells();
        for (Cell c : s.cells()) {
            for (SweepRow r : f.apply(c)) {
                List<Object> v = r.values();
                assertEquals(null, out.put(v.get(5) + "/" + v.get(9) + "/" + v.get(12), r));
            }
        }
        return out;
    }
}
