package io.ddam.spark;

import io.ddam.experiments.sweep.SweepEngine;
import io.ddam.experiments.sweep.SweepRunner;
import java.util.Map;

/**
 * The {@code spark} sweep engine, found by {@code ddam sweep --engine spark} through
 * {@link java.util.ServiceLoader} (META-INF/services), so that the command line compiles and starts
 * without Spark.
 */
public final class SparkSweepEngine implements SweepEngine {
  /** The engine's name, as given to {@code --engine}. */
  public static final String NAME = "spark";

  /** Creates the engine (ServiceLoader needs a public no-argument constructor). */
  public SparkSweepEngine() {
    // Nothing to set up until a runner is asked for.
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A started Spark runner ({@link SparkSweepRunner}); the caller closes it.
   *
   * @param threads task slots for the default master {@code local[threads]}
   * @param options {@code master}: the Spark master URL (default {@code local[threads]})
   * @return the runner, its Spark session started
   * @throws io.ddam.solver.DdamInputException if the master is malformed, unsupported or unreachable
   */
  @Override
  public SweepRunner runner(int threads, Map<String, String> options) {
    String master = options.getOrDefault("master", "local[" + Math.max(1, threads) + "]");
    return SparkSweepRunner.start(master, Map.of(), (cell, nanos) -> { });
  }
}
