package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ddam.online.data.CsvStream;
import io.ddam.online.data.SyntheticStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz harness of issue 13: seeded mutants (byte flips, truncation, duplicated and deleted lines,
 * huge numbers and tokens, control bytes) of the shipped instances, the readers' valid test files
 * (STP, PACE .gr, GraphML) and data files (a data CSV and a traffic CSV), each run through the real
 * command line in-process ({@link Main#run}) by the command that reads it: {@code info} and
 * {@code simulate} for JSON, {@code steiner} for STP/.gr, {@code info} for GraphML, {@code simulate
 * --data} for the CSVs. Every case must end with exit 0 or 2; on 2 with exactly one stderr line
 * {@code error: ...}; never a stack trace or anything printed to the JVM's own stderr; within a time
 * budget (a hang guard, not a timing); leaving nothing behind but the mutant.
 *
 * <p>Case k uses seed {@value #BASE_SEED} + k, so a failure names the case that reproduces it. The
 * normal test run does {@value #DEFAULT_CASES} cases; {@code -Dfuzz.cases=N} runs N (docs/reliability.md).
 */
class CliFuzzTest {
    static final long BASE_SEED = 13_000_000L;
    static final int DEFAULT_CASES = 300;
    static final Duration BUDGET = Duration.ofSeconds(30);
    static final String PATH3 = Path.of("..", "instances", "path3.json").toAbsolutePath().toString();

    @TempDir
    Path dir;

    /** One seed file and how to run a mutant of it. */
    private record Seed(String name, byte[] bytes, Kind kind) {}

    private enum Kind { JSON, STEINER, GRAPHML, DATA, TRAFFIC }

    private List<Seed> seeds() throws IOException {
        List<Seed> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("..", "instances"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Seed(p.getFileName().toString(), Files.readAllBytes(p), Kind.JSON));
            }
        }
        try (Stream<Path> s = Files.list(Path.of("..", "solver", "src", "test", "resources", "valid"))) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                Kind k = n.endsWith(".stp") || n.endsWith(".gr") ? Kind.STEINER : n.endsWith(".graphml") ? Kind.GRAPHML : null;
                if (k != null) out.add(new Seed(n, Files.readAllBytes(p), k));
            }
        }
        Path data = dir.resolve("seed-data.csv");
        CsvStream.write(new SyntheticStream(3, 8, 2, 1, 0.75, 5), 8, data);
        out.add(new Seed("data.csv", Files.readAllBytes(data), Kind.DATA));
        Files.delete(data);
        StringBuilder traffic = new StringBuilder("square_id,time_interval,internet_total\n");
        long t0 = 1_383_260_400_000L; // 2013-11-01 00:00 Europe/Rome = 23:00 UTC, a full hour in UTC too
        for (int id = 1; id <= 3; id++) {
            for (int slot = 0; slot < 12; slot++) traffic.append(id).append(',').append(t0 + slot * 600_000L).append(',').append(1.5 * id + slot).append('\n');
        }
        out.add(new Seed("traffic.csv", traffic.toString().getBytes(StandardCharsets.UTF_8), Kind.TRAFFIC));
        return out;
    }

    private static String[] command(Kind kind, Path file, Random r) {
        String f = file.toString();
        return switch (kind) {
            case JSON -> r.nextBoolean() ? new String[] {"info", f}
                    : new String[] {"simulate", f, "--horizon", "10", "--protocols", "ogd,ddam-st", "--threads", "1"};
            case STEINER -> new String[] {"steiner", f};
            case GRAPHML -> new String[] {"info", f};
            case DATA -> new String[] {"simulate", PATH3, "--data", f, "--horizon", "4", "--protocols", "ogd,ddam-st", "--threads", "1"};
            case TRAFFIC -> new String[] {"simulate", PATH3, "--data", f, "--horizon", "1", "--protocols", "ogd", "--threads", "1"};
        };
    }

    @Test
    void mutantsExitZeroOrTwoWithOneLineAndLeaveNothingBehind() throws IOException {
        int cases = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
        List<Seed> seeds = seeds();
        List<String> cwdBefore = listing(Path.of(""));
        List<String> failures = new ArrayList<>();
        int[] exits = new int[3];
        PrintStream realErr = System.err, realOut = System.out;
        for (int k = 0; k < cases && failures.size() < 5; k++) {
            long seed = BASE_SEED + k;
            Random r = new Random(seed);
            Seed s = seeds.get(k % seeds.size());
            Path caseDir = Files.createDirectory(dir.resolve("case" + k));
            Path mutant = caseDir.resolve(s.name());
            Files.write(mutant, mutate(s.bytes(), r));
            String[] args = command(s.kind(), mutant, r);
            ByteArrayOutputStream stray = new ByteArrayOutputStream();
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code;
            try {
                System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
                System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
                code = assertTimeoutPreemptively(BUDGET, () -> Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true)),
                        () -> "case " + seed + " (" + s.name() + ") ran past the budget");
            } finally {
                System.setErr(realErr);
                System.setOut(realOut);
            }
            String problem = check(code, err.toString(), stray.toString(StandardCharsets.UTF_8), caseDir, mutant);
            if (problem != null) {
                failures.add("case seed " + seed + " (" + s.name() + ", " + String.join(" ", args).replace(dir.toString(), "") + "): " + problem);
            }
            if (code == 0 || code == 2) exits[code]++;
            deleteTree(caseDir);
        }
        if (!failures.isEmpty()) fail(failures.size() + " fuzz case(s) failed:\n" + String.join("\n", failures));
        assertTrue(listing(Path.of("")).equals(cwdBefore), "the runs left files in the working folder");
        // The mutator must leave some inputs valid, or the harness tests only the first check of each reader.
        assertTrue(exits[0] > 0 && exits[2] > 0, "exit 0: " + exits[0] + ", exit 2: " + exits[2]);
        realOut.printf("fuzz: %d cases, %d exit 0, %d exit 2%n", cases, exits[0], exits[2]);
    }

    private static String check(int code, String err, String stray, Path caseDir, Path mutant) throws IOException {
        if (code != 0 && code != 2) return "exit " + code + ": " + abbreviate(err);
        if (!stray.isEmpty()) return "printed to the JVM's own stdout/stderr: " + abbreviate(stray);
        if (err.contains("\tat ") || err.contains("Exception")) return "a trace or exception name: " + abbreviate(err);
        if (code == 2) {
            String[] lines = err.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
            if (lines.length != 1) return lines.length + " stderr lines: " + abbreviate(err);
            if (!lines[0].startsWith("error: ")) return "not an error line: " + abbreviate(lines[0]);
            if (lines[0].length() > 600) return "error line of " + lines[0].length() + " characters";
        }
        List<String> left = listing(caseDir);
        if (!left.equals(List.of(mutant.getFileName().toString()))) return "left behind: " + left;
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "...";
    }

    private static List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d.toAbsolutePath())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : s.toList()) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    // ---------------------------------------------------------------- mutations

    private static final String[] NUMBERS = {
        "2000000000", "2147483648", "-1", "0", "-0", "NaN", "Infinity", "1e999", "1e-999", "4.9e-324", "1.7e308",
        "0x1F", "+7", "", "007", "1d", "99999999999999999999"
    };

    /** One to three random edits; deterministic in the random source. */
    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in;
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) b = edit(b, r);
        return b;
    }

    private static byte[] edit(byte[] b, Random r) {
        if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
        switch (r.nextInt(11)) {
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
            case 4, 5 -> { // a number becomes an extreme, malformed or very long one
                int[] sp = numberSpan(b, r);
                if (sp == null) return b;
                String num = r.nextInt(4) == 0 ? "9".repeat(1 + r.nextInt(200_000)) + (r.nextBoolean() ? "x" : "")
                        : NUMBERS[r.nextInt(NUMBERS.length)];
                return splice(b, sp[0], sp[1], num.getBytes(StandardCharsets.US_ASCII));
            }
            case 6 -> { // insert random bytes
                byte[] junk = new byte[1 + r.nextInt(8)];
                r.nextBytes(junk);
                int p = r.nextInt(b.length + 1);
                return splice(b, p, p, junk);
            }
            case 7 -> { // a huge token (up to 1 MB)
                byte[] tok = new byte[1 + r.nextInt(1 << 20)];
                Arrays.fill(tok, (byte) (r.nextBoolean() ? 'a' : '7'));
                int p = r.nextInt(b.length + 1);
                return splice(b, p, p, tok);
            }
            case 8 -> { // swap two lines
                List<byte[]> lines = lines(b);
                int i = r.nextInt(lines.size()), j = r.nextInt(lines.size());
                byte[] x = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, x);
                return join(lines);
            }
            case 9 -> { // a control byte
                int p = r.nextInt(b.length + 1);
                return splice(b, p, p, new byte[] {(byte) r.nextInt(32)});
            }
            default -> { // delete a short span
                int p = r.nextInt(b.length);
                int q = Math.min(b.length, p + 1 + r.nextInt(12));
                return splice(b, p, q, new byte[0]);
            }
        }
    }

    /** A random maximal run of ASCII digits, or null when there is none. */
    private static int[] numberSpan(byte[] b, Random r) {
        int start = r.nextInt(b.length);
        for (int k = 0; k < b.length; k++) {
            int p = (start + k) % b.length;
            if (b[p] >= '0' && b[p] <= '9') {
                int s = p, e = p;
                while (s > 0 && b[s - 1] >= '0' && b[s - 1] <= '9') s--;
                while (e < b.length && b[e] >= '0' && b[e] <= '9') e++;
                return new int[] {s, e};
            }
        }
        return null;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
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
}
