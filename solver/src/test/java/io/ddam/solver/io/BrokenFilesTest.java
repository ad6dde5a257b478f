package io.ddam.solver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broken-file corpus under {@code src/test/resources/broken/}: every file listed in
 * {@code broken/expected.csv} must fail with a {@link DdamInputException} at the listed line whose problem
 * contains the listed fragment. The CLI tests reuse the same index.
 */
class BrokenFilesTest {

    /** One row of {@code broken/expected.csv}. */
    record Case(String file, int line, String fragment) {
        @Override
        public String toString() { return file; }
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        boolean header = true;
        for (String row : Files.readAllLines(TestFiles.resource("broken/expected.csv"))) {
            if (row.isBlank() || row.startsWith("#")) continue;
            if (header) {
                assertEquals("file,line,fragment", row);
                header = false;
                continue;
            }
            String[] f = row.split(",", 3);
            out.add(new Case(f[0], Integer.parseInt(f[1]), f[2]));
        }
        return out;
    }

    static Stream<Case> corpus() throws IOException {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void failsAtExpectedLine(Case c) {
        Path file = TestFiles.resource("broken/" + c.file());
        // Nothing may reach the process's own stdout/stderr (the JDK's XML parser prints on some inputs).
        java.io.PrintStream realErr = System.err, realOut = System.out;
        java.io.ByteArrayOutputStream stray = new java.io.ByteArrayOutputStream();
        DdamInputException e;
        try {
            System.setErr(new java.io.PrintStream(stray, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setOut(new java.io.PrintStream(stray, true, java.nio.charset.StandardCharsets.UTF_8));
            e = assertThrows(DdamInputException.class, () -> InstanceFiles.read(file));
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
        }
        assertEquals("", stray.toString(java.nio.charset.StandardCharsets.UTF_8), "printed outside the exception");
        assertEquals(file.toString(), e.source());
        assertEquals(c.line(), e.line(), () -> "line of: " + e.getMessage());
        assertTrue(e.problem().contains(c.fragment()), () -> "expected '" + c.fragment() + "' in: " + e.getMessage());
        // One line, as the CLI prints it.
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        String expected = c.line() > 0 ? file + ":" + c.line() + ": " + e.problem() : file + ": " + e.problem();
        assertEquals(expected, e.getMessage());
    }

    @Test
    void everyCorpusFileIsIndexedAndTheIndexIsComplete() throws IOException {
        Path root = TestFiles.resource("broken");
        Set<String> onDisk = new HashSet<>();
        for (String sub : List.of("stp", "gr", "graphml")) {
            try (Stream<Path> s = Files.list(root.resolve(sub))) {
                s.forEach(p -> onDisk.add(sub + "/" + p.getFileName()));
            }
        }
        Set<String> indexed = new HashSet<>();
        for (Case c : cases()) {
            assertTrue(indexed.add(c.file()), "listed twice: " + c.file());
            assertNotNull(c.fragment());
        }
        assertEquals(onDisk, indexed);
        assertTrue(indexed.size() >= 60, "corpus shrank: " + indexed.size());
    }
}
