package io.ddam.spark;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.CellFunction;
import io.ddam.experiments.sweep.LocalSweepRunner;
import io.ddam.experiments.sweep.SimulationCells;
import io.ddam.experiments.sweep.SweepFolder;
import io.ddam.experiments.sweep.SweepRow;
import io.ddam.experiments.sweep.SweepRunner;
import io.ddam.experiments.sweep.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Shared pieces of the Spark runner tests: a small real sweep, running it, and reading Spark's tables. */
final class SweepFixtures {
  private SweepFixtures() {}

  /** The synthetic 20-node instance, absolute so that executors in other folders find it. */
  static final Path SYNTHETIC20 = Path.of("../instances/synthetic20.json").toAbsolutePath().normalize();

  /**
   * A small sweep of synthetic20.
   *
   * @param rhos    the rho axis, JSON
   * @param seeds   number of seeds
   * @param horizon T
   * @return the spec
   */
  static SweepSpec spec(String rhos, int seeds, int horizon) {
    return SweepSpec.parse("{\"name\": \"spark-test\", \"instances\": [\"" + SYNTHETIC20 + "\"], \"rho\": " + rhos
        + ", \"seeds\": " + seeds + ", \"horizon\": [" + horizon + "], \"checkpoints\": [" + horizon / 10 + "],"
        + " \"protocols\": [\"ogd\", \"cdogd\"], \"designers\": [\"spt\"], \"transports\": [\"unicast\", \"aggregate\"]}",
        "spark-test.json");
  }

  /** What a run delivered: how often each cell id reached the sink. */
  static final class Counts {
    final Map<String, AtomicInteger> perCell = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();
  }

  /**
   * Runs every missing cell of {@code spec} into {@code dir} with {@code runner} and assembles rows.csv.
   *
   * @return how often each cell reached the sink
   */
  static Counts run(Path dir, SweepSpec spec, SweepRunner runner, Runnable afterEachCell) {
    CellFunction f = new SimulationCells();
    SweepFolder folder = SweepFolder.open(dir, spec, f.columns());
    List<Cell> cells = spec.cells();
    Counts counts = new Counts();
    var sink = folder.sink();
    runner.run(folder.missing(cells), f, (cell, rows) -> {
      sink.accept(cell, rows);
      counts.perCell.computeIfAbsent(cell.id(), k -> new AtomicInteger()).incrementAndGet();
      counts.total.incrementAndGet();
      afterEachCell.run();
    });
    folder.assemble(cells, false, r -> { });
    return counts;
  }

  /** rows.csv of a local run on one thread, as bytes. */
  static byte[] localRows(Path dir, SweepSpec spec) throws IOException {
    run(dir, spec, new LocalSweepRunner(1), () -> { });
    return Files.readAllBytes(dir.resolve(SweepFolder.ROWS_CSV));
  }

  /** The rows of a result folder's part files, as value lists, counted (a multiset). */
  static Map<List<Object>, Integer> partRows(Path dir, SweepSpec spec) {
    SweepFolder folder = SweepFolder.open(dir, spec, new SimulationCells().columns());
    Map<List<Object>, Integer> out = new HashMap<>();
    for (Cell c : spec.cells()) {
      for (SweepRow r : folder.rows(c)) {
        out.merge(r.values(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** The rows of Spark's Parquet table in a result folder, read back with Spark, counted. */
  static Map<List<Object>, Integer> parquetRows(SparkSession spark, Path dir) {
    Map<List<Object>, Integer> out = new HashMap<>();
    var it = spark.read().parquet(dir.resolve(SparkSweepRunner.TABLES).resolve(SparkSweepRunner.PARQUET).toString())
        .toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      List<Object> v = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        v.add(r.get(i));
      }
      out.merge(v, 1, Integer::sum);
    }
    return out;
  }

  /** The one CSV file Spark wrote in a result folder. */
  static byte[] sparkCsv(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve(SparkSweepRunner.TABLES).resolve(SparkSweepRunner.CSV))) {
      List<Path> csv = s.filter(p -> p.getFileName().toString().endsWith(".csv")).toList();
      if (csv.size() != 1) {
        throw new AssertionError("expected one CSV file, found " + csv);
      }
      return Files.readAllBytes(csv.get(0));
    }
  }
}
