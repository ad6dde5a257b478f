package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.milp.ExactSteinerDesigner;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.SteinerTrees;
import io.ddam.solver.tree.TreeDesigner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.jgrapht.Graph;
import org.jgrapht.alg.steiner.KouMarkowskyBermanAlgorithm;
import org.jgrapht.graph.DefaultWeightedEdge;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ddam bench steiner}: cost and speed of the Steiner algorithms, against known optima and JGraphT's KMB. */
@Command(name = "steiner",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Cost and speed of the Steiner algorithms vs known optima and JGraphT.",
        sortOptions = false,
        description = {
                "For every instance and algorithm: tree cost, its ratio to the known optimum (with --optima), "
                        + "median time over --repeats runs, and the speed ratio against JGraphT 1.5.3's "
                        + "KouMarkowskyBermanAlgorithm timed in the same run on the same instance. Ends with one summary "
                        + "line per series (the folder an instance is in).",
                "",
                "Example:  ddam bench steiner ../shared/data/steinlib/C --optima ../shared/data/steinlib/optima.csv"})
public final class BenchSteinerCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Instance files, or folders of .stp/.gr files.")
    List<Path> paths;

    @Option(names = "--designers", paramLabel = "LIST", split = ",",
            description = "Designers to run: kmb, mehlhorn, exact-steiner (default: kmb,mehlhorn).")
    List<String> algorithms;

    @Option(names = "--algorithms", paramLabel = "LIST", split = ",", hidden = true, description = "Deprecated spelling of --designers.")
    void oldAlgorithms(List<String> names) {
        OldSpellings.note(spec, "--algorithms", "--designers");
        algorithms = names;
    }

    @Option(names = "--optima", paramLabel = "CSV",
            description = "CSV file(s) of known optima: a column naming the instance file, the optimum in the last column.")
    List<Path> optimaFiles;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "5", description = "Timed runs per measurement (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "3",
            description = "Untimed runs of each algorithm on each instance before timing, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-jgrapht", description = "Skip the JGraphT baseline.")
    boolean noJgrapht;

    @Option(names = "--baseline", description = "With exact-steiner: also run the solver as it was before the reductions "
            + "(--no-reduce --method dcut) on every instance, as the row 'exact-steiner/baseline'.")
    boolean baseline;

    @Mixin
    SolverOptions solver;

    @Mixin
    SteinerMethodOptions method;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (repeats < 1) throw new DdamInputException("--repeats must be >= 1");
        if (warmup < 0) throw new DdamInputException("--warmup must be >= 0");
        List<Path> files = expand(paths);
        Map<String, Double> optima = readOptima();
        List<TreeDesigner> designers = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (algorithms == null) algorithms = List.of("kmb", "mehlhorn");   // the default (see --designers)
        for (String a : algorithms) {
            TreeDesigner d = method.apply(solver.designer(a.strip()), solver.method);
            designers.add(d);
            labels.add(d.name());
            if (baseline && d instanceof ExactSteinerDesigner x) {
                designers.add(new ExactSteinerDesigner(x.options().withReduce(false).withMethod(ExactSteinerDesigner.Method.DCUT)));
                labels.add(d.name() + "/baseline");
            }
        }

        Render.Table t = new Render.Table("series", "instance", "nodes", "terminals", "algorithm", "cost", "optimum",
                "ratio", "status", "median_ms", "jgrapht_kmb_ms", "speedup").right(2, 3, 5, 6, 7, 9, 10, 11);
        Map<String, Summary> summaries = new LinkedHashMap<>();
        try (Progress progress = Progress.start("benchmarking", (long) files.size() * designers.size())) {
        for (Path f : files) {
            Instance inst = InstanceFiles.read(f);
            Network g = inst.network();
            int[] terms = inst.terminals();
            if (terms.length == 0) throw new DdamInputException(f.toString(), 0, "has no terminals to benchmark");
            String series = f.toAbsolutePath().getParent().getFileName().toString();
            Double opt = optima.get(f.getFileName().toString());
            double jgMs = noJgrapht ? Double.NaN : timeJgrapht(g, terms);
            for (int di = 0; di < designers.size(); di++) {
                TreeDesigner d = designers.get(di);
                double[] ms = new double[repeats];
                long r0 = System.nanoTime();
                DesignedTree r = SteinerTrees.solve(d, g, terms); // the result we report (a warm-up run unless --warmup 0)
                double firstMs = (System.nanoTime() - r0) / 1e6;
                for (int i = 1; i < warmup; i++) SteinerTrees.solve(d, g, terms);
                for (int i = 0; i < repeats; i++) {
                    if (i == 0 && warmup == 0) { ms[0] = firstMs; continue; }
                    long t0 = System.nanoTime();
                    SteinerTrees.solve(d, g, terms);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                double med = median(ms);
                double slowest = firstMs;
                for (double x : ms) slowest = Math.max(slowest, x);
                double over = overrun(d, slowest / 1000);
                double ratio = opt == null || !r.status().hasTree() ? Double.NaN : r.objective() / opt;
                double speedup = jgMs / med;
                // A tree cheaper than the published optimum (or a bound above it) means a wrong reduction or cut: flag it loudly.
                boolean wrong = opt != null && r.status().hasTree()
                        && (r.objective() < opt - 1e-6 * Math.max(1, opt) || (!Double.isNaN(r.bound()) && r.bound() > opt + 1e-6 * Math.max(1, opt)));
                // A proof of a tree dearer than the published optimum is as wrong (a bound or a fixing test cut off the optimum).
                boolean falseProof = opt != null && r.status() == io.ddam.solver.tree.SolveStatus.OPTIMAL
                        && r.objective() > opt + 1e-6 * Math.max(1, opt);
                String status = r.status().label() + (wrong ? " BELOW-OPTIMUM!" : "") + (falseProof ? " FALSE-PROOF!" : "")
                        + (over > 0 ? " OVER-TIME!" : "");
                if (falseProof) spec.commandLine().getErr().println("error: " + inst.name() + " " + labels.get(di) + ": proven optimal at "
                        + r.objective() + ", above the published optimum " + opt);
                if (over > 0) spec.commandLine().getErr().println("error: " + inst.name() + " " + labels.get(di) + ": a run took "
                        + String.format(Locale.ROOT, "%.1f", slowest / 1000) + " s, beyond the time limit by more than "
                        + String.format(Locale.ROOT, "%.1f", allowedOverrun(d)) + " s");
                if (wrong) spec.commandLine().getErr().println("error: " + inst.name() + " " + labels.get(di) + ": cost " + r.objective()
                        + " or bound " + r.bound() + " contradicts the published optimum " + opt);
                t.row(series, inst.name(), g.nodeCount(), terms.length, labels.get(di),
                        r.status().hasTree() ? Render.num(r.objective(), 3) : "-", opt == null ? "-" : Render.num(opt, 3),
                        Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.4f", ratio), status,
                        String.format(Locale.ROOT, "%.3f", med), Double.isNaN(jgMs) ? "-" : String.format(Locale.ROOT, "%.3f", jgMs),
                        Double.isNaN(speedup) ? "-" : String.format(Locale.ROOT, "%.1fx", speedup));
                summaries.computeIfAbsent(series + " " + labels.get(di), k -> new Summary())
                        .add(ratio, speedup, med, r.status() == io.ddam.solver.tree.SolveStatus.OPTIMAL && !falseProof, wrong, falseProof, over);
                progress.step();
            }
        }
        }
        StringBuilder sum = new StringBuilder();
        for (Map.Entry<String, Summary> e : summaries.entrySet()) sum.append(e.getValue().line(e.getKey()));
        String text = switch (output.format()) {
            case csv -> t.csv();
            case json, table -> t.text() + "\n" + sum;
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    /** The time limit of an exact designer in seconds, or NaN for a designer without one (the heuristics). */
    static double timeLimit(TreeDesigner d) {
        if (!(d instanceof ExactSteinerDesigner x)) return Double.NaN;
        double l = x.options().timeLimitSeconds();
        return l > 0 && !Double.isInfinite(l) ? l : Double.NaN;
    }

    /** How far beyond its time limit a run may end: 5 % of the limit or 2 s, whichever is more. */
    static double allowedOverrun(TreeDesigner d) { return Math.max(2, 0.05 * timeLimit(d)); }

    /**
     * Seconds by which a run of {@code seconds} broke the designer's time limit beyond the allowed
     * overrun ({@link #allowedOverrun}), or 0 if it did not (or the designer has no limit).
     */
    static double overrun(TreeDesigner d, double seconds) {
        double l = timeLimit(d);
        if (Double.isNaN(l)) return 0;
        return Math.max(0, seconds - l - allowedOverrun(d));
    }

    private double timeJgrapht(Network g, int[] terms) {
        Graph<Integer, DefaultWeightedEdge> jg = g.toWeightedGraph(Network.Weight.COST);
        Set<Integer> ts = new HashSet<>();
        for (int x : terms) ts.add(x);
        for (int i = 0; i < Math.max(1, warmup); i++) new KouMarkowskyBermanAlgorithm<>(jg).getSteinerTree(ts);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            new KouMarkowskyBermanAlgorithm<>(jg).getSteinerTree(ts);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> { String n = f.getFileName().toString().toLowerCase(Locale.ROOT); return n.endsWith(".stp") || n.endsWith(".gr"); })
                            .sorted().forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) throw new DdamInputException("no .stp or .gr files in " + paths);
        return out;
    }

    private Map<String, Double> readOptima() throws IOException {
        Map<String, Double> m = new HashMap<>();
        if (optimaFiles == null) return m;
        for (Path f : optimaFiles) {
            if (!Files.isRegularFile(f)) throw new DdamInputException(f.toString(), 0, "no such file");
            List<String> lines = Files.readAllLines(f);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                String[] c = line.split(",");
                double opt;
                try {
                    opt = Double.parseDouble(c[c.length - 1].strip());
                } catch (NumberFormatException e) {
                    throw new DdamInputException(f.toString(), i + 1, "the last column must be the optimum, found '" + c[c.length - 1] + "'");
                }
                for (String cell : c) {
                    String name = Path.of(cell.strip()).getFileName() == null ? "" : Path.of(cell.strip()).getFileName().toString();
                    if (name.contains(".")) m.put(name, opt);
                }
            }
        }
        return m;
    }

    /** Per series and algorithm: mean and worst ratio to the optimum, geometric-mean speedup. */
    private static final class Summary {
        int count;
        int withOpt;
        double ratioSum;
        double ratioMax;
        double logSpeedup;
        int withSpeed;
        double ms;
        double maxMs;
        int proven;
        int wrong;
        /** Runs that claimed optimality at a cost above the published optimum. */
        int falseProofs;
        int overTime;

        void add(double ratio, double speedup, double med, boolean optimal, boolean contradicts, boolean falseProof, double over) {
            count++;
            if (falseProof) falseProofs++;
            if (over > 0) overTime++;
            ms += med;
            maxMs = Math.max(maxMs, med);
            if (optimal) proven++;
            if (contradicts) wrong++;
            if (!Double.isNaN(ratio)) { withOpt++; ratioSum += ratio; ratioMax = Math.max(ratioMax, ratio); }
            if (!Double.isNaN(speedup) && speedup > 0) { withSpeed++; logSpeedup += Math.log(speedup); }
        }

        String line(String key) {
            return String.format(Locale.ROOT, "summary %-22s %3d instances, ratio to optimum mean %s max %s, speedup vs JGraphT KMB (geometric mean) %s, "
                            + "total %.1f ms, max %.1f ms, proven optimal %d/%d%s%s%s%n",
                    key, count, withOpt == 0 ? "-" : String.format(Locale.ROOT, "%.4f", ratioSum / withOpt),
                    withOpt == 0 ? "-" : String.format(Locale.ROOT, "%.4f", ratioMax),
                    withSpeed == 0 ? "-" : String.format(Locale.ROOT, "%.1fx", Math.exp(logSpeedup / withSpeed)), ms, maxMs, proven, count,
                    wrong == 0 ? "" : ", " + wrong + " BELOW THE PUBLISHED OPTIMUM",
                    falseProofs == 0 ? "" : ", " + falseProofs + " PROVEN ABOVE THE PUBLISHED OPTIMUM",
                    overTime == 0 ? "" : ", " + overTime + " OVER THE TIME LIMIT");
        }
    }
}
