package io.ddam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.experiments.sweep.SimulationCells;
import io.ddam.experiments.sweep.SweepFolder;
import io.ddam.experiments.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster (a master and two workers on 127.0.0.1, started from the module's jars):
 * a sweep submitted to it loses a worker half-way and still delivers every cell exactly once, with the
 * local runner's rows; Spark's Parquet and CSV of the result are written on the surviving worker.
 */
@Tag("spark-cluster")
class StandaloneClusterTest {
  @TempDir Path tmp;

  @Test
  void aSweepSurvivesALostWorkerWithEveryCellOnceAndTheLocalRows() throws Exception {
    // 8 cells on two one-core executors: after the second cell arrives, six are queued or in flight.
    SweepSpec s = SweepFixtures.spec("[0, 0.25, 0.5, 0.75]", 2, 1000);
    byte[] local = SweepFixtures.localRows(tmp.resolve("local"), s);
    try (StandaloneCluster cluster = new StandaloneCluster(tmp.resolve("cluster"), 2)) {
      Map<String, String> conf = Map.of(
          "spark.executor.memory", "512m",
          "spark.executor.cores", "1",
          "spark.driver.host", "127.0.0.1",
          "spark.driver.bindAddress", "127.0.0.1",
          "spark.ui.enabled", "false",
          // The workers' SPARK_HOME/jars are the module's dependencies; its own classes are still a folder.
          "spark.executor.extraClassPath", Paths.get("target/classes").toAbsolutePath().toString(),
          "spark.executor.extraJavaOptions", "-XX:+UseSerialGC",
          "spark.jars", "");
      AtomicInteger removed = new AtomicInteger();
      AtomicBoolean killed = new AtomicBoolean();
      try (SparkSweepRunner runner = SparkSweepRunner.start(cluster.masterUrl(), conf, (c, n) -> { })) {
        runner.context().addSparkListener(new SparkListener() {
          @Override
          public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
            removed.incrementAndGet();
          }
        });
        Path out = tmp.resolve("spark");
        AtomicInteger seen = new AtomicInteger();
        SweepFixtures.Counts counts = SweepFixtures.run(out, s, runner, () -> {
          // After the second cell, a worker (and its executor) dies, with its current cell unfinished.
          if (seen.incrementAndGet() == 2 && killed.compareAndSet(false, true)) {
            cluster.killWorker(1);
          }
        });
        assertTrue(killed.get());
        assertEquals(8, counts.perCell.size(), "cells delivered");
        counts.perCell.forEach((id, n) -> assertEquals(1, n.get(), "cell " + id + " delivered " + n + " times"));
        assertEquals(8, counts.total.get());
        assertArrayEquals(local, Files.readAllBytes(out.resolve(SweepFolder.ROWS_CSV)),
            "the cluster's rows differ from the local runner's");

        runner.writeTables(SweepFolder.open(out, s, new SimulationCells().columns()), s.cells(),
            new SimulationCells().columns());
        assertArrayEquals(local, SweepFixtures.sparkCsv(out), "Spark's CSV differs from the local rows.csv");
        assertEquals(SweepFixtures.partRows(tmp.resolve("local"), s), SweepFixtures.parquetRows(runner.session(), out));
        // The driver noticed the lost executor (listener events are asynchronous: give them a moment).
        for (int i = 0; i < 50 && removed.get() == 0; i++) {
          Thread.sleep(100);
        }
        assertTrue(removed.get() >= 1, "no executor was lost: the kill did not hit the sweep");
      }
    }
  }
}
