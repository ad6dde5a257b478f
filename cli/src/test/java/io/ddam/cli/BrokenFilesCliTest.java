package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the readers' broken-file corpus ({@code solver/src/test/resources/broken/*}, each
 * folder indexed by an {@code expected.csv} of {@code file,line,fragment}) makes {@code ddam info}
 * exit with code 2 and print exactly one line {@code error: <file>:<line>: <problem>}, and nothing on the
 * process's own stdout or stderr.
 */
class BrokenFilesCliTest {
    static final Path CORPUS = Path.of("..", "solver", "src", "test", "resources", "broken");

    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> indexes = Files.walk(CORPUS)) {
            for (Path index : indexes.filter(p -> p.getFileName().toString().equals("expected.csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(index);
                for (String line : lines) {
                    if (line.isBlank() || line.startsWith("#") || line.startsWith("file,line")) continue;
                    String[] f = line.split(",", 3);
                    cases.add(Arguments.of(index.getParent().resolve(f[0].strip()), Integer.parseInt(f[1].strip()),
                            f.length > 2 ? unquote(f[2].strip()) : ""));
                }
            }
        }
        return cases.stream();
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s;
    }

    @Test
    void theCorpusIsThere() throws IOException {
        assertTrue(corpus().count() >= 30, "expected a broken-file corpus of at least 30 files under " + CORPUS.toAbsolutePath());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void oneLineErrorAndExitCode2(Path file, int line, String fragment) {
        // What the JVM's own streams get counts too: the JDK's XML parser printed a class name there for a
        // GraphML file cut inside its DOCTYPE.
        PrintStream realErr = System.err, realOut = System.out;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        Cli.Result r;
        try {
            System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
            r = Cli.run("info", file.toString());
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
        }
        assertEquals("", stray.toString(StandardCharsets.UTF_8), "printed outside the command's own streams");
        assertEquals(Main.BAD_INPUT, r.exit(), r.err());
        String[] lines = r.errLines();
        assertEquals(1, lines.length, "expected one line, got:\n" + r.err());
        String prefix = "error: " + file + ":" + (line > 0 ? line + ":" : "");
        assertTrue(lines[0].startsWith(prefix), "expected prefix '" + prefix + "' in: " + lines[0]);
        assertTrue(lines[0].contains(fragment), "expected '" + fragment + "' in: " + lines[0]);
        assertFalse(r.out().contains("nodes"), "nothing may be printed on failure");
    }
}
