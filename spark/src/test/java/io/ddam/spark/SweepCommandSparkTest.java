package io.ddam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddam sweep --engine spark} end to end, through the command line's own entry point. */
class SweepCommandSparkTest {
  @TempDir Path tmp;

  record Result(int exit, String out, String err) {
    long errLines() {
      return err.lines().filter(l -> !l.isBlank()).count();
    }
  }

  static Result ddam(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path spec() throws Exception {
    Path f = tmp.resolve("small-sweep.json");
    Files.writeString(f, "{\"name\": \"small\", \"instances\": [\"" + SweepFixtures.SYNTHETIC20 + "\"], \"rho\": [0, 0.75],"
        + " \"seeds\": 2, \"horizon\": [300], \"checkpoints\": [30], \"protocols\": [\"ogd\", \"cdogd\"],"
        + " \"designers\": [\"spt\"], \"transports\": [\"unicast\", \"aggregate\"]}");
    return f;
  }

  @Test
  void anUnreachableMasterGivesOneLineAndExit2WithinSecondsAndWritesNothing() throws Exception {
    Path out = tmp.resolve("out");
    long t0 = System.nanoTime();
    Result r = ddam("sweep", spec().toString(), "--out", out.toString(), "--engine", "spark",
        "--master", "spark://127.0.0.1:" + StandaloneCluster.freePort());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(Main.BAD_INPUT, r.exit(), r.err());
    assertEquals(1, r.errLines(), r.err());
    assertTrue(r.err().contains("unreachable"), r.err());
    assertTrue(seconds < 30, "took " + seconds + " s");
    assertFalse(Files.exists(out), "the output folder was created");
  }

  @Test
  void sparkLocal2WritesTheLocalEnginesRowsAndItsOwnParquetAndCsv() throws Exception {
    Path local = tmp.resolve("local");
    Path spark = tmp.resolve("spark");
    Result l = ddam("sweep", spec().toString(), "--out", local.toString(), "--threads", "2");
    assertEquals(Main.OK, l.exit(), l.err());
    Result s = ddam("sweep", spec().toString(), "--out", spark.toString(), "--engine", "spark", "--master", "local[2]");
    assertEquals(Main.OK, s.exit(), s.err());
    assertTrue(s.err().contains("4 of 4 cells to run"), s.err());
    byte[] rows = Files.readAllBytes(local.resolve("rows.csv"));
    assertArrayEquals(rows, Files.readAllBytes(spark.resolve("rows.csv")));
    assertArrayEquals(rows, SweepFixtures.sparkCsv(spark));
    assertTrue(Files.isRegularFile(spark.resolve("spark/parquet/_SUCCESS")));
    // The same spec again: nothing to compute, the tables rewritten whole.
    Result again = ddam("sweep", spec().toString(), "--out", spark.toString(), "--engine", "spark");
    assertEquals(Main.OK, again.exit(), again.err());
    assertTrue(again.err().contains("0 of 4 cells to run"), again.err());
    assertArrayEquals(rows, SweepFixtures.sparkCsv(spark));
  }

  @Test
  void theSparkSubmitEntryPointRunsTheSameSweep() throws Exception {
    Path local = tmp.resolve("local");
    assertEquals(Main.OK, ddam("sweep", spec().toString(), "--out", local.toString(), "--threads", "1").exit());
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    Path out = tmp.resolve("submitted");
    int code = SparkSweepMain.run(new String[] {spec().toString(), out.toString(), "--master", "local[2]"},
        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(java.nio.charset.StandardCharsets.UTF_8));
    byte[] rows = Files.readAllBytes(local.resolve("rows.csv"));
    assertArrayEquals(rows, Files.readAllBytes(out.resolve("rows.csv")));
    assertArrayEquals(rows, SweepFixtures.sparkCsv(out));
    // Bad input: one line, exit 2, nothing written.
    err.reset();
    Path none = tmp.resolve("none");
    code = SparkSweepMain.run(new String[] {tmp.resolve("missing.json").toString(), none.toString()},
        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals(1, err.toString(java.nio.charset.StandardCharsets.UTF_8).lines().count());
    assertFalse(Files.exists(none));
  }
}
