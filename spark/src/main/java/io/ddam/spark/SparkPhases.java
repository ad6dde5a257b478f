package io.ddam.spark;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a Spark sweep's time goes: wall time, process CPU time and JIT compiler time at each phase's end
 * (session start, the cells' job, the Parquet write, the CSV write, shutdown), so that Spark's fixed
 * cost can be split without a profiler. Printed to standard error when the JVM runs with
 * {@code -Dddam.spark.phases=true} (e.g. in {@code DDAM_JAVA_OPTS}); otherwise it records nothing.
 */
final class SparkPhases {
  /** The system property that turns the report on. */
  static final String PROPERTY = "ddam.spark.phases";

  private final boolean on;
  private final List<String> names = new ArrayList<>();
  private final List<long[]> marks = new ArrayList<>();

  SparkPhases() {
    this.on = Boolean.getBoolean(PROPERTY);
    if (on) {
      mark("JVM start to the session builder (class loading, ddam's parsing)");
    }
  }

  /** Ends a phase now. */
  void mark(String phase) {
    if (!on) {
      return;
    }
    names.add(phase);
    marks.add(new long[] {ManagementFactory.getRuntimeMXBean().getUptime(), cpuNanos() / 1_000_000, jitMillis()});
  }

  /** Prints the phases, each with its own wall, CPU and JIT milliseconds, to {@code out}. */
  void print(PrintStream out) {
    if (!on || marks.isEmpty()) {
      return;
    }
    out.println("spark phases (ms): wall, process CPU, JIT compiler threads");
    long[] prev = {0, 0, 0};
    for (int i = 0; i < marks.size(); i++) {
      long[] m = marks.get(i);
      out.printf(Locale.ROOT, "%8d %8d %8d  %s%n", m[0] - prev[0], m[1] - prev[1], m[2] - prev[2], names.get(i));
      prev = m;
    }
    out.printf(Locale.ROOT, "%8d %8d %8d  total%n", prev[0], prev[1], prev[2]);
    out.flush();
  }

  private static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static long jitMillis() {
    CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
  }
}
