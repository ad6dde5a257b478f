package io.ddam.spark;

import io.ddam.experiments.sweep.LocalSweepRunner;
import io.ddam.experiments.sweep.SweepEngine;
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
    // Nothing to set up until open.
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Session open(String master, LocalSweepRunner.Listener listener) {
    return SparkSweepRunner.start(master, Map.of(), listener);
  }
}
