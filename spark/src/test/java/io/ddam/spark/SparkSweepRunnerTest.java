package io.ddam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.CellFunction;
import io.ddam.experiments.sweep.Column;
import io.ddam.experiments.sweep.SimulationCells;
import io.ddam.experiments.sweep.SweepEngine;
import io.ddam.experiments.sweep.SweepFolder;
import io.ddam.experiments.sweep.SweepRow;
import io.ddam.experiments.sweep.SweepSpec;
import io.ddam.solver.DdamInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark runner on {@code local[2]} against the local runner, row for row. */
class SparkSweepRunnerTest {
  static SparkSweepRunner spark;
  static final Map<String, Long> finished = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    spark = SparkSweepRunner.start("local[2]", Map.of(), (cell, nanos) -> finished.put(cell.id(), nanos));
  }

  @AfterAll
  static void stop() {
    spark.close();
  }

  @Test
  void local2GivesTheLocalRunnersRowsAndSparkWritesThemAsParquetAndCsv(@TempDir Path tmp) throws Exception {
    SweepSpec s = SweepFixtures.spec("[0, 0.75]", 2, 300);
    byte[] local = SweepFixtures.localRows(tmp.resolve("local"), s);
    Path out = tmp.resolve("spark");
    SweepFixtures.Counts counts = SweepFixtures.run(out, s, spark, () -> { });
    // Every cell reached the sink once, and the listener heard of it.
    assertEquals(4, counts.perCell.size());
    counts.perCell.values().forEach(n -> assertEquals(1, n.get()));
    for (Cell c : s.cells()) {
      assertTrue(finished.containsKey(c.id()), c.id());
    }
    byte[] viaSpark = Files.readAllBytes(out.resolve(SweepFolder.ROWS_CSV));
    assertArrayEquals(local, viaSpark, "rows.csv differs between the local and the Spark runner");
    assertEquals(1 + 4 * 4 * 2, new String(local).lines().count());

    spark.writeTables(SweepFolder.open(out, s, new SimulationCells().columns()), s.cells(), new SimulationCells().columns());
    // Spark's CSV is the local rows.csv byte for byte (grid order, same number formatting).
    assertArrayEquals(local, SweepFixtures.sparkCsv(out), "Spark's CSV differs from rows.csv");
    // Neither the cells' job nor the tables needed Spark SQL: no session was made.
    assertTrue(org.apache.spark.sql.SparkSession.getDefaultSession().isEmpty(), "the runner made a SparkSession");
    assertTrue(org.apache.spark.sql.SparkSession.getActiveSession().isEmpty(), "the runner made a SparkSession");
    // Spark's Parquet holds the same typed values (doubles to the bit).
    var parquet = SweepFixtures.parquetRows(spark.session(), out);
    assertEquals(SweepFixtures.partRows(tmp.resolve("local"), s), parquet);
    // Written by the Parquet library in RDD tasks, read back by Spark SQL with the sweep's own schema
    // (names, types, nullability), and in grid order when the files are read in name order.
    var back = spark.session().read().parquet(out.resolve(SparkSweepRunner.TABLES).resolve(SparkSweepRunner.PARQUET).toString());
    assertEquals(SparkSweepRunner.schema(new SimulationCells().columns()), back.schema());
    List<String> cellOrder = new ArrayList<>();
    try (var files = Files.list(out.resolve(SparkSweepRunner.TABLES).resolve(SparkSweepRunner.PARQUET))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
        for (var r : spark.session().read().parquet(f.toString()).select("cell").collectAsList()) {
          cellOrder.add(r.getString(0));
        }
      }
    }
    List<String> want = new ArrayList<>();
    for (String line : new String(local, java.nio.charset.StandardCharsets.UTF_8).lines().skip(1).toList()) {
      want.add(line.substring(0, line.indexOf(',')));
    }
    assertEquals(want, cellOrder, "Parquet rows in grid order");
    assertFalse(Files.list(out).anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "a temporary folder is left");

    // Written again (a resumed sweep), the tables are replaced, not mixed.
    spark.writeTables(SweepFolder.open(out, s, new SimulationCells().columns()), s.cells(), new SimulationCells().columns());
    assertEquals(parquet, SweepFixtures.parquetRows(spark.session(), out));
  }

  /** A cheap cell function: a bad input in one cell, the rest fine. */
  static final class Picky implements CellFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Column> columns() {
      return List.of(new Column("cell", Column.Type.STRING), new Column("x", Column.Type.DOUBLE));
    }

    @Override
    public List<SweepRow> apply(Cell cell) {
      if (cell.index() == 2) {
        throw new DdamInputException("bad.json", 3, "edge 1-2 has delay 0");
      }
      return List.of(new SweepRow(List.of(cell.id(), Math.sqrt(cell.index()))));
    }
  }

  @Test
  void aBadInputInACellIsReportedAsItselfNotAsASparkFailure() {
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      cells.add(new Cell(i, Cell.idOf("c" + i), "c" + i, Map.of("i", (long) i)));
    }
    AtomicInteger delivered = new AtomicInteger();
    DdamInputException e = assertThrows(DdamInputException.class,
        () -> spark.run(cells, new Picky(), (c, rows) -> delivered.incrementAndGet()));
    assertEquals("bad.json", e.source());
    assertTrue(e.getMessage().contains("delay 0"), e.getMessage());
    assertTrue(delivered.get() <= 3);
  }

  @Test
  void anUnreachableMasterFailsFastAndStartsNothing(@TempDir Path tmp) {
    long t0 = System.nanoTime();
    assertThrows(DdamInputException.class, () -> SparkSweepRunner.start("spark://127.0.0.1:" + StandaloneCluster.freePort(),
        Map.of(), (c, n) -> { }));
    assertTrue(System.nanoTime() - t0 < 30_000_000_000L);
    // The running local session is still the one in use: nothing was started on the dead master.
    assertEquals("local[2]", spark.context().master());
  }

  @Test
  void theFootersSchemaTextIsSparkSqlsOwn() {
    // Built by hand (so that writing the tables loads no Spark SQL class), checked against Spark SQL.
    List<Column> cols = new ArrayList<>(new SimulationCells().columns());
    cols.add(new Column("odd \"name\\", Column.Type.LONG));
    assertEquals(SparkSweepRunner.schema(cols).json(), SparkSweepRunner.sparkSchemaJson(cols));
  }

  @Test
  void theEngineIsFoundByName() {
    assertSame(SparkSweepEngine.class, SweepEngine.byName("spark").orElseThrow().getClass());
  }

  @Test
  void aClusterGetsDdamsJarsButNotSparksOwn() {
    List<String> jars = SparkSweepRunner.ownJars();
    java.util.function.Predicate<String> has = re -> jars.stream().anyMatch(j -> Path.of(j).getFileName().toString().matches(re));
    assertTrue(has.test("jgrapht-core-.*\\.jar"), jars.toString());
    assertTrue(has.test("ejml-ddense-.*\\.jar"), jars.toString());
    assertTrue(has.test("ddam-experiments-.*\\.jar") || has.test("classes"), jars.toString());
    assertTrue(has.test("ortools-java-.*\\.jar"), jars.toString());
    assertFalse(has.test("spark-.*|scala-.*|hadoop-.*"), jars.toString());
  }
}
