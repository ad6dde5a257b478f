package io.ddam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSmokeTest {
  @TempDir Path tmp;

  @Test
  void clusterRunsAJob() throws Exception {
    try (StandaloneCluster c = new StandaloneCluster(tmp, 2)) {
      SparkSession s = SparkSession.builder().master(c.masterUrl()).appName("smoke")
          .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1").config("spark.executor.memory", "512m")
          .config("spark.executor.cores", "1")
          .config("spark.executor.extraClassPath", Paths.get("target/test-classes").toAbsolutePath() + ":"
              + Paths.get("target/classes").toAbsolutePath())
          .getOrCreate();
      try {
        List<Integer> xs = new ArrayList<>();
        for (int i = 0; i < 8; i++) xs.add(i);
        long sum = new JavaSparkContext(s.sparkContext()).parallelize(xs, 8).map(x -> (long) x * x).reduce(Long::sum);
        assertEquals(140L, sum);
      } finally {
        s.stop();
      }
    }
  }
}
