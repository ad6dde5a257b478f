package io.ddam.solver.tree;

import io.ddam.solver.TestData;
import io.ddam.solver.graph.Network;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A benchmark, not a test: median wall time of {@code kmb}, {@code mehlhorn} and JGraphT's
 * {@code KouMarkowskyBermanAlgorithm} on SteinLib C (500 nodes) and on a random connected
 * 2,500-node graph (average degree ≈ 4, integer costs 1..100) with 1,250 terminals, all measured in
 * the same run. It asserts nothing about time. Run it with
 * {@code mvn -B -ntp -q -pl solver test -Dddam.data.dir=/work/shared/data -Dtest=SteinerSpeedCheck -Dddam.bench=true}
 * (the JUnit entry point is disabled unless {@code ddam.bench=true}) or through {@link #main}.
 * {@code -Dddam.bench.limit} and {@code -Dddam.bench.bigLimit} cap one run (ms; defaults 60 s and
 * 300 s); a capped JGraphT time is printed as {@code >limit} and its ratio as a lower bound.
 */
public final class SteinerSpeedCheck {

    @Test
    @EnabledIfSystemProperty(named = "ddam.bench", matches = "true")
    void bench() throws IOException {
        run(System.out, TestData.dir());
    }

    /** Arguments: optional data folder (default: the {@code ddam.data.dir} property). */
    public static void main(String[] args) throws IOException {
        Path data = args.length > 0 ? Path.of(args[0]) : TestData.dir();
        run(System.out, data);
    }

    interface Solver { double cost(Network g, int[] terms); }

    static void run(PrintStream out, Path data) throws IOException {
        Solver kmb = (g, t) -> SteinerTrees.solve(new KmbSteinerDesigner(), g, t).objective();
        Solver meh = (g, t) -> SteinerTrees.solve(new MehlhornSteinerDesigner(), g, t).objective();
        Solver jgt = (g, t) -> SteinerDesignersTest.jgrapht(g, t).getWeight();
        // Per-run time limits (ms) so that the quadratic JGraphT oracle cannot stall the run.
        long limit = Long.getLong("ddam.bench.limit", 60_000L);
        long bigLimit = Long.getLong("ddam.bench.bigLimit", 300_000L);

        if (data != null && Files.isDirectory(data.resolve("steinlib/C"))) {
            List<Path> files;
            try (var s = Files.list(data.resolve("steinlib/C"))) {
                files = s.filter(p -> p.toString().endsWith(".stp")).sorted().collect(Collectors.toList());
            }
            double[] total = new double[3];
            boolean capped = false;
            out.printf(Locale.ROOT, "%-8s %5s %5s %4s | %11s %11s %11s | %9s %9s%n", "instance", "nodes", "edges", "|T|",
                    "kmb ms", "mehlhorn ms", "jgrapht ms", "jgt/kmb", "jgt/meh");
            for (Path f : files) {
                StpTestParser.Parsed p = StpTestParser.parse(f);
                double[] ms = new double[3];
                ms[0] = medianMillisHere(kmb, p.network(), p.terminals(), 30, 15);
                ms[1] = medianMillisHere(meh, p.network(), p.terminals(), 30, 15);
                ms[2] = medianMillis(jgt, p.network(), p.terminals(), 1, 3, limit);
                for (int s = 0; s < 3; s++) total[s] += Math.abs(ms[s]);
                capped |= ms[2] < 0;
                out.printf(Locale.ROOT, "%-8s %5d %5d %4d | %11s %11s %11s | %9s %9s%n",
                        f.getFileName().toString().replace(".stp", ""), p.network().nodeCount(), p.network().edgeCount(),
                        p.terminals().length, ms(ms[0]), ms(ms[1]), ms(ms[2]), ratio(ms[2], ms[0]), ratio(ms[2], ms[1]));
                out.flush();
            }
            out.printf(Locale.ROOT, "SteinLib C, sum of per-instance medians: kmb %.1f ms, mehlhorn %.1f ms, jgrapht %s%.1f ms; "
                    + "jgrapht/kmb %s%.1fx, jgrapht/mehlhorn %s%.1fx%n", total[0], total[1], capped ? ">" : "", total[2],
                    capped ? ">" : "", total[2] / total[0], capped ? ">" : "", total[2] / total[1]);
        } else {
            out.println("SteinLib C not found (set -Dddam.data.dir); skipping that part");
        }

        Network big = randomGraph(new SplittableRandom(2500), 2500, 5000);
        int[] terms = TestGraphs.randomTerminals(new SplittableRandom(1250), 2500, 1250);
        double[] ms = new double[3];
        ms[0] = medianMillisHere(kmb, big, terms, 10, 9);
        ms[1] = medianMillisHere(meh, big, terms, 10, 9);
        ms[2] = medianMillis(jgt, big, terms, 0, 1, bigLimit);
        out.printf(Locale.ROOT, "random 2500 nodes, %d edges, 1250 terminals: kmb %s ms (cost %.0f), mehlhorn %s ms (cost %.0f), "
                + "jgrapht-kmb %s ms%n", big.edgeCount(), ms(ms[0]), kmb.cost(big, terms), ms(ms[1]), meh.cost(big, terms), ms(ms[2]));
        out.printf(Locale.ROOT, "random 2500: jgrapht/kmb %s, jgrapht/mehlhorn %s%n", ratio(ms[2], ms[0]), ratio(ms[2], ms[1]));
        out.flush();
    }

    /** Random connected graph: random spanning tree, then random extra edges up to {@code m}; costs 1..100. */
    static Network randomGraph(SplittableRandom rnd, int n, int m) {
        Network.Builder b = Network.builder().addNodes(n);
        for (int i = 1; i < n; i++) b.addEdge(i, rnd.nextInt(i), 1, 1 + rnd.nextInt(100));
        int edges = n - 1;
        while (edges < m) {
            int u = rnd.nextInt(n), v = rnd.nextInt(n);
            if (u == v || b.hasEdge(u, v)) continue;
            b.addEdge(u, v, 1, 1 + rnd.nextInt(100));
            edges++;
        }
        return b.build();
    }

    /**
     * Median of {@code reps} timed runs after {@code warmups} untimed ones. Returns {@code -limit} (a
     * negative number of milliseconds) when one run takes longer than {@code limitMillis}: JGraphT's
     * KMB runs one point-to-point Dijkstra per terminal pair, which takes many minutes on large inputs.
     * The abandoned run is left to finish on a daemon thread.
     */
    static double medianMillis(Solver s, Network g, int[] terms, int warmups, int reps, long limitMillis) {
        double[] t = new double[reps];
        for (int i = 0; i < warmups + reps; i++) {
            Thread worker = new Thread(() -> s.cost(g, terms), "bench");
            worker.setDaemon(true);
            long start = System.nanoTime();
            worker.start();
            try {
                worker.join(limitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
            if (worker.isAlive()) return -limitMillis;
            if (i >= warmups) t[i - warmups] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /**
     * Median of {@code reps} timed runs on the calling thread after {@code warmups} untimed ones (so
     * the JIT has compiled the code). The per-thread workspace is dropped before every run, so each
     * timed run includes its own setup, as a single {@code ddam steiner} solve would.
     */
    static double medianMillisHere(Solver s, Network g, int[] terms, int warmups, int reps) {
        double sink = 0;
        for (int i = 0; i < warmups; i++) {
            Workspace.clearCurrent();
            sink += s.cost(g, terms);
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            Workspace.clearCurrent();
            long start = System.nanoTime();
            sink += s.cost(g, terms);
            t[i] = (System.nanoTime() - start) / 1e6;
        }
        if (sink == 42) System.out.print(""); // keeps the results alive
        Arrays.sort(t);
        return t[reps / 2];
    }

    static String ms(double m) {
        return m < 0 ? String.format(Locale.ROOT, ">%.0f", -m) : String.format(Locale.ROOT, "%.3f", m);
    }

    static String ratio(double slow, double fast) {
        return slow < 0 ? String.format(Locale.ROOT, ">%.0fx", -slow / fast) : String.format(Locale.ROOT, "%.1fx", slow / fast);
    }
}
