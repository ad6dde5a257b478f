package io.ddam.solver.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded mutation fuzzing of every file in {@code src/test/resources/valid/}: each mutant must either
 * read successfully or fail with a {@link DdamInputException}; any other exception or error is a bug
 * in a reader. Mutant {@code k} of a file always uses seed {@code BASE_SEED + k}, so a failure names the
 * seed that reproduces it ({@link #mutate(byte[], long)}).
 */
class ReaderFuzzTest {
    static final int MUTANTS_PER_FILE = 2000;
    static final long BASE_SEED = 20_260_000L;

    static Stream<Path> validFiles() throws IOException {
        try (Stream<Path> s = Files.list(TestFiles.resource("valid"))) {
            return s.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void mutantsReadOrFailCleanly(Path original, @TempDir Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(original);
        Path mutant = dir.resolve(original.getFileName());
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (int k = 0; k < MUTANTS_PER_FILE; k++) {
            long seed = BASE_SEED + k;
            byte[] m = mutate(bytes, seed);
            try {
                read(mutant, m);
                accepted++;
            } catch (DdamInputException expected) {
                // A clean rejection; the message must still be one line.
                if (expected.getMessage().contains("\n")) failures.add("seed " + seed + ": multi-line message: " + expected.getMessage());
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                failures.add("seed " + seed + " (" + original.getFileName() + "): " + t + "\nmutant:\n"
                        + new String(m, StandardCharsets.ISO_8859_1) + "\n" + trace);
            }
            if (failures.size() >= 5) break;
        }
        if (!failures.isEmpty()) fail(failures.size() + " mutant(s) crashed a reader:\n" + String.join("\n\n", failures));
        // The unmutated file must read (JSON may still be a stub elsewhere), and some mutants keep it valid.
        if (!original.toString().endsWith(".json")) {
            InstanceFiles.read(original);
            assertTrue(accepted > 0, "no mutant of " + original.getFileName() + " was accepted; the mutator is too destructive");
        }
    }

    /**
     * Our own formats are parsed from memory through the same code as from a file (writing 2,000 temp
     * files per input costs seconds on a busy disk); anything else goes through {@link InstanceFiles}.
     */
    private static void read(Path where, byte[] content) throws IOException {
        String name = where.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".stp") || name.endsWith(".gr")) {
            SteinLibReader.read(where, new java.io.ByteArrayInputStream(content));
        } else if (name.endsWith(".graphml")) {
            GraphMLReader.read(where, content, GraphMLReader.Options.defaults());
        } else {
            Files.write(where, content);
            InstanceFiles.read(where);
        }
    }

    private static final String[] NUMBERS = {
        "99999999999999999999", "2147483647", "2147483648", "-1", "0", "-0", "NaN", "nan", "Infinity", "-inf",
        "1e999", "1e-999", "4.9e-324", "1.5", "0x1F", "+7", "", "007", "1_000", "१२"
    };

    private static final String[] TOKENS = {
        "SECTION", "END", "EOF", "E", "T", "Nodes", "Edges", "Terminals", "A", "Arcs", "SECTION Graph\n", "END\n",
        "<node id=\"", "</node>", "<edge source=\"0\" target=\"", "<graph>", "</graph>", "<data key=\"d3\">",
        "&amp;", "&xxe;", "<!DOCTYPE x>", "<![CDATA[", "]]>", "\"", "{", "}", "[", "]", ":", ",", "null", "\u00e9", "\uFEFF"
    };

    /** One to three random edits; deterministic in {@code seed}. */
    static byte[] mutate(byte[] in, long seed) {
        Random r = new Random(seed);
        byte[] b = in.clone();
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) b = edit(b, r);
        return b;
    }

    private static byte[] edit(byte[] b, Random r) {
        if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
        switch (r.nextInt(10)) {
            case 0 -> { // flip one byte to anything
                b = b.clone();
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                return b;
            }
            case 1 -> { // delete a line
                List<byte[]> lines = lines(b);
                lines.remove(r.nextInt(lines.size()));
                return join(lines);
            }
            case 2 -> { // duplicate a line
                List<byte[]> lines = lines(b);
                int i = r.nextInt(lines.size());
                lines.add(i, lines.get(i));
                return join(lines);
            }
            case 3 -> { // truncate
                return Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 4 -> { // a digit becomes a letter
                int start = r.nextInt(b.length);
                for (int k = 0; k < b.length; k++) {
                    int p = (start + k) % b.length;
                    if (b[p] >= '0' && b[p] <= '9') {
                        b = b.clone();
                        b[p] = (byte) ('a' + r.nextInt(26));
                        break;
                    }
                }
                return b;
            }
            case 5 -> { // a number becomes an extreme or malformed one
                String s = new String(b, StandardCharsets.ISO_8859_1);
                List<int[]> spans = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)?").matcher(s);
                while (m.find()) spans.add(new int[] {m.start(), m.end()});
                if (spans.isEmpty()) return b;
                int[] sp = spans.get(r.nextInt(spans.size()));
                String num = NUMBERS[r.nextInt(NUMBERS.length)];
                return concat(Arrays.copyOf(b, sp[0]), num.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(b, sp[1], b.length));
            }
            case 6 -> { // insert random bytes
                byte[] junk = new byte[1 + r.nextInt(8)];
                r.nextBytes(junk);
                int p = r.nextInt(b.length + 1);
                return concat(Arrays.copyOf(b, p), junk, Arrays.copyOfRange(b, p, b.length));
            }
            case 7 -> { // insert a format keyword or markup fragment
                byte[] t = TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                int p = r.nextInt(b.length + 1);
                return concat(Arrays.copyOf(b, p), t, Arrays.copyOfRange(b, p, b.length));
            }
            case 8 -> { // swap two lines
                List<byte[]> lines = lines(b);
                int i = r.nextInt(lines.size()), j = r.nextInt(lines.size());
                byte[] x = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, x);
                return join(lines);
            }
            default -> { // delete a short span
                int p = r.nextInt(b.length);
                int q = Math.min(b.length, p + 1 + r.nextInt(12));
                return concat(Arrays.copyOf(b, p), new byte[0], Arrays.copyOfRange(b, q, b.length));
            }
        }
    }

    private static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(Arrays.copyOfRange(b, start, i + 1));
                start = i + 1;
            }
        }
        if (start < b.length) out.add(Arrays.copyOfRange(b, start, b.length));
        return out;
    }

    private static byte[] join(List<byte[]> lines) {
        int n = 0;
        for (byte[] l : lines) n += l.length;
        byte[] out = new byte[n];
        int p = 0;
        for (byte[] l : lines) {
            System.arraycopy(l, 0, out, p, l.length);
            p += l.length;
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
