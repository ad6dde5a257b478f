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
}
