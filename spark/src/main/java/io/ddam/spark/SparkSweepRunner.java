package io.ddam.spark;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.CellFunction;
import io.ddam.experiments.sweep.Column;
import io.ddam.experiments.sweep.CsvRows;
import io.ddam.experiments.sweep.LocalSweepRunner;
import io.ddam.experiments.sweep.RowSink;
import io.ddam.experiments.sweep.SweepRunner;
import io.ddam.experiments.sweep.SweepTables;
import io.ddam.experiments.sweep.SweepFolder;
import io.ddam.experiments.sweep.SweepRow;
import io.ddam.solver.DdamInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The Spark runner of sweeps ({@code ddam sweep --engine spark --master URL}): one cell per Spark task,
 * through the same pure {@link CellFunction} as {@link LocalSweepRunner}, so the rows are the same bits.
 *
 * <p>Each task sends its one cell's rows back to the driver, which hands them to the sink as each task
 * finishes ({@code SparkContext.runJob} with a result handler): the driver holds only the cells just
 * finished, never the whole result set, and a sweep stopped half-way keeps every finished cell. Spark
 * delivers each partition's result once, however often a task ran (a lost executor's tasks are rerun),
 * so every cell reaches the sink exactly once. {@link #writeTables} then has Spark write the finished
 * result set as Parquet and CSV, reading the part files on the executors.
 */
public final class SparkSweepRunner implements SweepRunner, SweepTables, AutoCloseable {
  /** Subfolder of a result folder that holds Spark's tables. */
  public static final String TABLES = "spark";
  /** The Parquet dataset in {@link #TABLES}. */
  public static final String PARQUET = "parquet";
  /** The CSV dataset (one file) in {@link #TABLES}. */
  public static final String CSV = "csv";

  private final FutureTask<SparkContext> context;
  private final LocalSweepRunner.Listener listener;
  private final SparkPhases phases;

  private SparkSweepRunner(FutureTask<SparkContext> context, LocalSweepRunner.Listener listener, SparkPhases phases) {
    this.context = context;
    this.listener = listener;
    this.phases = phases;
  }

  /**
   * Checks the master ({@link SparkMaster#check}) and starts a Spark context on it, on a background
   * thread: the caller goes on (reading the spec, checking the instances, expanding the cells) while
   * Spark starts, and the first Spark call waits for it. Settings named {@code spark.*} in the JVM's
   * system properties apply too (e.g. {@code -Dspark.executor.memory=2g}). For a cluster master the jars
   * of ddam's own classes are shipped to the executors ({@code spark.jars}), unless that setting is given.
   *
   * @param master   a Spark master URL
   * @param conf     extra Spark settings, applied last
   * @param listener told of each finished cell, on the driver
   * @return a runner whose context is starting; close it when done
   * @throws DdamInputException if the master is malformed, unsupported or unreachable (nothing started)
   */
  public static SparkSweepRunner start(String master, Map<String, String> conf, LocalSweepRunner.Listener listener) {
    SparkMaster.check(master);
    Objects.requireNonNull(listener, "listener");
    SparkPhases phases = new SparkPhases();
    if (System.getProperty("log4j2.configurationFile") == null) {
      // Before Spark's first log line: errors only, as a command line should (its INFO chatter is pages).
      System.setProperty("log4j2.configurationFile", "io/ddam/spark/log4j2-sweep.properties");
    }
    SparkConf sc = conf(master, conf);
    // A bare SparkContext, no SparkSession: the runner's jobs are RDD jobs, and a session would load
    // Spark SQL's classes (catalyst) for nothing. Started on its own thread, so that its few seconds
    // overlap the driver's own start (docs/benchmarks.md, "Spark's fixed cost, session 5").
    FutureTask<SparkContext> context = new FutureTask<>(() -> {
      SparkContext c = SparkContext.getOrCreate(sc);
      phases.mark("context start (background thread)");
      phases.listen(c);
      return c;
    });
    Thread t = new Thread(context, "ddam-spark-start");
    t.setDaemon(true);
    t.start();
    return new SparkSweepRunner(context, listener, phases);
  }

  /**
   * The Spark settings of a sweep on {@code master}: lean defaults, then {@code conf}.
   *
   * @param master a checked master URL
   * @param conf   extra settings, applied last
   * @return the configuration (which also reads {@code spark.*} system properties)
   */
  static SparkConf conf(String master, Map<String, String> conf) {
    boolean local = master.startsWith("local");
    SparkConf b = new SparkConf().setMaster(master).setAppName("ddam sweep");
    // Tasks are whole simulations: never run one twice at once, and keep the start-up lean.
    setting(b, conf, "spark.speculation", "false");
    setting(b, conf, "spark.ui.showConsoleProgress", "false");
    // The sweep's tasks read no input blocks: waiting for a "local" slot only delays them.
    setting(b, conf, "spark.locality.wait", "0s");
    // For SQL that callers run on a session of this context, whole-stage and Janino code generation cost
    // more than they save on a sweep's few rows (the runner itself uses no Spark SQL).
    setting(b, conf, "spark.sql.adaptive.enabled", "false");
    setting(b, conf, "spark.sql.codegen.wholeStage", "false");
    setting(b, conf, "spark.sql.codegen.factoryMode", "NO_CODEGEN");
    if (local) {
      // No web UI (a second of start-up) and no address lookups for a single-JVM run.
      b.set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1");
    } else if (System.getProperty("spark.jars") == null && !conf.containsKey("spark.jars")) {
      String jars = String.join(",", ownJars());
      if (!jars.isEmpty()) {
        b.set("spark.jars", jars);
      }
    }
    conf.forEach(b::set);
    return b;
  }

  /** Sets {@code key} unless a {@code spark.*} system property or {@code conf} gives it. */
  private static void setting(SparkConf b, Map<String, String> conf, String key, String value) {
    if (System.getProperty(key) == null && !conf.containsKey(key)) {
      b.set(key, value);
    }
  }

  /**
   * The jar files that hold ddam's classes and the libraries they use beyond Spark's own, as this JVM
   * loaded them; empty entries for classes loaded from folders (a build tree).
   */
  static List<String> ownJars() {
    Set<String> out = new LinkedHashSet<>();
    for (String name : new String[] {"io.ddam.spark.SparkSweepRunner", "io.ddam.experiments.sweep.Cell",
        "io.ddam.experiments.run.Simulation", "io.ddam.solver.DdamInputException", "org.jgrapht.Graph",
        "org.jheaps.AddressableHeap", "org.apfloat.Apfloat", "org.ejml.data.DMatrixRMaj",
        "org.ejml.dense.row.CommonOps_DDRM", "com.google.ortools.Loader", "com.sun.jna.Native"}) {
      try {
        Class<?> c = Class.forName(name, false, SparkSweepRunner.class.getClassLoader());
        var src = c.getProtectionDomain().getCodeSource();
        if (src != null && src.getLocation() != null) {
          Path p = Paths.get(src.getLocation().toURI());
          if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
            out.add(p.toAbsolutePath().toString());
            if (name.startsWith("com.google.ortools")) {
              // OR-Tools' native libraries live in a sibling jar with no classes to find it by.
              try (Stream<Path> sib = Files.list(p.getParent())) {
                sib.filter(q -> q.getFileName().toString().matches("ortools-(linux|darwin|win32).*\\.jar"))
                    .forEach(q -> out.add(q.toAbsolutePath().toString()));
              }
            }
          }
        }
      } catch (ClassNotFoundException | java.net.URISyntaxException | SecurityException | IOException e) {
        // Not on the class path (e.g. OR-Tools when unused): nothing to ship.
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The Spark context, once started (waits for the background start).
   *
   * @return the context this runner runs on
   * @throws IllegalStateException if Spark could not start (the cause attached)
   */
  public SparkContext context() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return context.get();
        } catch (InterruptedException e) {
          // Starting Spark cannot be abandoned half-way (close() must stop it): wait, then re-interrupt.
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof DdamInputException die) {
        throw die;
      }
      throw new IllegalStateException("Spark did not start: " + (c == null ? e : c), c == null ? e : c);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A Spark SQL session on this runner's context, for callers that want Spark SQL itself (e.g. to read
   * the Parquet table back); the runner never creates one itself.
   *
   * @return the active session of {@link #context()}, created on first use
   */
  public SparkSession session() {
    context();
    return SparkSession.builder().getOrCreate();
  }

  @Override
  public void run(List<Cell> cells, CellFunction function, RowSink sink) {
    if (cells.isEmpty()) {
      return;
    }
    List<Cell> order = new ArrayList<>(cells);
    // Dearest first, as the local runner: Spark starts tasks in partition order.
    order.sort(Comparator.comparingDouble((Cell c) -> -function.cost(c)));
    SparkContext sc = context();
    phases.mark("driver: spec, instances, cells, then waiting for the context");
    // One cell per partition: parallelize slices n items into n partitions of one item each.
    JavaRDD<Cell> rdd = new JavaSparkContext(sc).parallelize(order, order.size());
    ClassTag<CellResult> tag = ClassTag$.MODULE$.apply(CellResult.class);
    sc.setJobDescription("ddam sweep: " + order.size() + " cells");
    try {
      sc.runJob(rdd.rdd(), new CellTask(function), new Deliver(order, sink, listener), tag);
      phases.mark("the cells' job (" + order.size() + " cells)");
    } catch (Exception e) {
      // Scala throws SparkException (checked in Java) through runJob: a failed task or a failing sink.
      throw unwrap(e);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /** Rethrows the user-facing problem behind a failed job (a bad input in a cell, a sink error). */
  private static RuntimeException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DdamInputException die) {
        return die;
      }
      if (t instanceof UncheckedIOException uio) {
        return uio;
      }
    }
    String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    return new IllegalStateException("the Spark job failed: " + msg, e);
  }

  @Override
  public void writeTables(SweepFolder folder, List<Cell> cells, List<Column> columns) {
    Path dir = folder.dir().toAbsolutePath();
    Path tmp = dir.resolve(TABLES + ".tmp-" + UUID.randomUUID());
    Path done = dir.resolve(TABLES);
    List<String> parts = new ArrayList<>(cells.size());
    for (Cell c : cells) {
      parts.add(folder.part(c).toAbsolutePath().toString());
    }
    SparkContext sc = context();
    JavaSparkContext jsc = new JavaSparkContext(sc);
    try {
      sc.setJobDescription("ddam sweep: Parquet and CSV of " + cells.size() + " cells");
      phases.mark("rows.csv and summary (ddam, driver)");
      // Both tables from one Spark task that reads each part file once, with the Parquet library and plain
      // text output: Spark SQL's writers needed its session state, a query plan and the JIT of both for one
      // small write, and a second job (Hadoop's text output) cost its scheduling, committer and class
      // loading again (docs/benchmarks.md, "Spark's fixed cost, split" and session 5).
      Files.createDirectories(tmp.resolve(PARQUET));
      Files.createDirectories(tmp.resolve(CSV));
      jsc.parallelize(parts, 1)
          .mapPartitions(new TablesTask(columns, tmp.resolve(PARQUET).toString(), tmp.resolve(CSV).toString()))
          .count();
      Files.createFile(tmp.resolve(PARQUET).resolve("_SUCCESS"));
      Files.createFile(tmp.resolve(CSV).resolve("_SUCCESS"));
      phases.mark("Parquet and CSV tables (one task)");
      // Replace the previous tables in one rename, so the folder never holds a half-written set.
      deleteTree(done);
      Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + done + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw unwrap(e);
    } finally {
      sc.setJobDescription(null);
      try {
        deleteTree(tmp);
      } catch (IOException e) {
        // A leftover temporary folder is harmless; the next run writes another.
      }
    }
  }

  /**
   * The Spark schema of a sweep's columns: STRING, LONG and DOUBLE become nullable string, bigint, double.
   *
   * @param columns the sweep's columns
   * @return the schema
   */
  public static StructType schema(List<Column> columns) {
    List<StructField> fields = new ArrayList<>();
    for (Column c : columns) {
      DataType t = switch (c.type()) {
        case STRING -> DataTypes.StringType;
        case LONG -> DataTypes.LongType;
        case DOUBLE -> DataTypes.DoubleType;
      };
      fields.add(DataTypes.createStructField(c.name(), t, true));
    }
    return DataTypes.createStructType(fields);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(q);
      }
    }
  }

  /** Stops the Spark context (and its executors), once it has started; never throws. */
  @Override
  public void close() {
    try {
      context().stop();
    } catch (RuntimeException e) {
      // Spark that did not start, or a context whose cluster is gone: there is nothing left to release.
    }
    phases.mark("context stop");
    phases.print(System.err);
  }

  /** What one task sends back: the cell's rows and wall time, or the input problem it hit. */
  static final class CellResult implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<SweepRow> rows;
    final long nanos;
    final DdamInputException error;

    CellResult(List<SweepRow> rows, long nanos, DdamInputException error) {
      this.rows = rows;
      this.nanos = nanos;
      this.error = error;
    }
  }

  /** The task body: runs the partition's one cell through the cell function. */
  static final class CellTask extends AbstractFunction1<scala.collection.Iterator<Cell>, CellResult>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final CellFunction function;

    CellTask(CellFunction function) {
      this.function = function;
    }

    @Override
    public CellResult apply(scala.collection.Iterator<Cell> it) {
      Cell cell = it.next();
      long t0 = System.nanoTime();
      try {
        return new CellResult(new ArrayList<>(function.apply(cell)), System.nanoTime() - t0, null);
      } catch (DdamInputException e) {
        // A bad input fails the same way on every attempt: report it instead of letting Spark retry.
        return new CellResult(null, 0, e);
      }
    }
  }

  /** The driver side: hands each finished cell to the sink, in the order tasks finish. */
  static final class Deliver extends AbstractFunction2<Object, CellResult, BoxedUnit> {
    private final List<Cell> order;
    private final RowSink sink;
    private final LocalSweepRunner.Listener listener;

    Deliver(List<Cell> order, RowSink sink, LocalSweepRunner.Listener listener) {
      this.order = order;
      this.sink = sink;
      this.listener = listener;
    }

    @Override
    public BoxedUnit apply(Object partition, CellResult r) {
      Cell cell = order.get((Integer) partition);
      if (r.error != null) {
        throw r.error;
      }
      sink.accept(cell, r.rows);
      listener.finished(cell, r.nanos);
      return BoxedUnit.UNIT;
    }
  }

  /**
   * The Parquet schema of a sweep's columns, as Spark SQL writes {@link #schema}: every field optional;
   * STRING as UTF-8 binary, LONG as INT64, DOUBLE as DOUBLE.
   *
   * @param columns the sweep's columns
   * @return the message type, named {@code spark_schema} as Spark names it
   */
  public static org.apache.parquet.schema.MessageType parquetSchema(List<Column> columns) {
    org.apache.parquet.schema.Types.MessageTypeBuilder b = org.apache.parquet.schema.Types.buildMessage();
    for (Column c : columns) {
      switch (c.type()) {
        case STRING -> b.optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY)
            .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType()).named(c.name());
        case LONG -> b.optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64).named(c.name());
        case DOUBLE -> b.optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE).named(c.name());
        default -> throw new IllegalArgumentException("no Parquet type for " + c.type());
      }
    }
    return b.named("spark_schema");
  }

  /**
   * Spark's schema of a sweep's columns as the JSON text Spark SQL puts in a Parquet file's footer
   * ({@code StructType.json()} of {@link #schema}), built without loading Spark SQL's classes.
   *
   * @param columns the sweep's columns
   * @return the schema's JSON, one line
   */
  static String sparkSchemaJson(List<Column> columns) {
    StringBuilder sb = new StringBuilder("{\"type\":\"struct\",\"fields\":[");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      String t = switch (c.type()) {
        case STRING -> "string";
        case LONG -> "long";
        case DOUBLE -> "double";
      };
      sb.append(i == 0 ? "" : ",").append("{\"name\":\"")
          .append(c.name().replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\",\"type\":\"").append(t).append("\",\"nullable\":true,\"metadata\":{}}");
    }
    return sb.append("]}").toString();
  }

  /**
   * The task that writes both tables: every part file, in grid order, to one Snappy Parquet file
   * ({@code part-00000.snappy.parquet}) and one CSV file ({@code part-00000.csv}, header first,
   * byte-identical to {@code rows.csv}).
   */
  static final class TablesTask implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<String>, String> {
    private static final long serialVersionUID = 1L;
    private final List<Column> columns;
    private final String parquetDir;
    private final String csvDir;

    TablesTask(List<Column> columns, String parquetDir, String csvDir) {
      this.columns = List.copyOf(columns);
      this.parquetDir = parquetDir;
      this.csvDir = csvDir;
    }

    @Override
    public Iterator<String> call(Iterator<String> paths) throws IOException {
      org.apache.parquet.schema.MessageType type = parquetSchema(columns);
      Path file = Paths.get(parquetDir, "part-00000.snappy.parquet");
      Path csv = Paths.get(csvDir, "part-00000.csv");
      ReadPart reader = new ReadPart(columns);
      org.apache.parquet.example.data.simple.SimpleGroupFactory groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
      try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> w =
               org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new org.apache.parquet.io.LocalOutputFile(file))
                   // Parquet's own settings, not Hadoop's Configuration (which parses its XML defaults).
                   .withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
                   .withType(type)
                   .withCompressionCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY)
                   // Spark's own schema in the footer, as Spark SQL's writer puts it there.
                   .withExtraMetaData(Map.of("org.apache.spark.sql.parquet.row.metadata", sparkSchemaJson(columns)))
                   .build();
           java.io.Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
        out.write(CsvRows.header(columns));
        while (paths.hasNext()) {
          for (SweepRow r : reader.rows(paths.next())) {
            out.write(CsvRows.line(r));
            org.apache.parquet.example.data.Group g = groups.newGroup();
            for (int i = 0; i < columns.size(); i++) {
              Object v = r.get(i);
              if (v instanceof String x) {
                g.append(columns.get(i).name(), x);
              } else if (v instanceof Long x) {
                g.append(columns.get(i).name(), x.longValue());
              } else if (v instanceof Double x) {
                g.append(columns.get(i).name(), x.doubleValue());
              }
            }
            w.write(g);
          }
        }
      }
      return List.of(file.toString(), csv.toString()).iterator();
    }
  }

  /** Reads cells' part files back into rows, on an executor. */
  static final class ReadPart implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<Column> columns;

    ReadPart(List<Column> columns) {
      this.columns = List.copyOf(columns);
    }

    /** The rows of one part file, checked against the sweep's header. */
    List<SweepRow> rows(String p) {
      List<SweepRow> out = new ArrayList<>();
      try (BufferedReader in = Files.newBufferedReader(Paths.get(p), StandardCharsets.UTF_8)) {
        String head = in.readLine();
        if (head == null || !(head + "\n").equals(CsvRows.header(columns))) {
          throw new DdamInputException(p, 1, "its header is not the sweep's columns");
        }
        for (String s = in.readLine(); s != null; s = in.readLine()) {
          out.add(CsvRows.parse(s, columns));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(p + ": " + e.getMessage(), e);
      }
      return out;
    }
  }
}
