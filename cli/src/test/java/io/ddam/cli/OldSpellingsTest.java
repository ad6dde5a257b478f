package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One name per idea, old spellings kept for one release: each old spelling does what the new one does
 * and prints one note naming the new one; the new spelling prints no note.
 */
class OldSpellingsTest {
    private static void assertNote(Cli.Result r, String old, String now) {
        assertTrue(r.err().contains("note: " + old + " is deprecated; use " + now), r.err());
    }

    @Test
    void steinerDesignerAndExactSteiner() {
        Cli.Result now = Cli.run("steiner", "../instances/path3.json", "--terminals", "0,2", "--designer", "mehlhorn", "--format", "json");
        Cli.Result old = Cli.run("steiner", "../instances/path3.json", "--terminals", "0,2", "--algorithm", "mehlhorn", "--format", "json");
        assertEquals(0, now.exit(), now.err());
        assertEquals(0, old.exit(), old.err());
        assertEquals("", now.err());
        assertNote(old, "--algorithm", "--designer");
        assertTrue(old.out().contains("\"algorithm\" : \"mehlhorn\""), old.out());   // not the default kmb
        assertEquals(now.out().replaceAll("\"seconds\" : [0-9.Ee-]+", ""), old.out().replaceAll("\"seconds\" : [0-9.Ee-]+", ""));
        Cli.Result unknown = Cli.run("steiner", "../instances/path3.json", "--terminals", "0,2", "--designer", "fast");
        assertEquals(Main.BAD_INPUT, unknown.exit());
        assertTrue(unknown.err().contains("choose kmb, mehlhorn or exact-steiner"), unknown.err());
    }

    @Test
    void generateTerminalCount(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json");
        Cli.Result now = Cli.run("generate", "--network", "grid:rows=3,cols=3", "--terminal-count", "4", "--seed", "2", "--out", a.toString());
        Cli.Result old = Cli.run("generate", "--network", "grid:rows=3,cols=3", "--terminals", "4", "--seed", "2", "--out", b.toString());
        assertEquals(0, now.exit(), now.err());
        assertEquals(0, old.exit(), old.err());
        assertTrue(!now.err().contains("note:"), now.err());   // generate reports "wrote ..." on stderr
        assertNote(old, "--terminals K", "--terminal-count K");
        assertEquals(Files.readString(a), Files.readString(b));
        assertTrue(Files.readString(a).contains("\"terminals\""), "four terminals were picked");
    }

    @Test
    void treesDotDir(@TempDir Path dir) throws Exception {
        Path now = dir.resolve("now"), old = dir.resolve("old");
        Cli.Result n = Cli.run("trees", "../instances/path3.json", "--designer", "spt", "--dot-dir", now.toString());
        Cli.Result o = Cli.run("trees", "../instances/path3.json", "--designer", "spt", "--dot", old.toString());
        assertEquals(0, n.exit(), n.err());
        assertEquals(0, o.exit(), o.err());
        assertNote(o, "--dot DIR", "--dot-dir DIR");
        try (var a = Files.list(now); var b = Files.list(old)) {
            assertEquals(a.map(p -> p.getFileName().toString()).sorted().toList(), b.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (var a = Files.list(now)) {
            assertEquals(3, a.count(), "one file per agent of path3");
        }
    }

    @Test
    void outputPlacesAreCheckedBeforeSolving(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path below = file.resolve("sub");   // cannot exist: its parent is a file
        for (String[] args : new String[][] {
                {"trees", "../instances/path3.json", "--designer", "star", "--dot-dir", below.toString()},
                {"trees", "../instances/path3.json", "--designer", "star", "--out", below.resolve("r.txt").toString()},
                {"steiner", "../instances/path3.json", "--terminals", "0,2", "--designer", "exact-steiner", "--dot", below.resolve("t.dot").toString()},
                {"simulate", "../instances/path3.json", "--horizon", "20", "--trace", below.resolve("t.csv").toString()},
                {"compare", "../instances/path3.json", "--horizon", "20", "--no-plot", "--out", below.resolve("c.txt").toString()}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(Main.BAD_INPUT, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("cannot write"), String.join(" ", args) + ": " + r.err());
        }
    }

    @Test
    void reproduceOutDir(@TempDir Path dir) throws Exception {
        // The old --out reaches the same field: an existing file is refused, naming the new option.
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli.Result r = Cli.run("reproduce", "all", "--out", file.toString());
        assertEquals(Main.BAD_INPUT, r.exit());
        assertNote(r, "--out DIR", "--out-dir DIR");
        assertTrue(r.err().contains(file + ": cannot write: it exists and is not a folder"), r.err());
    }

    @Test
    void benchSteinerDesigners(@TempDir Path dir) {
        Path inst = dir.resolve("g.json");
        assertEquals(0, Cli.run("generate", "--network", "grid:rows=3,cols=3", "--terminal-count", "3", "--seed", "1",
                "--out", inst.toString()).exit());
        Cli.Result now = Cli.run("bench", "steiner", inst.toString(), "--designers", "mehlhorn", "--repeats", "1", "--warmup", "0",
                "--no-jgrapht", "--format", "csv");
        Cli.Result old = Cli.run("bench", "steiner", inst.toString(), "--algorithms", "mehlhorn", "--repeats", "1", "--warmup", "0",
                "--no-jgrapht", "--format", "csv");
        assertEquals(0, now.exit(), now.err());
        assertEquals(0, old.exit(), old.err());
        assertNote(old, "--algorithms", "--designers");
        // mehlhorn only: the old spelling is not overwritten by the default (kmb,mehlhorn).
        assertTrue(now.out().contains(",mehlhorn,") && old.out().contains(",mehlhorn,"), now.out() + old.out());
        assertTrue(!now.out().contains(",kmb,") && !old.out().contains(",kmb,"), now.out() + old.out());
    }
}
