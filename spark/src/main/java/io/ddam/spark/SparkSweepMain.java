package io.ddam.spark;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.SimulationCells;
import io.ddam.experiments.sweep.SweepFolder;
import io.ddam.experiments.sweep.SweepSpec;
import io.ddam.solver.DdamInputException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The entry point for {@code spark-submit} (docs/spark.md): runs a sweep spec into a result folder on the
 * master that spark-submit gives, as {@code ddam sweep SPEC --out DIR --engine spark} does, from the jar
 * {@code ddam-spark-VERSION-submit.jar} (ddam and its libraries, without Spark, which the cluster provides).
 *
 * <pre>spark-submit --class io.ddam.spark.SparkSweepMain ddam-spark-VERSION-submit.jar SPEC.json OUT_DIR</pre>
 */
public final class SparkSweepMain {
  private SparkSweepMain() {}

  /**
   * Runs the sweep and exits: 0 when done, 2 on bad input (one line on standard error), 1 on any other
   * failure.
   *
   * @param args {@code SPEC.json OUT_DIR [--master URL]}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  /**
   * Runs the sweep; the master is {@code --master}, else spark-submit's ({@code spark.master}), else
   * {@code local[*]}.
   *
   * @param args {@code SPEC.json OUT_DIR [--master URL]}
   * @param err  where progress and errors go
   * @return the exit code: 0 done, 1 failed, 2 bad input
   */
  static int run(String[] args, PrintStream err) {
    try {
      if (args.length != 2 && !(args.length == 4 && args[2].equals("--master"))) {
        throw new DdamInputException("usage: SparkSweepMain SPEC.json OUT_DIR [--master URL]");
      }
      SweepSpec spec = SweepSpec.read(Path.of(args[0]));
      SimulationCells.check(spec);
      String master = args.length == 4 ? args[3] : System.getProperty("spark.master", "local[*]");
      SimulationCells function = new SimulationCells();
      List<Cell> cells = spec.cells();
      // Started before the folder is opened: a bad master writes nothing.
      try (SparkSweepRunner runner = SparkSweepRunner.start(master, Map.of(), (c, n) -> { })) {
        SweepFolder folder = SweepFolder.open(Path.of(args[1]), spec, function.columns());
        List<Cell> todo = folder.missing(cells);
        err.printf("%d of %d cells to run (%s, spark %s)%n", todo.size(), cells.size(), args[1], master);
        runner.run(todo, function, folder.sink());
        folder.assemble(cells, false, r -> { });
        runner.writeTables(folder, cells, function.columns());
        err.println("wrote " + folder.dir().resolve(SweepFolder.ROWS_CSV) + " and " + folder.dir().resolve(SparkSweepRunner.TABLES));
      }
      return 0;
    } catch (DdamInputException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("error: " + e);
      return 1;
    }
  }
}
