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
}
