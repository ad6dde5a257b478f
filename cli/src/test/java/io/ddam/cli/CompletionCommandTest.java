package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddam completion} prints a bash script that bash accepts and that knows the commands and options. */
class CompletionCommandTest {
    @Test
    void theScriptIsValidBashAndKnowsCommandsOptionsAndValues(@TempDir Path dir) throws Exception {
        Cli.Result r = Cli.run("completion");
        assertEquals(0, r.exit(), r.err());
        String script = r.out();
        assertTrue(script.contains("complete -F"), "a bash completion function is registered");
        for (String word : new String[] {"trees", "simulate", "compare", "reproduce", "--designer", "--format", "--fair-time", "json"}) {
            assertTrue(script.contains(word), "the script should know " + word);
        }
        Path file = dir.resolve("ddam-completion.bash");
        Files.writeString(file, script);
        Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        String msg = new String(bash.getInputStream().readAllBytes());
        assertEquals(0, bash.waitFor(), "bash -n rejects the script: " + msg);
    }
}
