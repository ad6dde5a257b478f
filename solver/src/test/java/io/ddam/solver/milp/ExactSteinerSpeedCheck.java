package io.ddam.solver.milp;

import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.OrTools.Backend;
import io.ddam.solver.tree.DesignedTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark figures for the MILP designers (not a unit test): native load time, per-root (E-1) times on
 * Uninett2011 with dense W for SCIP and HiGHS, and exact Steiner times on SteinLib B, C and PACE.
 * Run: {@code java -cp solver/target/test-classes:solver/target/classes:$(cat /tmp/cp.txt)
 * io.ddam.solver.milp.ExactSteinerSpeedCheck /work/shared/data [star] [B] [C01-C08] [C09-C20:60] [PACE:10]}.
 */
public final class ExactSteinerSpeedCheck {
    private ExactSteinerSpeedCheck() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        List<String> what = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of("star", "B", "C01-C08");
        long t0 = System.nanoTime();
        OrTools.ensureLoaded();
        System.out.printf(Locale.ROOT, "native load: %.0f ms (from %s)%n", (System.nanoTime() - t0) / 1e6, OrTools.loadedFrom());
        Map<String, String> optima = new LinkedHashMap<>();
        for (String line : Files.readAllLines(data.resolve("steinlib/optima.csv")).subList(1, 39)) {
            String[] f = line.split(",");
            optima.put(f[1], f[f.length - 1]);
        }
        Path pace = data.resolve("steinlib/PACE2018-Track1");
        Map<String, String> paceOpt = new LinkedHashMap<>();
        for (String line : Files.readAllLines(pace.resolve("optima.csv")).subList(1, 75)) {
            String[] f = line.split(",");
            paceOpt.put(f[0], f[f.length - 1]);
        }
        for (String w : what) {
            String[] parts = w.split(":");
            double limit = parts.length > 1 ? Double.parseDouble(parts[1]) : 0;
            switch (parts[0]) {
                case "star" -> star(data);
                case "B" -> steiner(data, optima, "B/b", 1, 18, limit);
                case "C01-C08" -> steiner(data, optima, "C/c", 1, 8, limit);
                case "C09-C20" -> steiner(data, optima, "C/c", 9, 20, limit);
                case "PACE" -> {
                    for (Map.Entry<String, String> e : paceOpt.entrySet()) {
                        run(pace.resolve(e.getKey()), e.getKey(), Double.parseDouble(e.getValue()), limit);
                    }
                }
                default -> {
                    String name = parts[0];
                    String key = name.toLowerCase(Locale.ROOT).startsWith("b") ? "B/" + name.toLowerCase(Locale.ROOT) + ".stp"
                            : "C/" + name.toLowerCase(Locale.ROOT) + ".stp";
                    if (optima.containsKey(key)) run(data.resolve("steinlib").resolve(key), key, Double.parseDouble(optima.get(key)), limit);
                    else run(pace.resolve(name), name, Double.parseDouble(paceOpt.get(name)), limit);
                }
            }
        }
    }

    static void steiner(Path data, Map<String, String> optima, String prefix, int from, int to, double limit) throws IOException {
        double total = 0;
        for (int i = from; i <= to; i++) {
            String key = String.format(Locale.ROOT, "%s%02d.stp", prefix, i);
            total += run(data.resolve("steinlib").resolve(key), key, Double.parseDouble(optima.get(key)), limit);
        }
        System.out.printf(Locale.ROOT, "total %.2f s%n", total);
    }

    static double run(Path file, String name, double opt, double limit) throws IOException {
        MilpTestGraphs.Steiner s = MilpTestGraphs.readStp(file);
        int root = s.terminals()[0];
        ExactSteinerDesigner d = new ExactSteinerDesigner(ExactSteinerDesigner.Options.defaults().withTimeLimit(limit));
        DesignedTree r = d.design(s.network(), root, s.terminals());
        double sec = r.nanos() / 1e9;
        System.out.printf(Locale.ROOT, "%-22s n=%4d m=%5d t=%3d opt=%8.0f got=%8.0f bound=%10.2f gap=%6.2f%% %-9s %7.2f s%s%n",
                name, s.network().nodeCount(), s.network().edgeCount(), s.terminals().length, opt, r.objective(), r.bound(),
                100 * r.gap(), r.status().label(), sec, Math.abs(r.objective() - opt) > 1e-6 && r.status().name().equals("OPTIMAL") ? "  WRONG" : "");
        return sec;
    }

    static void star(Path data) throws IOException {
        Network g = MilpTestGraphs.readTopology(data.resolve("topologies/Uninett2011.graphml"));
        int[] all = java.util.stream.IntStream.range(0, g.nodeCount()).toArray();
        for (Backend b : List.of(Backend.SCIP, Backend.HIGHS)) {
            StarMilpDesigner star = new StarMilpDesigner(StarMilpDesigner.Options.defaults().withBackend(b));
            double sum = 0, max = 0;
            int opt = 0;
            int roots = g.nodeCount();
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < roots; r++) {
                DesignedTree t = star.design(g, r, all);
                double sec = t.nanos() / 1e9;
                sum += sec;
                max = Math.max(max, sec);
                if (t.status().name().equals("OPTIMAL")
                        && Math.abs(t.objective() - MilpTestGraphs.sumDistances(g, r, all)) < 1e-6) opt++;
                sb.append(String.format(Locale.ROOT, " %.2f", sec));
            }
            System.out.printf(Locale.ROOT, "star %s on Uninett2011 (n=%d, m=%d, |W_n|=%d): %d roots, %d optimal = Σdist, mean %.2f s, max %.2f s, total %.1f s%n  per root:%s%n",
                    b.cliName(), g.nodeCount(), g.edgeCount(), all.length, roots, opt, sum / roots, max, sum, sb);
        }
    }
}
