package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionNamesTheProject() {
        Cli.Result r = Cli.run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("ddam "), r.out());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"info", "generate", "trees", "steiner", "bench", "bench steiner", "bench trees"})
    void everyCommandHasHelp(String command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
        args.add("--help");
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Usage: ddam " + command + " "), r.out());
    }

    @Test
    void commandListShowsWholeOneLineSummaries() {
        Cli.Result r = Cli.run("--help");
        // The name column is as wide as the longest command name, so match any run of spaces.
        assertTrue(r.out().matches("(?s).*\n  trees +Design one routing tree per agent, with delays and link loads\\.\n.*"), r.out());
    }

    @Test
    void noCommandIsAUsageErrorOnOneLine() {
        Cli.Result r = Cli.run();
        assertEquals(Main.BAD_INPUT, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("error: a command is required"), r.err());
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        Cli.Result r = Cli.run("info", "--no-such-option", "x.json");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }

    @Test
    void missingFileNamesTheFile() {
        Cli.Result r = Cli.run("info", "does/not/exist.json");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertEquals("error: does/not/exist.json: no such file", r.err().strip());
    }

    @Test
    void helpDoesNotLoadOrTools() throws Exception {
        // In a fresh JVM, so other tests cannot have loaded the classes already.
        String loaded = classesLoadedBy("--help");
        assertTrue(loaded.contains("io.ddam.cli.Main"), "the probe must see our own classes");
        assertEquals(false, loaded.contains("com.google.ortools"), "--help loaded OR-Tools");
    }

    /** Runs the CLI in a child JVM with -verbose:class and returns what it printed. */
    static String classesLoadedBy(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), "io.ddam.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }
}
