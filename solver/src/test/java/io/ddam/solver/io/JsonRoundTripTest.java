package io.ddam.solver.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.EdgeWeights;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.GridGenerator;
import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.generate.NetworkGenerator;
import io.ddam.solver.generate.WaxmanGenerator;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Writing an instance and reading it back gives equal objects; a hand-written file reads to exact values. */
class JsonRoundTripTest {

    static Stream<Arguments> generated() {
        NetworkGenerator er = new ErdosRenyiGenerator(16, 0.25, EdgeWeights.UNIT.withDelays(1, 5).withCosts(0.5, 2), 7);
        NetworkGenerator grid = new GridGenerator(4, 5);
        NetworkGenerator wax = new WaxmanGenerator(20, 0.4, 0.4, EdgeWeights.UNIT.withDelayScale(10), 1);
        List<InterestSpec> ws = List.of(InterestSpec.dirichlet(2, 10, 3), InterestSpec.uniform(),
                InterestSpec.topK(3, 1, 5, 1), InterestSpec.dirichlet(0.01, 0.05, 9));
        return Stream.of(er, grid, wax).flatMap(g -> ws.stream().map(w -> Arguments.of(g, w)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("generated")
    void generatedInstancesRoundTripExactly(NetworkGenerator gen, InterestSpec spec, @TempDir Path tmp) {
        Instance in = spec.applyTo(gen.generate());
        Path file = tmp.resolve("x.json");
        JsonInstanceWriter.write(in, file);
        Instance back = JsonInstanceReader.read(file);
        assertEquals(in.network(), back.network());
        assertEquals(in.interest().orElseThrow(), back.interest().orElseThrow());
        assertEquals(in.name(), back.name());
        assertEquals(in.metadata(), back.metadata());
        // and the text is a fixed point
        assertEquals(JsonInstanceWriter.toJson(in), JsonInstanceWriter.toJson(back));
        // the compact form (W as its generator spec) reads back to the same objects too
        String compact = JsonInstanceWriter.toJson(in, JsonInstanceWriter.InterestForm.SPEC_IF_GENERATED);
        assertTrue(compact.contains("\"interest\": {\"generator\""), compact);
        Instance back2 = JsonInstanceReader.readString("c.json", compact);
        assertEquals(in.network(), back2.network());
        assertEquals(in.interest(), back2.interest());
        assertEquals(in.metadata(), back2.metadata());
    }

    @Test
    void handWrittenSampleParsesToExactValues() throws Exception {
        Path p = Path.of(getClass().getResource("/valid/sample.json").toURI());
        Instance in = JsonInstanceReader.read(p);
        Network n = in.network();
        assertEquals("sample", in.name());
        assertEquals(4, n.nodeCount());
        assertArrayEquals(new int[] {1, 2, 3, 7}, new int[] {n.id(0), n.id(1), n.id(2), n.id(3)});
        assertEquals("a", n.label(0));
        assertEquals("b", n.label(1));
        assertNull(n.label(2));
        assertEquals("hub", n.label(3));
        assertEquals(4, n.edgeCount());
        int e = n.edgeBetween(n.indexOf(2), n.indexOf(3));
        assertEquals(2, n.delay(e));
        assertEquals(0.5, n.cost(e));
        e = n.edgeBetween(n.indexOf(3), n.indexOf(7));
        assertEquals(3, n.delay(e));
        assertEquals(1.0, n.cost(e));
        e = n.edgeBetween(n.indexOf(7), n.indexOf(1));
        assertEquals(1, n.delay(e));
        assertEquals(2.25, n.cost(e));
        assertEquals(-1, n.edgeBetween(n.indexOf(1), n.indexOf(3)));
        InterestMatrix w = in.interest().orElseThrow();
        assertArrayEquals(new double[] {0.1, 0.6, 0.1, 0.2}, w.row(1));
        assertArrayEquals(new double[] {0, 0, 1, 0}, w.row(2));
        assertArrayEquals(new int[] {0, 3}, in.terminals());
        assertEquals("ddam", in.metadata().get("author"));
    }

    @Test
    void defaultsAndCompactForms() {
        String json = """
                {"format": "ddam-instance/1", "nodes": 3,
                 "edges": [{"u": 0, "v": 1}, {"u": 1, "v": 2, "delay": 2.0, "cost": 3}]}
                """;
        Instance in = JsonInstanceReader.readString("dir/tiny.json", json);
        assertEquals("tiny", in.name());
        assertEquals(Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2, 2, 3.0).build(), in.network());
        assertTrue(in.interest().isEmpty());
        assertFalse(in.hasTerminals());
    }

    @Test
    void interestGeneratorInJsonIsAppliedAndKeptInMetadata() {
        String json = """
                {"format": "ddam-instance/1", "name": "g", "nodes": 5, "edges": [],
                 "interest": {"generator": "dirichlet", "y0": 2, "y1": 10, "seed": 3}}
                """;
        Instance in = JsonInstanceReader.readString("g.json", json);
        assertEquals(InterestSpec.dirichlet(2, 10, 3).generate(5), in.interest().orElseThrow());
        assertEquals(Map.of("generator", "dirichlet", "y0", 2.0, "y1", 10.0, "seed", 3L), in.metadata().get("interest"));
        // written out as a matrix and read back: still the same W
        Instance back = JsonInstanceReader.readString("g.json", JsonInstanceWriter.toJson(in));
        assertEquals(in.interest().orElseThrow(), back.interest().orElseThrow());
    }

    @Test
    void writerLayoutIsOneElementPerLine() {
        Instance in = InterestSpec.uniform().applyTo(new GridGenerator(2, 2).generate());
        String text = JsonInstanceWriter.toJson(in);
        assertTrue(text.contains("\n    {\"u\": 0, \"v\": 1, \"delay\": 1, \"cost\": 1},\n"), text);
        assertTrue(text.contains("\n      [0.25, 0.25, 0.25, 0.25],\n"), text);
        assertTrue(text.contains("\n  \"nodes\": 4,\n"), text);
        assertTrue(text.startsWith("{\n  \"format\": \"ddam-instance/1\",\n"), text);
    }

    @Test
    void labelsWithSpecialCharactersSurvive() {
        Network.Builder b = Network.builder();
        b.addNode(-5, "quote \" back\\slash\nnewline ü");
        b.addNode(40, "");
        b.addNode(3, null);
        b.addEdge(-5, 40, 7, 1e-3).addEdge(40, 3, 1, 0.1 + 0.2);
        Instance in = new Instance("odd \"name\"", b.build(), InterestMatrix.of(new double[][] {
                {1.0 / 3, 1.0 / 3, 1.0 / 3}, {0, 1, 0}, {0.1, 0.2, 0.7}}), new int[] {2, 0}, null);
        Instance back = JsonInstanceReader.readString("odd.json", JsonInstanceWriter.toJson(in));
        assertEquals(in.network(), back.network());
        assertEquals(in.interest(), back.interest());
        assertEquals(in.name(), back.name());
        assertArrayEquals(in.terminals(), back.terminals());
    }

    @Test
    void atomicWriteLeavesNoTemporaryFilesAndReplacesTarget(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("a.json");
        Files.writeString(file, "old");
        JsonInstanceWriter.write(new GridGenerator(2, 3).generate(), file);
        assertTrue(Files.readString(file).startsWith("{"));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(file), s.toList());
        }
        DdamInputException e = assertThrows(DdamInputException.class,
                () -> JsonInstanceWriter.write(new GridGenerator(2, 3).generate(), tmp.resolve("no/such/dir/a.json")));
        assertTrue(e.problem().contains("cannot write"), e.getMessage());
    }

    @Test
    void instanceFilesDispatchesJson(@TempDir Path tmp) {
        Path file = tmp.resolve("g.json");
        Instance in = new GridGenerator(3, 3).generate();
        JsonInstanceWriter.write(in, file);
        assertEquals(in.network(), InstanceFiles.read(file).network());
    }

    @Test
    void generatorKindsInJson() {
        String head = "{\"format\": \"ddam-instance/1\", \"nodes\": [4, 5, 6, 9], \"edges\": [],\n \"interest\": ";
        Instance u = JsonInstanceReader.readString("u.json", head + "{\"generator\": \"uniform\"}}");
        assertEquals(InterestSpec.uniform().generate(4), u.interest().orElseThrow());
        assertEquals(9, u.network().id(3));
        Instance t = JsonInstanceReader.readString("t.json", head + "{\"generator\": \"topk\", \"k\": 2, \"y0\": 1, \"y1\": 5, \"seed\": 4}}");
        assertEquals(InterestSpec.topK(2, 1, 5, 4).generate(4), t.interest().orElseThrow());
        DdamInputException e = assertThrows(DdamInputException.class,
                () -> JsonInstanceReader.readString("x.json", head + "{\"generator\": \"uniform\", \"seed\": 1}}"));
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("unknown field \"seed\" in interest"), e.getMessage());
        e = assertThrows(DdamInputException.class,
                () -> JsonInstanceReader.readString("x.json", head + "{\"matrix\": [], \"generator\": \"uniform\"}}"));
        assertTrue(e.problem().contains("both"), e.getMessage());
    }

    @Test
    void metadataRejectsNonFiniteNumbersAndNamesTheSource() {
        DdamInputException e = assertThrows(DdamInputException.class, () -> JsonInstanceReader.readString("m.json",
                "{\"format\": \"ddam-instance/1\",\n\"metadata\": {\"x\": [1,\nNaN]}, \"nodes\": 1, \"edges\": []}"));
        assertEquals("m.json", e.source());
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("not finite"), e.getMessage());
    }

    @Test
    void compactFormFallsBackToTheMatrixWhenTheSpecDoesNotMatch() {
        Instance in = InterestSpec.dirichlet(2, 10, 3).applyTo(new GridGenerator(2, 2).generate());
        Instance edited = in.withInterest(InterestSpec.uniform().generate(4)); // metadata still says dirichlet
        String text = JsonInstanceWriter.toJson(edited, JsonInstanceWriter.InterestForm.SPEC_IF_GENERATED);
        assertTrue(text.contains("\"matrix\""), text);
        assertEquals(edited.interest(), JsonInstanceReader.readString("e.json", text).interest());
    }
}
