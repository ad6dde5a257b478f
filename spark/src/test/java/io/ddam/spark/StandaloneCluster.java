package io.ddam.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: one {@code deploy.master.Master} and N
 * {@code deploy.worker.Worker} JVMs, all run from the module's own jars (target/lib), with no Spark download.
 *
 * <p>The workers launch executors with Spark's launcher, which needs a SPARK_HOME holding {@code jars/} and a
 * {@code RELEASE} file (else "Cannot find any build directories") and SPARK_SCALA_VERSION; this class makes
 * such a folder of symlinks under the given directory. Every JVM gets Spark's {@code --add-opens} list.
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path dir;
  private final Path sparkHome;
  private final int masterPort;
  private Process master;
  private final List<Process> workers = new ArrayList<>();

  /**
   * Starts a master and {@code workerCount} workers of one core and 512 MB each.
   *
   * @param dir a scratch folder for SPARK_HOME, logs and work dirs
   * @param workerCount number of workers
   * @throws IOException when a JVM cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  StandaloneCluster(Path dir, int workerCount) throws IOException, InterruptedException {
    this.dir = dir;
    this.sparkHome = dir.resolve("spark-home");
    makeSparkHome();
    masterPort = freePort();
    master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())));
    waitForLog(dir.resolve("master.log"), "I have been elected leader", master);
    for (int w = 0; w < workerCount; w++) {
      Path work = Files.createDirectories(dir.resolve("work-" + w));
      workers.add(start("worker-" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--cores", "1", "--memory", "512m", "--webui-port", Integer.toString(freePort()),
          "--work-dir", work.toString(), masterUrl())));
    }
    for (int w = 0; w < workerCount; w++) {
      waitForLog(dir.resolve("worker-" + w + ".log"), "Successfully registered with master", workers.get(w));
    }
  }

  /**
   * The master's URL.
   *
   * @return {@code spark://127.0.0.1:PORT}
   */
  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * Kills a worker and every process it started (its executors), as a lost machine would.
   *
   * @param index which worker
   */
  void killWorker(int index) {
    Process p = workers.get(index);
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /**
   * The Spark jars folder the workers use.
   *
   * @return SPARK_HOME
   */
  Path sparkHome() {
    return sparkHome;
  }

  @Override
  public void close() {
    List<Process> all = new ArrayList<>(workers);
    if (master != null) {
      all.add(master);
    }
    for (Process p : all) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : all) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The module's runtime jars (target/lib, copied by the build before the tests run).
   *
   * @return the jars folder
   */
  static Path libDir() {
    Path lib = Paths.get("target", "lib").toAbsolutePath();
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException("no " + lib + ": build the module with Maven first");
    }
    return lib;
  }

  private void makeSparkHome() throws IOException {
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    try (Stream<Path> s = Files.list(libDir())) {
      for (Path jar : (Iterable<Path>) s::iterator) {
        Path link = jars.resolve(jar.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, jar);
        }
      }
    }
    if (!Files.exists(sparkHome.resolve("RELEASE"))) {
      Files.createFile(sparkHome.resolve("RELEASE"));
    }
  }

  private Process start(String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + "/*");
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    return pb.start();
  }

  private static void waitForLog(Path log, String marker, Process p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(marker)) {
        return;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("a Spark daemon exited; its log " + log + ":\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no '" + marker + "' in " + log + " within 60 s");
  }

  /**
   * A port free at the time of the call.
   *
   * @return a port number
   */
  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether something accepts connections on a local port.
   *
   * @param port the port
   * @return true when a connection succeeds
   */
  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
