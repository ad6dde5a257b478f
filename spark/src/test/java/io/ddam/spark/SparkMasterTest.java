package io.ddam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class SparkMasterTest {
  @Test
  void localMastersPassWithoutAnyConnection() {
    for (String m : new String[] {"local", "local[2]", "local[*]", "local[4,3]"}) {
      assertEquals(m, SparkMaster.check(m));
    }
  }

  @Test
  void malformedMastersNameTheOption() {
    for (String m : new String[] {"", "local[0]", "local[x]", "mesos://h:5050", "spark://", "spark://host",
        "spark://host:notaport", "k8s://"}) {
      DdamInputException e = assertThrows(DdamInputException.class, () -> SparkMaster.check(m), m);
      assertEquals("--master", e.source(), m);
    }
  }

  @Test
  void aDeadStandaloneMasterFailsWithinSeconds() {
    int port = StandaloneCluster.freePort(); // nothing listens there
    long t0 = System.nanoTime();
    DdamInputException e = assertThrows(DdamInputException.class,
        () -> SparkMaster.check("spark://127.0.0.1:" + port));
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "took too long");
    assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
  }

  @Test
  void aListeningMasterPasses() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      String m = "spark://127.0.0.1:" + StandaloneCluster.freePort() + ",127.0.0.1:" + s.getLocalPort();
      assertEquals(m, SparkMaster.check(m)); // one live master of a list is enough
    }
  }

  @Test
  void yarnAndKubernetesNeedTheirModules() {
    // ddam-spark bundles neither: the message sends the user to spark-submit.
    DdamInputException e = assertThrows(DdamInputException.class, () -> SparkMaster.check("yarn"));
    assertTrue(e.getMessage().contains("spark-submit"), e.getMessage());
    e = assertThrows(DdamInputException.class, () -> SparkMaster.check("k8s://https://127.0.0.1:6443"));
    assertTrue(e.getMessage().contains("Kubernetes"), e.getMessage());
  }
}
