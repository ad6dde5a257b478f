package io.ddam.cli;

import io.ddam.online.data.DataStream;
import io.ddam.online.data.SyntheticStream;
import io.ddam.online.data.SyntheticTrafficStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.ErdosRenyiGenerator;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.io.InstanceFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ddam bench simulate}: the online-simulation benchmarks of the issue — DeltaNet gradient
 * evaluations per second on one core against an EJML implementation of the same gradient timed in the
 * same run, and the wall time of {@link Simulation#run} on three settings (N = 20 dense W, the 16-AP
 * traffic setting, N = 500 on a generated network).
 */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Gradient evaluations per second and simulation wall times.",
        sortOptions = false,
        description = {
                "1. Gradient of the DeltaNet cost (X 6x34, the traffic shape) on one core: evaluations per second of "
                        + "DeltaNetCost.addGradient, and of a straightforward EJML version of the same gradient "
                        + "(CommonOps_DDRM mult, subtract, multAddTransB into preallocated matrices), the baseline.",
                "2. Wall time of a whole simulation (all five protocols, every metric, fair-time off, window 1): "
                        + "synthetic20.json (N = 20, dense W, DeltaNet 3x4, T = 2500); er16.json with the synthetic "
                        + "traffic stand-in (d_k = 34, d_v = 6, radius 20, T = 1200); a generated network, Erdos-Renyi "
                        + "n = 500, p = 0.01, seed 1, W top-k (k = 10, seed 1), synthetic data 3x4, T = 100.",
                "3. The engine cases of docs/benchmarks.md (all five protocols, eta 0.001, fair-time off, window 1): "
                        + "Erdos-Renyi N = 50 (p = 0.1) and N = 100 (p = 0.05) with dense Dirichlet W (y0 = 2, y1 = 10), "
                        + "synthetic data 4x3, T = 2500, on 1 thread, and N = 100 on 2 threads (vs_baseline: the speed-up "
                        + "over 1 thread; same numbers); the traffic shape er16.json with synthetic data 34x6, R = 20, T = 1200. "
                        + "With --numpy SCRIPT (docs/bench/numpy_simulate.py) each 1-thread case is also run by that "
                        + "vectorised numpy script (python3, one BLAS thread): its process CPU time, and vs_baseline = numpy "
                        + "CPU / ddam in-process wall (warm JIT, no JVM start; docs/bench/simulate_vs_numpy.sh times whole "
                        + "processes).",
                "Figures are medians over --repeats runs after --warmup untimed runs. --quick shrinks every size "
                        + "(a smoke test, not a benchmark).",
                "",
                "Example:  ddam bench simulate --repeats 3"})
public final class BenchSimulateCommand implements Callable<Integer> {
    /** The protocols every simulation row runs. */
    static final List<String> PROTOCOLS = List.of("ogd", "cdogd", "local", "ddam-st", "ddam-star");

    @Option(names = "--instances", paramLabel = "DIR", defaultValue = "instances",
            description = "Directory holding synthetic20.json and er16.json (default: ${DEFAULT-VALUE}).")
    Path instances;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "3", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1",
            description = "Untimed runs before timing, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--quick", description = "Tiny sizes: checks that everything runs, measures nothing useful.")
    boolean quick;

    @Option(names = "--numpy", paramLabel = "SCRIPT",
            description = "Also run the numpy reference script (docs/bench/numpy_simulate.py) on the engine cases.")
    Path numpy;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (repeats < 1) throw new DdamInputException("--repeats must be >= 1");
        if (warmup < 0) throw new DdamInputException("--warmup must be >= 0");
        Render.Table t = new Render.Table("benchmark", "case", "median", "unit", "vs_baseline").right(2, 4);
        List<Map<String, Object>> json = new ArrayList<>();

        long evals = quick ? 20_000 : 5_000_000;
        double ejml = median(repeats, warmup, () -> evals / ejmlGradient(evals));
        double ours = median(repeats, warmup, () -> evals / deltaNetGradient(evals));
        row(t, json, "gradient deltanet 6x34", "ejml CommonOps_DDRM (baseline)", ejml, "evals/s", 1.0);
        row(t, json, "gradient deltanet 6x34", "DeltaNetCost.addGradient", ours, "evals/s", ours / ejml);

        Instance syn = InstanceFiles.read(instances.resolve("synthetic20.json"));
        int synT = quick ? 20 : 2500;
        row(t, json, "simulate", "synthetic20 N=20 dense-W 3x4 T=" + synT,
                median(repeats, warmup, () -> simulate(syn, new SyntheticStream(20, synT, 4, 3, 0.75, 1), synT, 50)), "s", Double.NaN);

        Instance er16 = InstanceFiles.read(instances.resolve("er16.json"));
        int trafficT = quick ? 10 : 1200;
        int n16 = er16.network().nodeCount();
        row(t, json, "simulate", "er16 traffic N=" + n16 + " 6x34 R=20 T=" + trafficT,
                median(repeats, warmup, () -> simulate(er16, new SyntheticTrafficStream(n16, trafficT, 1), trafficT, 20)), "s", Double.NaN);

        int bigN = quick ? 40 : 500;
        double p = quick ? 0.1 : 0.01;
        int bigT = quick ? 5 : 100;
        Instance er = new ErdosRenyiGenerator(bigN, p, 1).generate();
        InterestMatrix w = InterestGenerators.topK(bigN, 10, 2, 10, 1);
        Instance big = new Instance("er" + bigN, er.network(), w);
        row(t, json, "simulate", "er n=" + bigN + " p=" + p + " top-k=10 3x4 T=" + bigT,
                median(repeats, warmup, () -> simulate(big, new SyntheticStream(bigN, bigT, 4, 3, 0.75, 1), bigT, 50)), "s", Double.NaN);

        // The engine cases (docs/benchmarks.md), each on one thread, and N = 100 on two.
        int engineT = quick ? 20 : 2500;
        int[] sizes = quick ? new int[] {20, 40} : new int[] {50, 100};
        double[] probs = {0.1, 0.05};
        double threadBase = Double.NaN;
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            Instance gen = new ErdosRenyiGenerator(n, probs[i], n).generate();
            Instance inst = new Instance("er" + n, gen.network(), InterestGenerators.dirichlet(n, 2, 10, n));
            String what = "dense-W N=" + n + " 4x3 T=" + engineT;
            double one = median(repeats, warmup, () -> engine(inst, new SyntheticStream(n, engineT, 4, 3, 0.75, 1), engineT, 50, 1));
            row(t, json, "simulate", what + " threads=1", one, "s", Double.NaN);
            if (numpy != null) numpyRow(t, json, inst, engineT, 4, 3, 50, what, one);
            if (i == sizes.length - 1) {
                double two = median(repeats, warmup, () -> engine(inst, new SyntheticStream(n, engineT, 4, 3, 0.75, 1), engineT, 50, 2));
                row(t, json, "simulate", what + " threads=2", two, "s", one / two);
            }
        }
        int shapeT = quick ? 10 : 1200;
        double shape = median(repeats, warmup, () -> engine(er16, new SyntheticStream(n16, shapeT, 34, 6, 0.75, 1), shapeT, 20, 1));
        row(t, json, "simulate", "traffic shape er16 N=" + n16 + " 34x6 T=" + shapeT + " threads=1", shape, "s", Double.NaN);
        if (numpy != null) numpyRow(t, json, er16, shapeT, 34, 6, 20, "traffic shape er16 N=" + n16 + " 34x6 T=" + shapeT, shape);

        String text = switch (output.format()) {
            case csv -> Render.csv(json);
            case json -> Render.json(json);
            case table -> t.text();
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    /** One benchmark row in the table and in the JSON list (shared by the bench commands that time whole cases). */
    static void row(Render.Table t, List<Map<String, Object>> json, String bench, String what, double median,
                            String unit, double ratio) {
        String ratioText = Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
        t.row(bench, what, String.format(Locale.ROOT, unit.equals("s") ? "%.3f" : "%.4g", median), unit, ratioText);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", bench);
        m.put("case", what);
        m.put("median", median);
        m.put("unit", unit);
        if (!Double.isNaN(ratio)) m.put("vs_baseline", ratio);
        json.add(m);
    }

    /** Something timed once; returns its figure (seconds, or evaluations per second). */
    private interface Trial {
        double run();
    }

    private static double median(int repeats, int warmup, Trial trial) {
        for (int i = 0; i < warmup; i++) trial.run();
        double[] x = new double[repeats];
        for (int i = 0; i < repeats; i++) x[i] = trial.run();
        return BenchSteinerCommand.median(x);
    }

    /** Wall seconds of one {@link Simulation#run} of {@link #PROTOCOLS} on {@code inst}. */
    private static double simulate(Instance inst, DataStream data, int horizon, double radius) {
        DeltaNetCost cost = new DeltaNetCost(data.keyDim(), data.valueDim());
        Simulation.Config c = new Simulation.Config(inst.network(), inst.requireInterest(), data, cost,
                Projection.ball(radius), PROTOCOLS, horizon, "theory", FairTime.parse("off"), 1, false, Map.of(), null);
        long t0 = System.nanoTime();
        List<Simulation.Row> rows = Simulation.run(c);
        double s = (System.nanoTime() - t0) / 1e9;
        if (rows.size() != PROTOCOLS.size()) throw new IllegalStateException("simulation returned " + rows.size() + " rows");
        return s;
    }

    /** Wall seconds of one {@link Simulation#run} of the engine cases: η = 0.001, fair-time off, Ω = 1. */
    private static double engine(Instance inst, DataStream data, int horizon, double radius, int threads) {
        DeltaNetCost cost = new DeltaNetCost(data.keyDim(), data.valueDim());
        Simulation.Config c = new Simulation.Config(inst.network(), inst.requireInterest(), data, cost, Projection.ball(radius),
                PROTOCOLS, horizon, "0.001", FairTime.parse("off"), 1, false, Map.of(), null, threads);
        long t0 = System.nanoTime();
        List<Simulation.Row> rows = Simulation.run(c);
        double s = (System.nanoTime() - t0) / 1e9;
        if (rows.size() != PROTOCOLS.size()) throw new IllegalStateException("simulation returned " + rows.size() + " rows");
        return s;
    }

    /** Runs the numpy script on the same case (its instance written to a temp file) and adds its CPU time. */
    private void numpyRow(Render.Table t, List<Map<String, Object>> json, Instance inst, int horizon, int dk, int dv, double radius,
                          String what, double ddamWall) {
        try {
            Path file = java.nio.file.Files.createTempFile("ddam-bench", ".json");
            try {
                java.nio.file.Files.writeString(file, io.ddam.solver.io.JsonInstanceWriter.toJson(inst));
                double[] cpu = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    ProcessBuilder pb = new ProcessBuilder("python3", numpy.toString(), file.toString(), "--horizon", Integer.toString(horizon),
                            "--eta", "0.001", "--window", "1", "--radius", Double.toString(radius), "--dk", Integer.toString(dk),
                            "--dv", Integer.toString(dv));
                    pb.environment().put("OMP_NUM_THREADS", "1");
                    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
                    pb.environment().put("MKL_NUM_THREADS", "1");
                    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
                    Process p = pb.start();
                    String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    if (p.waitFor() != 0) throw new DdamInputException(numpy + ": " + err.strip());
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("cpu ([0-9.]+) s").matcher(err);
                    if (!m.find()) throw new DdamInputException(numpy + ": no 'cpu N s' line on stderr");
                    cpu[r] = Double.parseDouble(m.group(1));
                }
                row(t, json, "simulate numpy", what + " (process cpu)", BenchSteinerCommand.median(cpu), "s", BenchSteinerCommand.median(cpu) / ddamWall);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new DdamInputException("cannot run " + numpy + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A pool of keys and values the gradient loops cycle through (power of two, so the index is a mask). */
    private static final int POOL = 256;
    private static final int DK = 34;
    private static final int DV = 6;

    private static double[][] pool(SplittableRandom r, int dim) {
        double[][] p = new double[POOL][dim];
        for (double[] row : p) for (int j = 0; j < dim; j++) row[j] = r.nextGaussian();
        return p;
    }

    /** Seconds for {@code evals} calls of {@link DeltaNetCost#addGradient} (one core). */
    private static double deltaNetGradient(long evals) {
        SplittableRandom r = new SplittableRandom(7);
        double[][] keys = pool(r, DK), values = pool(r, DV);
        double[] x = new double[DV * DK];
        for (int i = 0; i < x.length; i++) x[i] = 0.1 * r.nextGaussian();
        double[] g = new double[DV * DK];
        DeltaNetCost cost = new DeltaNetCost(DK, DV);
        long t0 = System.nanoTime();
        for (long i = 0; i < evals; i++) {
            int j = (int) (i & (POOL - 1));
            cost.addGradient(x, keys[j], values[j], 1e-6, g);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        sink(g);
        return s;
    }

    /** Seconds for {@code evals} evaluations of the same gradient with EJML: r = Xk − v; G += scale·r kᵀ. */
    private static double ejmlGradient(long evals) {
        SplittableRandom r = new SplittableRandom(7);
        DMatrixRMaj[] keys = new DMatrixRMaj[POOL], values = new DMatrixRMaj[POOL];
        double[][] kp = pool(r, DK), vp = pool(r, DV);
        for (int i = 0; i < POOL; i++) {
            keys[i] = new DMatrixRMaj(DK, 1, true, kp[i]);
            values[i] = new DMatrixRMaj(DV, 1, true, vp[i]);
        }
        DMatrixRMaj x = new DMatrixRMaj(DV, DK);
        for (int i = 0; i < x.data.length; i++) x.data[i] = 0.1 * r.nextGaussian();
        DMatrixRMaj res = new DMatrixRMaj(DV, 1);
        DMatrixRMaj g = new DMatrixRMaj(DV, DK);
        long t0 = System.nanoTime();
        for (long i = 0; i < evals; i++) {
            int j = (int) (i & (POOL - 1));
            CommonOps_DDRM.mult(x, keys[j], res);
            CommonOps_DDRM.subtractEquals(res, values[j]);
            CommonOps_DDRM.multAddTransB(1e-6, res, keys[j], g);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        sink(g.data);
        return s;
    }

    /** Keeps the JIT from discarding a benchmark loop's result. */
    private static volatile double blackhole;

    private static void sink(double[] g) {
        double s = 0;
        for (double v : g) s += v;
        blackhole = s;
    }
}
