package io.ddam.solver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.graph.Network;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DOT output names nodes by id, shows labels and weights, and highlights a tree when asked. */
class DotWriterTest {
    private static Network net() {
        Network.Builder b = Network.builder();
        b.addNode(0, "a \"quoted\"");
        b.addNode(1, null);
        b.addNode(2, null);
        return b.addEdge(0, 1, 2, 1.5).addEdge(1, 2).addEdge(0, 2, 3, 1).build();
    }

    @Test
    void plainNetwork() {
        String dot = DotWriter.toDot(net());
        assertTrue(dot.startsWith("graph G {\n"), dot);
        assertTrue(dot.contains("\"0\" [label=\"a \\\"quoted\\\"\"];"), dot);
        assertTrue(dot.contains("\"0\" -- \"1\" [label=\"d=2,c=1.5\"];"), dot);
        assertTrue(dot.contains("\"1\" -- \"2\" [label=\"d=1,c=1\"];"), dot);
        assertEquals(3, dot.split(" -- ", -1).length - 1);
        assertTrue(dot.endsWith("}\n"));
        assertTrue(!dot.contains("penwidth=3"));
    }

    @Test
    void treeHighlight() throws Exception {
        StringWriter sw = new StringWriter();
        DotWriter.write(net(), 1, new int[] {0, 1}, sw);
        String dot = sw.toString();
        assertTrue(dot.contains("\"1\" [style=filled"), dot);
        assertTrue(dot.contains("\"0\" -- \"1\" [label=\"d=2,c=1.5\", color=\"" + DotWriter.TREE_COLOR + "\", penwidth=3"), dot);
        assertTrue(dot.contains("\"0\" -- \"2\" [label=\"d=3,c=1\", color=gray70]"), dot);
        assertThrows(IllegalArgumentException.class, () -> DotWriter.write(net(), 5, new int[0], new StringWriter()));
        assertThrows(IllegalArgumentException.class, () -> DotWriter.write(net(), 0, new int[] {3}, new StringWriter()));
    }

    @Test
    void atomicFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("n.dot");
        DotWriter.write(net(), 0, new int[] {2}, f);
        assertTrue(Files.readString(f).contains("penwidth=3"));
    }
}
