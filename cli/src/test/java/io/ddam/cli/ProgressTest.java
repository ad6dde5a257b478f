package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The progress bar follows standard error, not standard output. */
class ProgressTest {
    @Test
    void theBarFollowsStandardErrorWhateverStandardOutputIs() {
        // stdout redirected (no console) but stderr on a terminal: shown.
        assertTrue(Progress.show("/dev/pts/3", false, false));
        assertTrue(Progress.show("/dev/tty1", false, false));
        // stderr into a pipe or a file: hidden, even with a console.
        assertFalse(Progress.show("pipe:[81234]", true, false));
        assertFalse(Progress.show("/tmp/log.txt", true, false));
        // DDAM_NO_PROGRESS wins.
        assertFalse(Progress.show("/dev/pts/3", true, true));
        // Where the device is unknown (not Linux), the console decides, as before.
        assertTrue(Progress.show(null, true, false));
        assertFalse(Progress.show(null, false, false));
    }

    @Test
    void theDeviceOfStandardErrorIsReadFromProc() throws Exception {
        if (!new File("/proc/self/fd/2").exists()) return;   // not Linux: nothing to read
        // A child whose stderr goes to a file must see that file, not a terminal.
        File log = File.createTempFile("ddam-progress", ".txt");
        log.deleteOnExit();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(List.of(java, "-cp", cp, Probe.class.getName()))
                .redirectError(log).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor());
        assertEquals(log.getCanonicalPath(), Path.of(out).toRealPath().toString());
    }

    /** Prints what its standard error is connected to. */
    public static final class Probe {
        /**
         * Entry point of the child JVM.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            System.out.println(Progress.stderrDevice());
        }
    }

    /** The joint designs' bar: moves with the clock while the work runs, never to the end, and back to its start after. */
    @Test
    void aClockBarMovesDuringTheWorkAndHandsBackItsSteps() {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        me.tongfei.progressbar.ProgressBar bar = new me.tongfei.progressbar.ProgressBarBuilder().setInitialMax(110)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(new java.io.PrintStream(sink, true)))
                .setUpdateIntervalMillis(50).build();
        try (Progress p = new Progress(bar)) {
            p.stepTo(10);
            long[] seen = new long[1];
            String out = p.byClock(100, 0.2, () -> {
                long until = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < until) seen[0] = Math.max(seen[0], bar.getCurrent());
                return "done";
            });
            assertEquals("done", out);
            // 1.5 s of a 0.2 s budget: the clock says "past the end", the bar waits one step short of its 100.
            assertEquals(109, seen[0]);
            assertEquals(10, bar.getCurrent(), "the finished work's steps are the caller's to count");
        }
    }
}
