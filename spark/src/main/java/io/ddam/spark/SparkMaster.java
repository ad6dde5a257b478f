package io.ddam.spark;

import io.ddam.solver.DdamInputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a {@code --master} URL before any Spark class is started, so that a typo or an unreachable master
 * gives one line and exit code 2 within seconds, with nothing written. Spark itself would retry a dead
 * standalone master three times 20 s apart before giving up, and would start a whole driver first.
 */
public final class SparkMaster {
  /** How long one TCP connection attempt to a master may take. */
  static final int CONNECT_TIMEOUT_MS = 5_000;

  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");

  private SparkMaster() {}

  /**
   * Checks {@code master}: {@code local}, {@code local[N]}, {@code local[*]} and {@code local[N,F]} are
   * always fine; {@code spark://HOST:PORT[,HOST:PORT...]} and {@code k8s://[https://]HOST:PORT} must
   * accept a TCP connection (one of the hosts for a standalone master list); {@code yarn} and
   * {@code k8s://} need Spark's YARN or Kubernetes module on the class path, which the cluster's own Spark
   * provides under {@code spark-submit}.
   *
   * @param master the master URL as the user gave it
   * @return the same URL, when it is usable
   * @throws DdamInputException naming {@code --master} when it is malformed, unsupported here, or unreachable
   */
  public static String check(String master) {
    if (master == null || master.isBlank()) {
      throw new DdamInputException("--master", 0, "is empty; give local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT");
    }
    if (LOCAL.matcher(master).matches()) {
      return master;
    }
    if (master.startsWith("spark://")) {
      List<InetSocketAddress> hosts = new ArrayList<>();
      for (String hp : master.substring("spark://".length()).split(",")) {
        hosts.add(hostPort(master, hp));
      }
      probe(master, hosts);
      return master;
    }
    if (master.equals("yarn")) {
      needModule(master, "org.apache.spark.deploy.yarn.YarnClusterManager", "YARN");
      return master;
    }
    if (master.startsWith("k8s://")) {
      String rest = master.substring("k8s://".length());
      String hp = rest.replaceFirst("^https?://", "");
      int slash = hp.indexOf('/');
      if (slash >= 0) {
        hp = hp.substring(0, slash);
      }
      InetSocketAddress a = hp.contains(":") ? hostPort(master, hp)
          : InetSocketAddress.createUnresolved(hp, rest.startsWith("http://") ? 80 : 443);
      needModule(master, "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager", "Kubernetes");
      probe(master, List.of(a));
      return master;
    }
    throw new DdamInputException("--master", 0, "'" + master
        + "' is not a Spark master URL; give local[*], local[N], spark://HOST:PORT, yarn or k8s://HOST:PORT");
  }

  private static InetSocketAddress hostPort(String master, String hp) {
    try {
      URI u = new URI("tcp://" + hp);
      if (u.getHost() == null || u.getPort() < 1) {
        throw new IllegalArgumentException("no host and port");
      }
      return InetSocketAddress.createUnresolved(u.getHost(), u.getPort());
    } catch (Exception e) {
      throw new DdamInputException("--master", 0, "'" + master + "': '" + hp + "' is not HOST:PORT");
    }
  }

  private static void probe(String master, List<InetSocketAddress> hosts) {
    String why = "";
    for (InetSocketAddress unresolved : hosts) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(unresolved.getHostString(), unresolved.getPort()), CONNECT_TIMEOUT_MS);
        return;
      } catch (IOException | IllegalArgumentException e) {
        why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
    }
    throw new DdamInputException("--master", 0, master + " is unreachable (" + why + "); is the master running?");
  }

  private static void needModule(String master, String className, String what) {
    try {
      Class.forName(className, false, SparkMaster.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new DdamInputException("--master", 0, master + " needs Spark's " + what
          + " module, which ddam-spark does not bundle; submit the sweep with the cluster's spark-submit"
          + " (docs/spark.md)");
    }
  }
}
