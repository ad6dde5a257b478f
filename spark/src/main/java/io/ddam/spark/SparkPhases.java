package io.ddam.spark;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a Spark sweep's time goes: wall time, process CPU time and JIT compiler time at each phase's end
 * (context start, the cells' job, the tables, shutdown; the context starts on a thread of its own, so its phase overlaps the driver's), so that Spark's fixed
 * cost can be split without a profiler. Printed to standard error when the JVM runs with
 * {@code -Dddam.spark.phases=true} (e.g. in {@code DDAM_JAVA_OPTS}); otherwise it records nothing.
 */
final class SparkPhases {
  /** The system property that turns the report on. */
  static final String PROPERTY = "ddam.spark.phases";

  private final boolean on;
  private final List<String> names = new ArrayList<>();
  private final List<long[]> marks = new ArrayList<>();
  /** Tasks; their deserialisation CPU, run CPU, result serialisation, GC and run wall time (ms). */
  private final long[] tasks = new long[6];

  SparkPhases() {
    this.on = Boolean.getBoolean(PROPERTY);
    if (on) {
      mark("JVM start to the session builder (class loading, ddam's parsing)");
    }
  }

  /** Ends a phase now (from any thread: the context starts on its own). */
  synchronized void mark(String phase) {
    if (!on) {
      return;
    }
    names.add(phase);
    marks.add(new long[] {ManagementFactory.getRuntimeMXBean().getUptime(), cpuNanos() / 1_000_000, jitMillis()});
  }

  /**
   * Sums the task metrics of every finished task (Spark's own split of a task: deserialising it, running
   * it, serialising its result), printed with the phases.
   *
   * @param sc a started context
   */
  void listen(org.apache.spark.SparkContext sc) {
    if (!on) {
      return;
    }
    sc.addSparkListener(new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        org.apache.spark.executor.TaskMetrics m = end.taskMetrics();
        if (m != null) {
          synchronized (SparkPhases.this) {
            tasks[0]++;
            tasks[1] += m.executorDeserializeCpuTime() / 1_000_000;
            tasks[2] += m.executorCpuTime() / 1_000_000;
            tasks[3] += m.resultSerializationTime();
            tasks[4] += m.jvmGCTime();
            tasks[5] += m.executorRunTime();
          }
        }
      }
    });
  }

  /** Prints the phases, each with its own wall, CPU and JIT milliseconds, to {@code out}. */
  synchronized void print(PrintStream out) {
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
    out.printf(Locale.ROOT, "tasks: %d; CPU ms deserialising %d, running %d; result serialisation %d ms, GC %d ms, run wall %d ms%n",
        tasks[0], tasks[1], tasks[2], tasks[3], tasks[4], tasks[5]);
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
