package io.ddam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddam.experiments.sweep.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ddam sweep}: output folder, restart, threads, the one-line errors. */
class SweepCommandTest {
    private static final String S20 = Path.of("..", "instances", "synthetic20.json").toAbsolutePath().toString();

    @TempDir
    Path tmp;

    private Path spec(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, body);
        return p;
    }

    private Path small() throws Exception {
        return spec("small.json", "{\"name\": \"small\", \"instances\": [\"" + S20 + "\"], \"rho\": [0, 0.5], \"seeds\": 2,"
                + " \"horizon\": [400], \"checkpoints\": {\"perDecade\": 2}, \"protocols\": [\"ogd\", \"cdogd\"],"
                + " \"designers\": [\"spt\"], \"transports\": [\"unicast\", \"aggregate\"]}");
    }

    private static void oneLineError(Cli.Result r, String expected) {
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void runsWritesTheFolderAndIsBitwiseTheSameOnOneAndTwoThreads() throws Exception {
        Path spec = small();
        Cli.Result one = Cli.run("sweep", spec.toString(), "--out", tmp.resolve("one").toString(), "--threads", "1");
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.err().startsWith("4 of 4 cells to run"), one.err());
        assertTrue(one.out().contains("ddam-spt-agg"), one.out());
        Cli.Result two = Cli.run("sweep", spec.toString(), "--out", tmp.resolve("two").toString(), "--threads", "2", "--format", "json");
        assertEquals(0, two.exit(), two.err());
        byte[] a = Files.readAllBytes(tmp.resolve("one").resolve("rows.csv"));
        byte[] b = Files.readAllBytes(tmp.resolve("two").resolve("rows.csv"));
        assertArrayEquals(a, b);
        // 4 cells x 4 protocols x checkpoints {10, 32, 100, 316, 400}
        assertEquals(1 + 4 * 4 * 5, new String(a).lines().count());
        JsonNode root = new ObjectMapper().readTree(two.out());
        assertEquals(4, root.get("cells").asInt());
        assertEquals(80, root.get("rows").asInt());
        JsonNode rows = new ObjectMapper().readTree(tmp.resolve("two").resolve("rows.json").toFile());
        assertEquals(80, rows.size());
        assertEquals(new String(a).lines().skip(1).findFirst().orElseThrow().split(",")[0], rows.get(0).get("cell").asText());
    }

    @Test
    void aRerunComputesOnlyMissingCellsAndResumeContinuesTheFolder() throws Exception {
        Path spec = small();
        Path out = tmp.resolve("out");
        assertEquals(0, Cli.run("sweep", spec.toString(), "--out", out.toString()).exit());
        byte[] full = Files.readAllBytes(out.resolve("rows.csv"));
        Cli.Result again = Cli.run("sweep", spec.toString(), "--out", out.toString());
        assertTrue(again.err().startsWith("0 of 4 cells to run"), again.err());
        List<Path> parts;
        try (Stream<Path> s = Files.list(out.resolve(SweepFolder.PARTS))) {
            parts = s.sorted().toList();
        }
        assertEquals(4, parts.size());
        Files.delete(parts.get(0));
        Files.delete(out.resolve("rows.csv"));
        Cli.Result resumed = Cli.run("sweep", "--resume", out.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().startsWith("1 of 4 cells to run"), resumed.err());
        assertArrayEquals(full, Files.readAllBytes(out.resolve("rows.csv")));
        Cli.Result dry = Cli.run("sweep", spec.toString(), "--out", out.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("4 cells, 0 of 4 to run"), dry.out());
    }

    /** Ids follow the instance's contents: the same spec naming a moved copy finds its cells done; an edited copy does not. */
    @Test
    void aMovedInstanceKeepsTheFoldersCellsAndAnEditedOneIsAnotherSpec() throws Exception {
        Path out = tmp.resolve("out");
        assertEquals(0, Cli.run("sweep", small().toString(), "--out", out.toString(), "--threads", "2").exit());
        Path moved = tmp.resolve("elsewhere").resolve("net.json");
        Files.createDirectories(moved.getParent());
        Files.copy(Path.of(S20), moved);
        Path spec2 = spec("moved.json", Files.readString(small()).replace(S20, moved.toString()));
        Cli.Result again = Cli.run("sweep", spec2.toString(), "--out", out.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().startsWith("0 of 4 cells to run"), again.err());
        Files.writeString(moved, Files.readString(moved) + " ");
        oneLineError(Cli.run("sweep", spec2.toString(), "--out", out.toString()), "holds the results of another sweep spec");
        Cli.Result dry = Cli.run("sweep", spec2.toString(), "--out", tmp.resolve("split").toString(), "--dry-run");
        assertTrue(dry.out().contains("4 cells, 4 of 4 to run"), dry.out());
        Path split = spec("split.json", Files.readString(small()).replace("\"seeds\": 2,", "\"seeds\": 2, \"split\": [\"transports\"],"));
        dry = Cli.run("sweep", split.toString(), "--out", tmp.resolve("split").toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        // 4 grid points x (the plain protocols + spt/unicast + spt/aggregate)
        assertTrue(dry.out().contains("split: transports (12 cells from 4 grid points)"), dry.out());
    }

    @Test
    void badSpecsGetOneLineAndExitTwo() throws Exception {
        String out = tmp.resolve("o").toString();
        oneLineError(Cli.run("sweep", spec("a.json", "{\"instances\": [\"" + S20 + "\"],\n \"rhos\": [0]}").toString(), "--out", out),
                "a.json:2: unknown axis 'rhos'");
        oneLineError(Cli.run("sweep", spec("b.json", "{\"instances\": [\"" + S20 + "\"], \"seeds\": []}").toString(), "--out", out),
                "empty grid: axis 'seeds' has no values");
        oneLineError(Cli.run("sweep", spec("c.json", "{\"instances\": [\"" + tmp.resolve("missing.json") + "\"]}").toString(), "--out", out),
                "instance '" + tmp.resolve("missing.json"));
        Path other = tmp.resolve("other");
        assertEquals(0, Cli.run("sweep", small().toString(), "--out", other.toString(), "--threads", "2").exit());
        Path changed = spec("d.json", Files.readString(small()).replace("[0, 0.5]", "[0.25]"));
        oneLineError(Cli.run("sweep", changed.toString(), "--out", other.toString()), "holds the results of another sweep spec");
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("x.txt"), "x");
        oneLineError(Cli.run("sweep", small().toString(), "--out", notes.toString()), "is not empty and holds no sweep");
        oneLineError(Cli.run("sweep", small().toString(), "--out", out, "--engine", "spark"), "needs the optional ddam-spark module");
        assertFalse(Files.exists(Path.of(out)), "nothing is written on bad input");
    }

    /** kill -9 in the middle of a sweep: the part files there are complete, and a rerun adds exactly the rest. */
    @Test
    void aKilledSweepLosesOnlyTheCellsInFlight() throws Exception {
        Path spec = spec("kill.json", "{\"name\": \"kill\", \"instances\": [\"" + S20 + "\"], \"rho\": [0, 0.5], \"seeds\": 4,"
                + " \"horizon\": [3000], \"protocols\": [\"ogd\", \"cdogd\"], \"designers\": [\"spt\"]}");
        Path out = tmp.resolve("killed");
        Path parts = out.resolve(SweepFolder.PARTS);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sweep", spec.toString(),
                "--out", out.toString(), "--threads", "1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        int seen = 0;
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(parts)) {
                try (Stream<Path> s = Files.list(parts)) {
                    seen = (int) s.filter(x -> x.getFileName().toString().endsWith(".csv")).count();
                }
            }
            if (seen >= 2) break;
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        int kept;
        try (Stream<Path> s = Files.list(parts)) {
            kept = (int) s.filter(x -> x.getFileName().toString().matches("[0-9a-f]{16}\\.csv")).count();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(kept >= 1 && kept < 8, "the sweep was not caught mid-way (" + kept + " cells)");
        assertFalse(Files.exists(out.resolve("rows.csv")));
        Cli.Result rest = Cli.run("sweep", spec.toString(), "--out", out.toString(), "--threads", "2");
        assertEquals(0, rest.exit(), rest.err());
        assertTrue(rest.err().startsWith((8 - kept) + " of 8 cells to run"), rest.err());
        Cli.Result clean = Cli.run("sweep", spec.toString(), "--out", tmp.resolve("clean").toString(), "--threads", "2");
        assertEquals(0, clean.exit(), clean.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("clean").resolve("rows.csv")), Files.readAllBytes(out.resolve("rows.csv")));
    }

    /** {@code ddam bench sweep} on a tiny sweep: every case reported, 1- and 2-thread rows checked equal inside. */
    @Test
    void benchSweepRunsSmall() throws Exception {
        Cli.Result r = Cli.run("bench", "sweep", "--instances", Path.of("..", "instances").toString(), "--cells", "4", "--horizon", "60",
                "--large", "0", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertEquals(6, rows.size(), r.out());
        assertTrue(rows.get(3).get("case").asText().contains("threads=2"), r.out());
        assertTrue(rows.get(3).get("vs_baseline").asDouble() > 0);
        oneLineError(Cli.run("bench", "sweep", "--cells", "6"), "--cells must be a positive multiple of 4");
    }
}
