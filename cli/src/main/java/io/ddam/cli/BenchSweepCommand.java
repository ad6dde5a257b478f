package io.ddam.cli;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.LocalSweepRunner;
import io.ddam.experiments.sweep.SimulationCells;
import io.ddam.experiments.sweep.SweepFolder;
import io.ddam.experiments.sweep.SweepSpec;
import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ddam bench sweep}: the sweep engine's targets (issue 19). A sweep of synthetic20 cells (the five
 * protocols of {@code ddam simulate}, η = 0.001, fair-time off, T = 2500) run by the local runner on 1 and
 * on 2 threads in this JVM, against what the machine gives two CPU-bound processes, against the numpy
 * script doing the same cells, and a 2,000-cell sweep in a child JVM capped at 512 MB of heap.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "The sweep engine: threads, numpy, and the driver's heap on a 2,000-cell sweep.",
        sortOptions = false,
        description = {
                "1. A sweep of --cells cells on synthetic20.json (rho 0, 0.25, 0.5, 0.75 x seeds 1..cells/4; the five protocols "
                        + "ogd, cdogd, local, ddam-st, ddam-star; eta 0.001, fair-time off, window 1, synthetic data 4x3, "
                        + "T = --horizon), rows written to a temporary result folder, in this JVM: first on 1 thread as the "
                        + "JVM's first sweep (JIT warm-up included), then warm on 1 thread (the baseline) and on 2 threads "
                        + "(vs_baseline: the speed-up; the rows are the same).",
                "2. What the machine gives at all: one CPU-bound child process alone, then two at once (vs_baseline: "
                        + "2 x one / both, about 2 on two real cores).",
                "3. With --numpy SCRIPT (docs/bench/numpy_simulate.py): the script runs --numpy-cells of the same cells "
                        + "(python3, one BLAS thread), each its own process; its CPU time per cell against the sweep's wall "
                        + "time and process CPU time per cell on 1 thread (vs_baseline: numpy / ddam).",
                "4. With --large N (default 2000; 0 skips it): a sweep of N cells (T = --large-horizon, checkpoints 5 per "
                        + "decade) by 'ddam sweep --threads 2' in a child JVM with -Xmx512m; it passes only if the "
                        + "driver stays within that heap (peak heap before GC from the GC log).",
                "",
                "Example:  ddam bench sweep --numpy docs/bench/numpy_simulate.py"})
public final class BenchSweepCommand implements Callable<Integer> {
    @Option(names = "--instances", paramLabel = "DIR", defaultValue = "instances",
            description = "Directory holding synthetic20.json (default: ${DEFAULT-VALUE}).")
    Path instances;

    @Option(names = "--cells", paramLabel = "N", defaultValue = "64", description = "Cells of the timed sweep, a multiple of 4 (default: ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--horizon", paramLabel = "T", defaultValue = "2500", description = "T of the timed sweep (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "1", description = "Timed sweeps per thread count; the median counts (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--numpy", paramLabel = "SCRIPT", description = "docs/bench/numpy_simulate.py: also time numpy on the same cells.")
    Path numpy;

    @Option(names = "--numpy-cells", paramLabel = "K", defaultValue = "4", description = "Cells numpy runs (default: ${DEFAULT-VALUE}).")
    int numpyCells;

    @Option(names = "--large", paramLabel = "N", defaultValue = "2000", description = "Cells of the heap test, 0 = skip (default: ${DEFAULT-VALUE}).")
    int large;

    @Option(names = "--large-horizon", paramLabel = "T", defaultValue = "300", description = "T of the heap test's cells (default: ${DEFAULT-VALUE}).")
    int largeHorizon;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    /** The timed sweep's spec: synthetic20, the five protocols of ddam simulate, seeds 1..k per rho. */
    static String timedSpec(Path synthetic20, int cells, int horizon, String checkpoints) {
        return "{\"name\": \"bench-sweep\", \"instances\": [" + SweepSpec.canonicalJson(synthetic20.toString()) + "],"
                + " \"rho\": [0, 0.25, 0.5, 0.75], \"seeds\": " + (cells / 4) + ", \"eta\": [\"0.001\"], \"fairTime\": \"off\","
                + " \"horizon\": [" + horizon + "], " + checkpoints + "\"protocols\": [\"ogd\", \"cdogd\", \"local\", \"ddam-st\", \"ddam-star\"],"
                + " \"designers\": []}";
    }

    @Override
    public Integer call() throws Exception {
        if (cells < 4 || cells % 4 != 0) throw new DdamInputException("--cells must be a positive multiple of 4, not " + cells);
        if (horizon < 1 || repeats < 1 || numpyCells < 1 || large < 0 || largeHorizon < 1) {
            throw new DdamInputException("--horizon, --repeats, --numpy-cells and --large-horizon must be >= 1, --large >= 0");
        }
        Path s20 = instances.resolve("synthetic20.json").toAbsolutePath();
        if (!Files.isRegularFile(s20)) throw new DdamInputException(s20.toString(), 0, "no such file (give --instances DIR)");
        SweepSpec sweep = SweepSpec.parse(timedSpec(s20, cells, horizon, ""), "bench sweep");
        SimulationCells f = new SimulationCells();
        List<Cell> all = sweep.cells();
        Path work = Files.createTempDirectory("ddam-bench-sweep");
        var err = spec.commandLine().getErr();
        Render.Table t = new Render.Table("benchmark", "case", "median", "unit", "vs_baseline").right(2, 4);
        List<Map<String, Object>> json = new ArrayList<>();
        try {
            int[] run = {0};
            String what = cells + " cells synthetic20 T=" + horizon;
            // Cold: the first sweep of this JVM, JIT warm-up included (what one 'ddam sweep' pays, start-up aside).
            long cold0 = processCpuNanos();
            double cold = timeSweep(work.resolve("cold" + run[0]++), sweep, all, f, 1);
            double coldCpu = (processCpuNanos() - cold0) / 1e9;
            BenchSimulateCommand.row(t, json, "sweep", what + " local threads=1, first sweep of the JVM (wall)", cold, "s", Double.NaN);
            BenchSimulateCommand.row(t, json, "sweep", what + " local threads=1, first sweep of the JVM (process CPU)", coldCpu, "s", Double.NaN);
            double[] w1 = new double[repeats], w2 = new double[repeats], c1 = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long cpu0 = processCpuNanos();
                w1[r] = timeSweep(work.resolve("one" + run[0]++), sweep, all, f, 1);
                c1[r] = (processCpuNanos() - cpu0) / 1e9;
                w2[r] = timeSweep(work.resolve("two" + run[0]++), sweep, all, f, 2);
            }
            byte[] a = Files.readAllBytes(work.resolve("one1").resolve(SweepFolder.ROWS_CSV));
            byte[] b = Files.readAllBytes(work.resolve("two2").resolve(SweepFolder.ROWS_CSV));
            byte[] z = Files.readAllBytes(work.resolve("cold0").resolve(SweepFolder.ROWS_CSV));
            if (!java.util.Arrays.equals(a, b) || !java.util.Arrays.equals(a, z)) throw new IllegalStateException("the sweeps gave different rows");
            double one = BenchSteinerCommand.median(w1), two = BenchSteinerCommand.median(w2), oneCpu = BenchSteinerCommand.median(c1);
            BenchSimulateCommand.row(t, json, "sweep", what + " local threads=1, warm (wall)", one, "s", Double.NaN);
            BenchSimulateCommand.row(t, json, "sweep", what + " local threads=2, warm (wall)", two, "s", one / two);
            BenchSimulateCommand.row(t, json, "sweep", what + " local threads=1, warm (process CPU)", oneCpu, "s", Double.NaN);
            err.println("timed the local runner: " + String.format(Locale.ROOT, "%.2f s on 1 thread, %.2f s on 2", one, two));
            double capacity = capacity();
            BenchSimulateCommand.row(t, json, "sweep", "machine: two CPU-bound processes vs one", capacity, "x", capacity);
            if (numpy != null) {
                double cpu = 0;
                int k = Math.min(numpyCells, all.size());
                for (int i = 0; i < k; i++) cpu += numpyCell(s20, all.get(i));
                double perCell = cpu / k;
                BenchSimulateCommand.row(t, json, "sweep", "numpy script, CPU per cell (" + k + " cells)", perCell, "s", Double.NaN);
                BenchSimulateCommand.row(t, json, "sweep", "local threads=1, first sweep, CPU per cell", coldCpu / cells, "s", perCell / (coldCpu / cells));
                BenchSimulateCommand.row(t, json, "sweep", "local threads=1, warm, CPU per cell", oneCpu / cells, "s", perCell / (oneCpu / cells));
                BenchSimulateCommand.row(t, json, "sweep", "local threads=1, warm, wall per cell", one / cells, "s", perCell / (one / cells));
                BenchSimulateCommand.row(t, json, "sweep", "local threads=2, warm, wall per cell", two / cells, "s", perCell / (two / cells));
            }
            if (large > 0) {
                double[] heap = largeSweep(work, s20);
                BenchSimulateCommand.row(t, json, "sweep", large + " cells T=" + largeHorizon + " ddam sweep -Xmx512m threads=2, wall", heap[0], "s", Double.NaN);
                BenchSimulateCommand.row(t, json, "sweep", large + " cells: driver peak heap before GC (limit 512)", heap[1], "MB", Double.NaN);
                BenchSimulateCommand.row(t, json, "sweep", large + " cells: driver largest heap after GC (live data)", heap[2], "MB", Double.NaN);
            }
        } finally {
            deleteTree(work);
        }
        String text = switch (output.format()) {
            case csv -> Render.csv(json);
            case json -> Render.json(json);
            case table -> t.text();
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    /** Wall seconds of one whole sweep into a fresh folder: cells, part files, rows.csv. */
    private static double timeSweep(Path dir, SweepSpec s, List<Cell> cells, SimulationCells f, int threads) {
        long t0 = System.nanoTime();
        SweepFolder folder = SweepFolder.open(dir, s, f.columns());
        new LocalSweepRunner(threads).run(folder.missing(cells), f, folder.sink());
        if (cells.size() == s.cellCount()) folder.assemble(cells, false, r -> { });
        return (System.nanoTime() - t0) / 1e9;
    }

    /** 2 × (one spin process alone) / (two at once): the parallel capacity the machine offers now. */
    private static double capacity() throws IOException, InterruptedException {
        double one = spin(1);
        double both = spin(2);
        return 2 * one / both;
    }

    /** Wall seconds until {@code k} CPU-bound child JVMs started at once have all finished. */
    private static double spin(int k) throws IOException, InterruptedException {
        List<Process> ps = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < k; i++) {
            ps.add(new ProcessBuilder(javaBin(), "-Xmx64m", "-cp", System.getProperty("java.class.path"), Spin.class.getName())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process p : ps) {
            if (p.waitFor() != 0) throw new IllegalStateException("the spin process failed");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String javaBin() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A CPU-bound child for {@link #capacity}: integer arithmetic for a fixed count, about 2 s. */
    public static final class Spin {
        private Spin() {}

        /**
         * Spins.
         *
         * @param args ignored
         */
        public static void main(String[] args) {
            long x = 1;
            for (long i = 0; i < 2_000_000_000L; i++) x = x * 6364136223846793005L + 1442695040888963407L ^ (x >>> 7);
            System.out.println(x);
        }
    }

    private static final Pattern CPU = Pattern.compile("cpu ([0-9.]+) s");

    /** The numpy script's CPU seconds (its own report) for one cell. */
    private double numpyCell(Path s20, Cell c) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("python3", numpy.toString(), s20.toString(), "--horizon", Long.toString((Long) c.values().get("horizon")),
                "--eta", "0.001", "--window", "1", "--rho", c.values().get("rho").toString(), "--seed", c.values().get("seed").toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().put("MKL_NUM_THREADS", "1");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new DdamInputException(numpy.toString(), 0, "failed: " + err.lines().reduce((x, y) -> y).orElse("?"));
        Matcher m = CPU.matcher(err);
        if (!m.find()) throw new DdamInputException(numpy.toString(), 0, "printed no 'cpu X s' line");
        return Double.parseDouble(m.group(1));
    }

    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The CPU time of this process so far (all threads, JIT and GC included). */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The large sweep in a child JVM capped at 512 MB: its wall seconds, its peak heap before GC and its largest heap after GC, in MB. */
    private double[] largeSweep(Path work, Path s20) throws IOException, InterruptedException {
        int seeds = large / 4;
        String body = timedSpec(s20, seeds * 4, largeHorizon, "\"checkpoints\": {\"perDecade\": 5}, ");
        Path specFile = work.resolve("large.json");
        Files.writeString(specFile, body);
        Path gc = work.resolve("gc.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(javaBin(), "-Xmx512m", "-Xlog:gc:file=" + gc, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "sweep", specFile.toString(), "--out", work.resolve("large").toString(), "--threads", "2", "--format", "json")
                .redirectErrorStream(true).redirectOutput(work.resolve("large.out").toFile()).start();
        int rc = p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        if (rc != 0) {
            throw new IllegalStateException("the " + large + "-cell sweep failed within -Xmx512m (exit " + rc + "): "
                    + Files.readString(work.resolve("large.out")).lines().reduce((x, y) -> y).orElse(""));
        }
        double peak = 0, live = 0;
        for (String line : Files.readAllLines(gc)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Double.parseDouble(m.group(1)));
                live = Math.max(live, Double.parseDouble(m.group(2)));
            }
        }
        return new double[] {wall, peak, live};
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        } catch (IOException ignored) {
            // a temporary folder: best effort
        }
    }
}
