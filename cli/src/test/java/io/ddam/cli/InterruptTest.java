package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and kills at chosen moments, on the real command line in a separate JVM (the test's own
 * class path, {@code java io.ddam.cli.Main}): SIGINT ends every command with exit 130, also while
 * OR-Tools solves (SCIP used to swallow it and the command went on to exit 0), and a stopped run
 * leaves no temporary files and never a mixed result set. The signal is sent with {@code kill} to
 * the child's pid; the moment is chosen by waiting for a file the run makes (the staging folder of
 * a result set, held open by {@code -Dddam.test.pauseBeforeCommitMs}) or for the solver to be busy.
 */
class InterruptTest {
    @TempDir
    Path dir;

    /**
     * Whether this JVM was started with SIGINT ignored (a job put in the background by a script:
     * {@code mvn verify &}). A child inherits that, and the JVM never handles a signal that was
     * ignored when it started (HotSpot refuses even sun.misc.Signal handlers for it), so the SIGINT
     * tests can only run where SIGINT is live, as in a terminal or CI. Read from /proc on Linux.
     */
    static boolean sigintIgnoredHere() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2L) != 0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume signals behave
        }
        return false;
    }

    private static void assumeSigintLive() {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnoredHere(),
                "SIGINT is ignored in this process (started in the background by a script), so a child cannot receive it");
    }

    private Process start(List<String> jvmProps, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmProps);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private static void signal(Process p, String sig) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, k.waitFor(), "kill -" + sig);
    }

    private static int exitWithin(Process p, int seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running " + seconds + " s after the signal");
        }
        return p.exitValue();
    }

    private void waitFor(java.util.function.BooleanSupplier cond, Process p, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (!p.isAlive()) throw new AssertionError("the run ended before the chosen moment, exit " + p.exitValue());
            if (System.nanoTime() > end) {
                p.destroyForcibly();
                throw new AssertionError("the chosen moment did not come within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    private List<String> hiddenFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(f -> dir.relativize(f).toString()).filter(n -> n.startsWith(".") && !n.isEmpty() || n.contains("/.")).toList();
        }
    }

    private boolean staging() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().startsWith(".ddam-staging-"));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void ctrlCDuringAnOrToolsSolveStopsTheRunWithExit130() throws Exception {
        assumeSigintLive();
        Path inst = dir.resolve("er60.json");
        assertEquals(0, Cli.run("generate", "--network", "er:n=60,p=0.1,seed=3", "--interest", "dirichlet:y0=2,y1=10,seed=1",
                "--out", inst.toString()).exit());
        Process p = start(List.of(), "trees", inst.toString(), "--designer", "star", "--time-limit", "60");
        // The 60 star MILPs take well over ten seconds; by this time OR-Tools is loaded and solving.
        waitFor(() -> busy(p), p, 60);
        signal(p, "INT");
        assertEquals(130, exitWithin(p, 20), Files.readString(dir.resolve("stderr.txt")));
        assertEquals("", Files.readString(dir.resolve("stdout.txt")), "no result after Ctrl-C");
    }

    /** True once the child has used three seconds of CPU time (past start-up and OR-Tools' loading). */
    private static boolean busy(Process p) {
        return p.info().totalCpuDuration().map(d -> d.toMillis() > 3000).orElse(false);
    }

    @Test
    void ctrlCOrSigtermBeforeTheMovesLeavesTheOldSetAndNoTemporaryFiles() throws Exception {
        assumeSigintLive();
        Path png = dir.resolve("out.png"), csv = dir.resolve("out.csv");
        Files.write(png, new byte[] {1, 2, 3});
        Files.write(csv, new byte[] {4, 5});
        String inst = Path.of("..", "instances", "path3.json").toAbsolutePath().toString();
        for (String sig : List.of("INT", "TERM")) {
            Process p = start(List.of("-Dddam.test.pauseBeforeCommitMs=60000"), "compare", inst, "--horizon", "50", "--designers", "spt,kmb",
                    "--plot", png.toString());
            waitFor(this::staging, p, 120);
            signal(p, sig);
            int code = exitWithin(p, 20);
            assertEquals(sig.equals("INT") ? 130 : 143, code, Files.readString(dir.resolve("stderr.txt")));
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(png), "old PNG kept");
            assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(csv), "old CSV kept");
            assertEquals(List.of(), hiddenFiles(), "temporary files left behind");
        }
    }

    @Test
    void anUninterruptedRunReplacesTheWholeSet() throws Exception {
        Path png = dir.resolve("out.png"), csv = dir.resolve("out.csv");
        Files.write(png, new byte[] {1, 2, 3});
        Files.write(csv, new byte[] {4, 5});
        String inst = Path.of("..", "instances", "path3.json").toAbsolutePath().toString();
        Process p = start(List.of(), "compare", inst, "--horizon", "50", "--designers", "spt,kmb", "--plot", png.toString());
        assertEquals(0, exitWithin(p, 120), Files.readString(dir.resolve("stderr.txt")));
        assertTrue(Files.size(csv) > 2, "new CSV");
        assertTrue(Files.size(png) > 100, "new PNG");
        assertEquals(List.of(), hiddenFiles());
        assertTrue(new File(dir.toFile(), "stdout.txt").length() > 0);
    }

    @Test
    void aGenuineOutOfMemoryErrorIsOneLineAndExit1() throws Exception {
        // The budget is switched off (-Dddam.memoryBudget) so that the run really exhausts a small heap (T = 100
        // samples per agent with a dense W: the static comparators take the d_k × d_k path, 9 MB of sums per agent).
        String inst = Path.of("..", "instances", "synthetic20.json").toAbsolutePath().toString();
        Process p = start(List.of("-Xmx48m", "-Dddam.memoryBudget=" + Long.MAX_VALUE), "simulate", inst, "--dk", "1500", "--horizon", "100",
                "--protocols", "ogd", "--threads", "1");
        assertEquals(1, exitWithin(p, 120));
        List<String> lines = Files.readAllLines(dir.resolve("stderr.txt")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("error: out of memory"), lines.get(0));
    }
}
