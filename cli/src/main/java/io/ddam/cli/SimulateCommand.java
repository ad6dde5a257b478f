package io.ddam.cli;

import io.ddam.online.data.DataStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.StarMilpDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ddam simulate}: run the online protocols over the routing trees and measure regret. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Run the online protocols on a data stream and measure regret against the theorems' bounds.",
        sortOptions = false,
        description = {
                "Runs the protocols from X = 0 on the instance's agents and prints one row per protocol: "
                        + "iterations run (DDAM-TOGD after the fair-time rule), cumulative loss, static and dynamic regret "
                        + "(total and per step), the comparators' path length, Self-/Cross-NMSE, the theorem's bound for "
                        + "the run and whether its gradient bounds G_n are proven or measured, and wall time.",
                "",
                "Protocols: ogd (full-information OGD, eq. 6), cdogd (consensus, eq. 11, Metropolis-Hastings),",
                "           local (independent learners), ddam-star (DDAM-TOGD over delay-optimal trees),",
                "           ddam-st (DDAM-TOGD over KMB Steiner trees), ddam-joint (over the joint MILP's",
                "           load-aware trees), ddam-joint-heuristic; any ddam-* name with the suffix -agg runs",
                "           with the aggregate transport (ddam-joint-agg: joint trees designed for it).",
                "Data:      synthetic (eq. 41), synthetic-traffic (a synthetic stand-in, not real data),",
                "           or a file: the ddam CSV (agent,t,k1..,v1..) or a traffic CSV "
                        + "(square_id,time_interval,internet_total).",
                "",
                "Example:  ddam simulate instances/synthetic20.json --horizon 500"})
public final class SimulateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INSTANCE", description = "Instance file with W (or give --interest).")
    Path file;

    @Mixin
    LearningOptions learning;

    @Option(names = "--star-trees", paramLabel = "DESIGNER", defaultValue = "spt",
            description = "Trees for ddam-star: spt (default) or star (the (E-1) MILP in OR-Tools). Every optimal (E-1) tree "
                    + "has the same per-pair delays as the shortest-path tree, so learning is the same; the trees' link loads "
                    + "(C_max, hence the fair-time iterations) can differ when shortest paths tie.")
    String starTrees;

    @Mixin
    SolverOptions solver;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads (default: all cores): up to N protocols run at once, and a protocol running alone splits "
                    + "its agents' updates over the threads (not under 32 agents). Results are bitwise identical for any N; "
                    + "only wall times change (with several protocols at once, each row's wall time overlaps the others').")
    Integer threads;

    @Mixin
    FailureOptions failureOptions;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "With --failures: plot regret against time, with and without failures, the failure events marked.")
    Path plot;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write the per-step time-average static regret of every protocol as CSV.")
    Path trace;

    @Option(names = "--checkpoints", paramLabel = "T1,T2,...", split = ",",
            description = "Also report every protocol at these horizons, from the same run (prefix metrics: one run of "
                    + "--horizon gives the regret at every checkpoint, with memory bounded by the delays, not T). Needs a "
                    + "step size that does not depend on T (a number).")
    int[] checkpoints;

    @Mixin
    InstanceOptions instance;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Instance inst = instance.load(file);
        Network g = inst.network();
        int n = g.nodeCount();
        g.requireConnected(file.toString());
        long seed = instance.seed == null ? 1 : instance.seed;
        if (learning.horizon() < 1) throw new DdamInputException("--horizon must be >= 1");
        if (threads != null && threads < 1) throw new DdamInputException("--threads must be >= 1");
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = g.id(i);
        DataStream stream = learning.stream(ids, seed);
        MemoryCost cost = learning.cost(stream, inst.requireInterest());
        Projection projection = learning.projection();
        FairTime rule = learning.fairTime();
        Map<String, TreeMetrics> trees = Map.of();
        switch (starTrees.toLowerCase(Locale.ROOT)) {
            case "spt":
                break;
            case "star":
                if (learning.runs("ddam-star")) {
                    trees = Map.of("ddam-star", TreeDesign.design(new StarMilpDesigner(), g, inst.requireInterest(), workers).metrics());
                }
                break;
            default:
                throw new DdamInputException("--star-trees must be spt or star, not '" + starTrees + "'");
        }
        learning.transport();
        trees = learning.trees(g, inst.requireInterest(), trees, solver, file.toString(), workers);
        if (failureOptions.active()) {
            if (checkpoints != null) throw new DdamInputException("--checkpoints cannot be combined with --failures");
            Simulation.FailureSetup setup = failureOptions.setup(inst, learning.horizon(), solver);
            if (plot != null) OutputOptions.requirePng(plot);
            List<Simulation.FailureRow> rows;
            try (Progress progress = Progress.start("simulating with failures", 1)) {
                rows = learning.runWithFailures(g, inst.requireInterest(), stream, cost, projection, rule, trees,
                        trace != null || plot != null, workers, setup);
                progress.step();
            }
            if (plot != null) {
                FailureOptions.plot("ddam simulate " + inst.name() + ": regret with link failures", setup, rows, learning.horizon())
                        .writePng(plot);
            }
            String text = switch (output.format()) {
                case json -> {
                    Map<String, Object> root = new LinkedHashMap<>();
                    root.put("instance", inst.name());
                    learning.putSettings(root, stream, cost, rule);
                    root.put("failures", failureOptions.json(setup, rows));
                    yield Render.json(root);
                }
                case csv -> Render.csv(Render.rows(failureOptions.json(setup, rows).get("protocols")));
                case table -> learning.header(inst, stream, cost, rule, learning.transport() != Transport.UNICAST) + System.lineSeparator()
                        + "failures: " + failureOptions.failures + " (" + setup.schedule().events().size() + " link events"
                        + (setup.repairDelay() < 0 ? ", no repair" : ", repair after " + setup.repairDelay() + " steps") + ")"
                        + System.lineSeparator() + FailureOptions.table(rows).text();
            };
            output.emit(text, spec.commandLine().getOut());
            return Main.OK;
        }
        if (plot != null) throw new DdamInputException("--plot needs --failures (the regret plot of simulate marks failure events)");
        if (checkpoints != null) return checkpointRun(inst, g, stream, cost, projection, rule, trees, workers);
        List<Simulation.Row> rows;
        try (Progress progress = Progress.start("simulating", learning.protocols.size())) {
            rows = learning.run(g, inst.requireInterest(), stream, cost, projection, rule, trees, trace != null, workers, progress);
        }
        if (trace != null) OutputOptions.writeAtomically(trace, traceCsv(rows));
        String text = switch (output.format()) {
            case json -> Render.json(json(inst, stream, cost, rule, rows));
            case csv -> Render.csv(Render.rows(json(inst, stream, cost, rule, rows).get("protocols")));
            case table -> learning.header(inst, stream, cost, rule, learning.transport() != Transport.UNICAST) + System.lineSeparator()
                    + table(rows).text();
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    /** {@code --checkpoints}: one run, a table (or JSON object) per checkpoint. */
    private Integer checkpointRun(Instance inst, Network g, DataStream stream, MemoryCost cost, Projection projection, FairTime rule,
                                  Map<String, TreeMetrics> trees, int workers) throws IOException {
        if (trace != null) throw new DdamInputException("--trace and --checkpoints cannot be combined");
        Simulation.Config c = new Simulation.Config(g, inst.requireInterest(), stream, cost, projection, learning.protocols,
                learning.horizon(), learning.eta, rule, learning.window, false, trees, null, workers);
        List<List<Simulation.Row>> all = Simulation.run(c, Simulation.Options.defaults().withCheckpoints(checkpoints)).byCheckpoint();
        StringBuilder text = new StringBuilder();
        List<Object> list = new ArrayList<>();
        List<Map<String, Object>> csvRows = new ArrayList<>();
        for (List<Simulation.Row> rows : all) {
            int h = rows.stream().filter(r -> r.protocol().equals("ogd") || r.protocol().equals("cdogd") || r.protocol().equals("local"))
                    .mapToInt(Simulation.Row::iterations).findFirst().orElse(-1);
            switch (output.format()) {
                case table -> text.append(String.format(Locale.ROOT, "%ncheckpoint T = %s%n", h < 0 ? "(ddam iterations below)" : h))
                        .append(table(rows).text());
                case csv -> {
                    for (Simulation.Row r : rows) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("checkpoint", h);     // every row of the one table says which prefix it measures
                        m.putAll(protocolJson(r));
                        csvRows.add(m);
                    }
                }
                case json -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("checkpoint", h);
                    List<Object> ps = new ArrayList<>();
                    for (Simulation.Row r : rows) ps.add(protocolJson(r));
                    m.put("protocols", ps);
                    list.add(m);
                }
            }
        }
        String out = switch (output.format()) {
            case json -> {
                Map<String, Object> root = json(inst, stream, cost, rule, all.get(all.size() - 1));
                root.put("checkpoints", list);
                yield Render.json(root);
            }
            case csv -> Render.csv(csvRows);
            case table -> LearningOptions.header(inst, stream, cost, rule) + text;
        };
        output.emit(out, spec.commandLine().getOut());
        return Main.OK;
    }

    private Render.Table table(List<Simulation.Row> rows) {
        Render.Table t = new Render.Table("protocol", "iterations", "c_max", "loss", "static_regret", "static_per_step",
                "dynamic_regret", "dynamic_per_step", "path_length", "self_nmse", "cross_nmse", "static_bound", "G", "eta", "wall_ms")
                .right(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14);
        for (Simulation.Row r : rows) {
            t.row(r.protocol(), r.iterations(), Render.num(r.cMax(), 2), g4(r.loss()), g4(r.staticRegret()), g4(r.staticRegretAverage()),
                    g4(r.dynamicRegret()), g4(r.dynamicRegretAverage()), g4(r.pathLength()), g4(r.selfNmse()), g4(r.crossNmse()),
                    r.staticBound().applies() ? g4(r.staticBound().value()) : "-",
                    r.staticBound().applies() ? r.staticBound().source().label() : "-", etaLabel(r.eta()),
                    String.format(Locale.ROOT, "%.0f", r.wallNanos() / 1e6));
        }
        return t;
    }

    /** The step size as printed: one number when all agents share it, else the range. */
    private static String etaLabel(double[] eta) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double e : eta) { lo = Math.min(lo, e); hi = Math.max(hi, e); }
        return lo == hi ? g4(lo) : g4(lo) + ".." + g4(hi);
    }

    static String g4(double x) {
        if (Double.isNaN(x)) return "-";
        return String.format(Locale.ROOT, "%.4g", x);
    }

    private Map<String, Object> json(Instance inst, DataStream s, MemoryCost cost, FairTime rule, List<Simulation.Row> rows) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("instance", inst.name());
        learning.putSettings(root, s, cost, rule);
        List<Object> list = new ArrayList<>();
        for (Simulation.Row r : rows) {
            list.add(protocolJson(r));
        }
        root.put("protocols", list);
        return root;
    }

    /** One protocol's JSON object (docs/formats.md, "ddam simulate"); {@code ddam compare} prints the same. */
    static Map<String, Object> protocolJson(Simulation.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", r.protocol());
        m.put("iterations", r.iterations());
        m.put("cMax", Render.jsonNumber(r.cMax()));
        m.put("loss", r.loss());
        m.put("staticRegret", r.staticRegret());
        m.put("staticRegretPerStep", r.staticRegretAverage());
        m.put("dynamicRegret", r.dynamicRegret());
        m.put("dynamicRegretPerStep", r.dynamicRegretAverage());
        m.put("pathLength", r.pathLength());
        m.put("selfNmse", r.selfNmse());
        m.put("crossNmse", r.crossNmse());
        m.put("staticBound", r.staticBound().applies() ? r.staticBound().value() : null);
        m.put("staticBoundTheorem", r.staticBound().theorem());
        m.put("staticBoundReason", r.staticBound().applies() ? null : r.staticBound().reason());
        m.put("dynamicBound", r.dynamicBound().applies() ? r.dynamicBound().value() : null);
        m.put("gradientBounds", r.staticBound().source().label());
        m.put("eta", r.eta());
        m.put("wallSeconds", r.wallNanos() / 1e9);
        return m;
    }

    private static String traceCsv(List<Simulation.Row> rows) {
        StringBuilder sb = new StringBuilder("t");
        int longest = 0;
        for (Simulation.Row r : rows) {
            sb.append(',').append(r.protocol());
            longest = Math.max(longest, r.metrics().staticTrace().length);
        }
        sb.append('\n');
        for (int t = 0; t < longest; t++) {
            sb.append(t + 1);
            for (Simulation.Row r : rows) {
                double[] tr = r.metrics().staticTrace();
                sb.append(',');
                if (t < tr.length) sb.append(tr[t]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
