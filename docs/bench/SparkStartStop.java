package io.ddam.spark;

import java.util.Map;

/**
 * Spark's fixed cost alone (docs/benchmarks.md, "Spark's fixed cost, session 6"): starts the sweep runner's
 * Spark context exactly as {@code ddam sweep --engine spark} does (same settings, same background thread),
 * waits for it, and stops it; no spec, no cells, no tables. Compiled and run by docs/bench/spark_fixed_cost.sh
 * against the built jars (it is in the runner's package to reach the same start-up code).
 */
public final class SparkStartStop {
  private SparkStartStop() {}

  /**
   * Starts and stops one context.
   *
   * @param args the master URL (default {@code local[2]})
   */
  public static void main(String[] args) {
    String master = args.length > 0 ? args[0] : "local[2]";
    try (SparkSweepRunner r = SparkSweepRunner.start(master, Map.of(), (c, n) -> { })) {
      r.context();
    }
  }
}
