package io.ddam.experiments.sweep;

import io.ddam.online.data.SyntheticStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalSweepRunnerTest {
    static final Path SYNTHETIC20 = Path.of("../instances/synthetic20.json");

    static String spec(String rho) {
        return "{\"name\": \"t\", \"instances\": [\"" + SYNTHETIC20 + "\"], \"rho\": " + rho + ", \"seeds\": 2, \"horizon\": [300],"
                + " \"checkpoints\": [30, 100], \"protocols\": [\"ogd\", \"cdogd\"], \"designers\": [\"spt\"],"
                + " \"transports\": [\"unicast\", \"aggregate\"]}";
    }

    private static byte[] run(Path dir, SweepSpec s, int threads) throws Exception {
        SimulationCells f = new SimulationCells();
        SweepFolder folder = SweepFolder.open(dir, s, f.columns());
        List<Cell> cells = s.cells();
        new LocalSweepRunner(threads).run(folder.missing(cells), f, folder.sink());
        folder.assemble(cells, true, r -> { });
        return Files.readAllBytes(dir.resolve(SweepFolder.ROWS_CSV));
    }

    @Test
    void rowsAreBitwiseTheSameOnOneAndTwoThreads(@TempDir Path tmp) throws Exception {
        SweepSpec s = SweepSpec.parse(spec("[0, 0.75]"), "t.json");
        byte[] one = run(tmp.resolve("one"), s, 1);
        byte[] two = run(tmp.resolve("two"), s, 2);
        assertArrayEquals(one, two);
        // 4 cells x 4 protocols x 3 checkpoints, plus the header
        assertEquals(1 + 4 * 4 * 3, new String(one).lines().count());
        assertTrue(Files.isRegularFile(tmp.resolve("one").resolve(SweepFolder.ROWS_JSON)));
    }

    @Test
    void aCellsRowsEqualADirectSimulation(@TempDir Path tmp) throws Exception {
        SweepSpec s = SweepSpec.parse(spec("[0.5]"), "t.json");
        Cell cell = s.cells().get(1); // seed 2
        List<SweepRow> rows = new SimulationCells().apply(cell);
        // The same run by hand, through the library.
        Instance inst = InstanceFiles.read(SYNTHETIC20);
        var g = inst.network();
        var w = inst.requireInterest();
        TreeMetrics spt = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        var data = new SyntheticStream(20, 300, 4, 3, 0.5, 2);
        var c = new Simulation.Config(g, w, data, MemoryCosts.byName("deltanet", 4, 3, null, null), Projection.ball(50),
                List.of("ogd", "cdogd", "ddam-spt", "ddam-spt-agg"), 300, "theory", FairTime.PAPER, 1, false,
                Map.of("ddam-spt", spt.withTransport(Transport.UNICAST), "ddam-spt-agg", spt.withTransport(Transport.AGGREGATE)), null, 1);
        List<List<Simulation.Row>> direct = Simulation.run(c, Simulation.Options.defaults().withCheckpoints(30, 100).withTheoryHeld()).byCheckpoint();
        int i = 0;
        int protoCol = 9, linkCol = 12, itCol = 13, spsCol = 17, selfCol = 20;
        for (int p = 0; p < 4; p++) {
            for (int k = 0; k < 3; k++) {
                SweepRow r = rows.get(i++);
                Simulation.Row d = direct.get(k).get(p);
                assertEquals(d.protocol(), r.get(protoCol));
                assertEquals(List.of(30L, 100L, 300L).get(k), r.get(linkCol));
                assertEquals((long) d.iterations(), r.get(itCol));
                assertEquals(Double.doubleToLongBits(d.staticRegretAverage()), Double.doubleToLongBits((Double) r.get(spsCol)));
                assertEquals(Double.doubleToLongBits(d.selfNmse()), Double.doubleToLongBits((Double) r.get(selfCol)));
            }
        }
        assertEquals(cell.id(), rows.get(0).get(0));
        assertEquals(rows.size(), i);
    }

    /**
     * Cells reuse parsed instance files and default trees (KMB for ddam-st, shortest paths for ddam-star):
     * every cell's rows, the first computed and the later ones from reused objects, equal a direct
     * simulation that reads the file and designs its own trees, bit for bit.
     */
    @Test
    void reusedInstancesAndDefaultTreesGiveTheDirectSimulationsRows() {
        SweepSpec s = SweepSpec.parse("{\"name\": \"t\", \"instances\": [\"" + SYNTHETIC20 + "\"], \"rho\": [0.5], \"seeds\": 3,"
                + " \"horizon\": [200], \"protocols\": [\"ddam-st\", \"ddam-star\"], \"designers\": []}", "t.json");
        SimulationCells f = new SimulationCells();
        for (Cell cell : s.cells()) {
            List<SweepRow> rows = f.apply(cell);
            long seed = (Long) cell.values().get("seed");
            Instance inst = InstanceFiles.read(SYNTHETIC20);
            var c = new Simulation.Config(inst.network(), inst.requireInterest(), new SyntheticStream(20, 200, 4, 3, 0.5, seed),
                    MemoryCosts.byName("deltanet", 4, 3, null, null), Projection.ball(50), List.of("ddam-st", "ddam-star"), 200, "theory",
                    FairTime.PAPER, 1, false, Map.of(), null, 1);
            List<Simulation.Row> direct = Simulation.run(c, Simulation.Options.defaults().withCheckpoints(200).withTheoryHeld()).byCheckpoint().get(0);
            assertEquals(2, rows.size());
            for (int p = 0; p < 2; p++) {
                assertEquals(direct.get(p).protocol(), rows.get(p).get(9));
                assertEquals(Double.doubleToLongBits(direct.get(p).cMax()), Double.doubleToLongBits((Double) rows.get(p).get(14)), "c_max");
                assertEquals(Double.doubleToLongBits(direct.get(p).staticRegretAverage()), Double.doubleToLongBits((Double) rows.get(p).get(17)));
            }
        }
    }

    /** An instance file changed between two reads is read again, not served from the reuse cache. */
    @Test
    void aChangedInstanceFileIsReadAgain(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("g.json");
        Files.copy(SYNTHETIC20, f);
        assertEquals(20, SimulationCells.instance(f.toString(), 1).network().nodeCount());
        assertTrue(SimulationCells.instance(f.toString(), 1) == SimulationCells.instance(f.toString(), 1), "reused while unchanged");
        Files.copy(Path.of("../instances/path3.json"), f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals(3, SimulationCells.instance(f.toString(), 1).network().nodeCount());
    }

    @Test
    void aRestartComputesOnlyTheMissingCells(@TempDir Path tmp) throws Exception {
        SweepSpec s = SweepSpec.parse(spec("[0, 0.75]"), "t.json");
        Path dir = tmp.resolve("out");
        byte[] full = run(dir, s, 2);
        List<Cell> cells = s.cells();
        SimulationCells f = new SimulationCells();
        SweepFolder folder = SweepFolder.open(dir, s, f.columns());
        assertEquals(0, folder.missing(cells).size());
        // As if killed with two cells in flight: their part files never appeared.
        Files.delete(folder.part(cells.get(1)));
        Files.delete(folder.part(cells.get(3)));
        Files.delete(dir.resolve(SweepFolder.ROWS_CSV));
        List<Cell> missing = folder.missing(cells);
        assertEquals(List.of(cells.get(1), cells.get(3)), missing);
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        new LocalSweepRunner(2, (c, n) -> ran.add(c.index())).run(missing, f, folder.sink());
        Collections.sort(ran);
        assertEquals(List.of(1, 3), ran);
        folder.assemble(cells, false, r -> { });
        assertArrayEquals(full, Files.readAllBytes(dir.resolve(SweepFolder.ROWS_CSV)));
    }

    @Test
    void aFolderOfAnotherSpecOrWithOtherFilesIsRefused(@TempDir Path tmp) throws Exception {
        SweepSpec a = SweepSpec.parse(spec("[0]"), "a.json");
        SweepSpec b = SweepSpec.parse(spec("[0.5]"), "b.json");
        Path dir = tmp.resolve("out");
        SweepFolder.open(dir, a, SimulationCells.COLUMNS);
        DdamInputException e = assertThrows(DdamInputException.class, () -> SweepFolder.open(dir, b, SimulationCells.COLUMNS));
        assertTrue(e.getMessage().contains("holds the results of another sweep spec"), e.getMessage());
        assertEquals(a.hash(), SweepFolder.storedSpec(dir).hash());
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        e = assertThrows(DdamInputException.class, () -> SweepFolder.open(other, a, SimulationCells.COLUMNS));
        assertTrue(e.getMessage().contains("is not empty and holds no sweep"), e.getMessage());
    }

    @Test
    void aFailingCellStopsTheSweepWithItsError() {
        CellFunction bad = new CellFunction() {
            @Override public List<Column> columns() { return List.of(new Column("x", Column.Type.LONG)); }
            @Override public List<SweepRow> apply(Cell cell) {
                if (cell.index() == 2) throw new DdamInputException("x.json", 3, "broken");
                return List.of(new SweepRow(List.of((long) cell.index())));
            }
        };
        SweepSpec s = SweepSpec.parse("{\"instances\": [\"a\"], \"seeds\": 4}", "s");
        AtomicInteger delivered = new AtomicInteger();
        DdamInputException e = assertThrows(DdamInputException.class,
                () -> new LocalSweepRunner(1).run(s.cells(), bad, (c, rows) -> delivered.incrementAndGet()));
        assertEquals("x.json:3: broken", e.getMessage());
        assertTrue(delivered.get() <= 3);
    }

    @Test
    void unreadableInstancesAndUnknownNamesFailTheCheck() {
        DdamInputException e = assertThrows(DdamInputException.class,
                () -> SimulationCells.check(SweepSpec.parse("{\"instances\": [\"nope.json\"]}", "s.json")));
        assertTrue(e.getMessage().startsWith("s.json: instance 'nope.json': "), e.getMessage());
        e = assertThrows(DdamInputException.class, () -> SimulationCells.check(SweepSpec.parse(
                "{\"instances\": [\"" + SYNTHETIC20 + "\"], \"designers\": [\"nope\"]}", "s.json")));
        assertTrue(e.getMessage().contains("unknown designer 'nope'"), e.getMessage());
        SimulationCells.check(SweepSpec.parse(spec("[0]"), "s.json"));
    }
}
