package io.ddam.solver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.net.URISyntaxException;
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
 * Every file in {@code broken/json/} must fail with a {@link DdamInputException} that names the file,
 * the line listed in {@code expected.csv} and a fragment of the problem.
 */
class JsonBrokenCorpusTest {

    static Path dir() throws URISyntaxException {
        return Path.of(JsonBrokenCorpusTest.class.getResource("/broken/json/expected.csv").toURI()).getParent();
    }

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir().resolve("expected.csv"), StandardCharsets.UTF_8);
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) continue;
            List<String> f = csv(l);
            out.add(Arguments.of(f.get(0), Integer.parseInt(f.get(1)), f.get(2)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenFileIsRejectedAtItsLine(String file, int line, String fragment) throws Exception {
        Path p = dir().resolve(file);
        DdamInputException e = assertThrows(DdamInputException.class, () -> JsonInstanceReader.read(p));
        assertEquals(p.toString(), e.source(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void everyBrokenFileIsListed() throws Exception {
        List<String> listed = cases().map(a -> (String) a.get()[0]).toList();
        try (Stream<Path> s = Files.list(dir())) {
            s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("expected.csv"))
                    .forEach(n -> assertTrue(listed.contains(n), n + " is not in expected.csv"));
        }
        assertTrue(listed.size() >= 30, "corpus shrank: " + listed.size());
    }

    /** A CSV line with optional double-quoted fields ("" inside quotes is a quote). */
    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (q) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                else if (c == '"') q = false;
                else cur.append(c);
            } else if (c == '"') q = true;
            else if (c == ',') { out.add(cur.toString()); cur.setLength(0); }
            else cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    @Test
    void readerFailureDoesNotDependOnIo() throws IOException {
        // A missing file is reported, not thrown as an IOException.
        Path p = Path.of("does-not-exist-" + System.nanoTime() + ".json");
        DdamInputException e = assertThrows(DdamInputException.class, () -> JsonInstanceReader.read(p));
        assertTrue(e.problem().contains("no such file"));
    }
}
