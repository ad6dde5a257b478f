package io.ddam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiler directives the launcher gives a Spark sweep's JVM (spark/compiler-directives.json): the
 * JVM parses all of them (a bad pattern is only reported, and the JVM then runs without any), and with
 * the launcher's flags prints nothing on standard output.
 */
class CompilerDirectivesTest {
  private static final Path FILE = Path.of("compiler-directives.json");

  private static String[] run(String... flags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UnlockDiagnosticVMOptions");
    cmd.addAll(List.of(flags));
    cmd.add("-XX:CompilerDirectivesFile=" + FILE.toAbsolutePath());
    cmd.add("-version");
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new String[] {Integer.toString(p.waitFor()), out, err};
  }

  @Test
  void theJvmAcceptsEveryDirective() throws Exception {
    assertTrue(Files.isRegularFile(FILE), "run from the spark module's folder");
    String[] r = run();
    assertEquals("0", r[0], r[2]);
    assertEquals("1 compiler directives added", r[1].strip(), r[1] + r[2]);
  }

  @Test
  void withTheLaunchersFlagsStandardOutputStaysEmpty() throws Exception {
    String[] r = run("-XX:-DisplayVMOutput");
    assertEquals("0", r[0], r[2]);
    assertEquals("", r[1]);
    assertTrue(r[2].contains("version"), r[2]);
  }
}
