package io.ddam.solver.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.TestData;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests for {@link SteinLibReader}: hand-written files with known content, and every public SteinLib/PACE file. */
class SteinLibReaderTest {

    private static int edge(Network n, int idA, int idB) {
        int e = n.edgeBetween(n.indexOf(idA), n.indexOf(idB));
        assertTrue(e >= 0, "edge " + idA + "-" + idB + " missing");
        return e;
    }

    private static int[] terminalIds(Instance inst) {
        return java.util.Arrays.stream(inst.terminals()).map(inst.network()::id).toArray();
    }

    @Test
    void readsLowerCaseKeywordsWithoutMagicLine() {
        Instance inst = SteinLibReader.read(TestFiles.resource("valid/tiny.stp"));
        Network n = inst.network();
        assertEquals("Tiny", inst.name());
        assertEquals(5, n.nodeCount());
        assertEquals(6, n.edgeCount());
        for (int i = 0; i < 5; i++) assertEquals(i + 1, n.id(i));
        assertEquals(3.0, n.cost(edge(n, 1, 2)));
        assertEquals(4.0, n.cost(edge(n, 3, 2)));
        assertEquals(1.5, n.cost(edge(n, 3, 4)));
        assertEquals(123456789012.0, n.cost(edge(n, 4, 5)));
        assertEquals(7.0, n.cost(edge(n, 5, 1)));
        assertEquals(2.0, n.cost(edge(n, 2, 5)));
        assertEquals(-1, n.edgeBetween(n.indexOf(1), n.indexOf(3)));
        for (int e = 0; e < n.edgeCount(); e++) assertEquals(1, n.delay(e));
        assertArrayEquals(new int[] {1, 3, 5}, terminalIds(inst));
        Map<String, Object> m = inst.metadata();
        assertEquals("ddam tests", m.get("creator"));
        assertEquals("lower-case keywords, no magic line", m.get("remark"));
        assertEquals("Classical Steiner tree problem in graphs", m.get("problem"));
        assertEquals("steinlib", m.get("format"));
        assertEquals(List.of("MaximumDegrees"), m.get("skippedSections"));
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> coords = (Map<String, List<Double>>) m.get("coordinates");
        assertEquals(5, coords.size());
        assertEquals(List.of(10.0, 10.0), coords.get("3"));
        assertEquals(List.of(5.0, 5.0), coords.get("5"));
    }

    @Test
    void readsPaceFileAndNamesItByStem() {
        Instance inst = InstanceFiles.read(TestFiles.resource("valid/tiny.gr"));
        Network n = inst.network();
        assertEquals("tiny", inst.name());
        assertEquals(4, n.nodeCount());
        assertEquals(4, n.edgeCount());
        assertEquals(40.0, n.cost(edge(n, 4, 1)));
        assertEquals(30.0, n.cost(edge(n, 3, 4)));
        assertEquals(100.0, n.totalCost());
        assertArrayEquals(new int[] {2, 4}, terminalIds(inst));
        assertEquals("pace2018", inst.metadata().get("format"));
    }

    @Test
    void readsMagicLineRootAndSkipsPresolve() {
        Instance inst = SteinLibReader.read(TestFiles.resource("valid/magic.stp"));
        assertEquals("Rooted", inst.name());
        assertEquals(1, inst.metadata().get("root"));
        assertEquals("2026", inst.metadata().get("date"));
        assertEquals(List.of("Presolve"), inst.metadata().get("skippedSections"));
        assertArrayEquals(new int[] {1, 3}, terminalIds(inst));
        assertEquals(2, inst.network().edgeCount());
    }

    @Test
    void hugeIntegerCostsKeepTheirValue(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.gr");
        Files.writeString(f, "SECTION Graph\nNodes 3\nEdges 2\nE 1 2 123456789012\nE 2 3 900719925474099312\nEND\nEOF\n");
        Network n = SteinLibReader.read(f).network();
        assertEquals(123456789012.0, n.cost(0));
        assertEquals(9.00719925474099312e17, n.cost(1));
        assertFalse(SteinLibReader.read(f).hasTerminals());
    }

    @Test
    void nodesWithoutEdgesExistAndCrlfIsAccepted(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("iso.stp");
        Files.writeString(f, "SECTION Graph\r\nNodes 7\r\nEdges 1\r\nE 6 7 2\r\nEND\r\n\r\nSECTION Terminals\r\nT 6\r\nEND\r\nEOF\r\n");
        Instance inst = SteinLibReader.read(f);
        assertEquals(7, inst.network().nodeCount());
        assertEquals(1, inst.network().edgeCount());
        assertEquals(1, inst.network().degree(inst.network().indexOf(6)));
        assertEquals(0, inst.network().degree(inst.network().indexOf(1)));
        assertArrayEquals(new int[] {6}, terminalIds(inst));
    }

    @Test
    void unknownSectionsAreSkippedWhateverTheyHoldAndCoordinatesMayComeFirst(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("order.stp");
        Files.writeString(f, "SECTION Coordinates\nDDD 1 1 2 3\nDDD 2 4 5 6\nEND\n"
                + "SECTION NodeWeights\nNW 1 5\nE 1 2 oops\nEND\n"
                + "SECTION Graph\nNodes 2\nE 1 2 1\nEND\nSECTION Weird\nEND\nEOF\n");
        Instance inst = SteinLibReader.read(f);
        assertEquals(1, inst.network().edgeCount());
        assertEquals(List.of("NodeWeights", "Weird"), inst.metadata().get("skippedSections"));
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> coords = (Map<String, List<Double>>) inst.metadata().get("coordinates");
        assertEquals(List.of(4.0, 5.0, 6.0), coords.get("2"));
    }

    @Test
    void errorMessageHasFileLineAndProblem(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.stp");
        Files.writeString(f, "SECTION Graph\nNodes 50\nEdges 1\nE 1 51 3\nEND\nEOF\n");
        DdamInputException e = assertThrows(DdamInputException.class, () -> SteinLibReader.read(f));
        assertEquals(4, e.line());
        assertEquals("node 51 is out of range 1..50", e.problem());
        assertEquals(f + ":4: node 51 is out of range 1..50", e.getMessage());
    }

    @Test
    void missingFileIsAnInputError(@TempDir Path dir) {
        DdamInputException e = assertThrows(DdamInputException.class, () -> SteinLibReader.read(dir.resolve("nope.stp")));
        assertEquals("no such file", e.problem());
    }

    // ---- public data ----

    record Expected(Path file, int nodes, int edges, int terminals) {}

    static Stream<Arguments> steinlibFiles() throws IOException {
        Path root = TestData.require("steinlib");
        List<Arguments> out = new ArrayList<>();
        List<String> rows = Files.readAllLines(root.resolve("optima.csv"));
        assertEquals("group,path,nodes,edges,terminals", String.join(",", List.of(rows.get(0).split(",")).subList(0, 5)));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            out.add(Arguments.of(new Expected(root.resolve(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]))));
        }
        Path pace = root.resolve("PACE2018-Track1");
        rows = Files.readAllLines(pace.resolve("optima.csv"));
        assertEquals("file,nodes,edges,terminals", String.join(",", List.of(rows.get(0).split(",")).subList(0, 4)));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            out.add(Arguments.of(new Expected(pace.resolve(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]))));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steinlibFiles")
    void publicFileMatchesOptimaTable(Expected x) {
        Instance inst = InstanceFiles.read(x.file());
        assertEquals(x.nodes(), inst.network().nodeCount(), "nodes");
        assertEquals(x.edges(), inst.network().edgeCount(), "edges");
        assertEquals(x.terminals(), inst.terminals().length, "terminals");
    }

    @Test
    void everyPublicFileIsListedInAnOptimaTable() throws IOException {
        Path root = TestData.require("steinlib");
        Set<Path> listed = new TreeSet<>();
        steinlibFiles().forEach(a -> listed.add(((Expected) a.get()[0]).file().normalize()));
        Set<Path> onDisk = new TreeSet<>();
        for (String d : List.of("B", "C", "PACE2018-Track1")) {
            try (Stream<Path> s = Files.list(root.resolve(d))) {
                s.filter(p -> p.toString().endsWith(".stp") || p.toString().endsWith(".gr")).forEach(p -> onDisk.add(p.normalize()));
            }
        }
        // Both ways, so a file added to the folder without its optimum, or a row without its file, fails by name.
        assertEquals(onDisk, listed);
        // The published series are complete: SteinLib B (18) and C (20), and every odd-numbered PACE 2018 Track 1 instance.
        assertEquals(18, onDisk.stream().filter(p -> p.getParent().endsWith("B")).count(), "SteinLib B");
        assertEquals(20, onDisk.stream().filter(p -> p.getParent().endsWith("C")).count(), "SteinLib C");
        for (int i = 1; i <= 199; i += 2) {
            Path p = root.resolve("PACE2018-Track1").resolve(String.format("instance%03d.gr", i)).normalize();
            assertTrue(onDisk.contains(p), "missing odd-numbered PACE instance " + p.getFileName());
        }
    }
}
