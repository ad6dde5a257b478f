package io.ddam.cli;

import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.JointDesign;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;

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

/** {@code ddam bench joint}: C_max of shortest-path, joint-heuristic and joint trees, with bounds, status and time. */
@Command(name = "joint",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "C_max of spt, joint-heuristic and joint trees per transport, with lower bounds, status and time.",
        sortOptions = false,
        description = {
                "For every instance and transport: C_max of the shortest-path trees (the paper's delay-optimal "
                        + "design), of joint-heuristic and of the joint MILP at the same delay (--delay-slack, default 0), "
                        + "the best lower bound (LP relaxation, cuts, the solver's), the MILP's status and gap, and the "
                        + "wall time of each designer (joint includes its heuristic start and LP bound). DDAM-TOGD's "
                        + "fair-time iterations are floor(T / C_max): the ratio spt/joint is the speed-up.",
                "",
                "Example:  ddam bench joint instances/synthetic20.json instances/er16.json",
                "          ddam bench joint ../shared/data/topologies/*.graphml --interest uniform --unit-delays"})
public final class BenchJointCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INSTANCE", arity = "1..*", description = "Instance files (W from the file or --interest).")
    List<Path> files;

    @Option(names = "--unit-delays", description = "Replace every edge delay by 1 (hop counts), as in the paper.")
    boolean unitDelays;

    @Option(names = "--transports", paramLabel = "LIST", split = ",", defaultValue = "unicast,aggregate",
            description = "Transports to design for (default: ${DEFAULT-VALUE}).")
    List<String> transports;

    @Option(names = "--no-milp", description = "Run only spt and joint-heuristic (no OR-Tools).")
    boolean noMilp;

    @Option(names = "--no-heuristic", description = "Skip the separate joint-heuristic run (joint still starts from it on networks up to 2,000 nodes).")
    boolean noHeuristic;

    @Option(names = "--slacks", paramLabel = "LIST", split = ",",
            description = "Delay slacks to run, one row each (e.g. 0,0.1,0.5; default: --delay-slack).")
    List<String> slacks;

    @Option(names = "--compact", description = "Also run the compact MILP (--method compact) on every row, for its figures beside joint's.")
    boolean compact;

    @Mixin
    SolverOptions solver;

    @Mixin
    InstanceOptions instance;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Transport> ts = new ArrayList<>();
        for (String t : transports) ts.add(Transport.parse(t));
        solver.check("joint");
        Render.Table t = new Render.Table("instance", "nodes", "links", "transport", "eps", "spt", "heuristic", "joint", "method", "bound",
                "bound_kind", "status", "gap", "heur_s", "joint_s", "joint_heap_mb", "compact", "compact_gap", "compact_s", "compact_heap_mb")
                .right(1, 2, 4, 5, 6, 7, 9, 12, 13, 14, 15, 16, 17, 18, 19);
        List<String> epsList = slacks == null || slacks.isEmpty() ? List.of(solver.delaySlackText) : slacks;
        String given = solver.delaySlackText;
        for (String eps : epsList) {
            // Checked before any work, naming the option the value came from.
            solver.delaySlackText = eps;
            try {
                solver.delaySlack();
            } catch (io.ddam.solver.DdamInputException e) {
                if (slacks == null || slacks.isEmpty()) throw e;
                throw new io.ddam.solver.DdamInputException("--slacks: each value must be a number >= 0 or 'inf', not '" + Render.clip(eps) + "'");
            }
        }
        solver.delaySlackText = given;
        String method = solver.method;
        List<Object> json = new ArrayList<>();
        try (Progress progress = Progress.start("bench joint", (long) files.size() * ts.size() * epsList.size())) {
            for (Path f : files) {
                Instance inst = instance.load(f);
                Network g = unitDelays ? withUnitDelays(inst.network()) : inst.network();
                InterestMatrix w = inst.requireInterest();
                TreeMetrics spt = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
                for (Transport tr : ts) {
                    for (String eps : epsList) {
                        solver.delaySlackText = eps;
                        solver.method = method;
                        JointDesign h = noHeuristic ? null : solver.designAll("joint-heuristic", f.toString(), g, w, tr, 1, Progress.none()).joint();
                        HeapPeak.reset();
                        JointDesign j = noMilp ? null : solver.designAll("joint", f.toString(), g, w, tr, 1, Progress.none()).joint();
                        double jointHeap = HeapPeak.megabytes();
                        JointDesign c = null;
                        double compactHeap = Double.NaN;
                        if (compact && !noMilp) {
                            solver.method = "compact";
                            HeapPeak.reset();
                            c = solver.designAll("joint", f.toString(), g, w, tr, 1, Progress.none()).joint();
                            compactHeap = HeapPeak.megabytes();
                            solver.method = method;
                        }
                        JointDesign best = j != null ? j : h;
                        double bound = Math.max(h == null ? Double.NEGATIVE_INFINITY : h.bound(), j == null ? Double.NEGATIVE_INFINITY : j.bound());
                        double gap = best.cMax() == 0 ? 0 : Math.max(0, (best.cMax() - bound) / best.cMax());
                        t.row(inst.name(), g.nodeCount(), g.edgeCount(), tr.cliName(), eps, Render.num(spt.withTransport(tr).cMax(), 2),
                                h == null ? "-" : Render.num(h.cMax(), 2), j == null ? "-" : Render.num(j.cMax(), 2),
                                j == null ? "-" : j.log().method(), Render.num(bound, 2),
                                j == null ? "-" : TreesCommand.bestBoundName(j), j == null ? "-" : j.status().label(),
                                String.format(Locale.ROOT, "%.2f%%", 100 * gap),
                                h == null ? "-" : String.format(Locale.ROOT, "%.2f", h.nanos() / 1e9),
                                j == null ? "-" : String.format(Locale.ROOT, "%.2f", j.nanos() / 1e9),
                                j == null ? "-" : String.format(Locale.ROOT, "%.0f", jointHeap),
                                c == null ? "-" : Render.num(c.cMax(), 2), c == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * c.gap()),
                                c == null ? "-" : String.format(Locale.ROOT, "%.2f", c.nanos() / 1e9),
                                c == null ? "-" : String.format(Locale.ROOT, "%.0f", compactHeap));
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("instance", inst.name());
                        o.put("file", f.toString());
                        o.put("nodes", g.nodeCount());
                        o.put("links", g.edgeCount());
                        o.put("transport", tr.cliName());
                        o.put("sptCMax", Render.jsonNumber(spt.withTransport(tr).cMax()));
                        o.put("heuristic", h == null ? null : TreesCommand.jointJson(h));
                        o.put("joint", j == null ? null : TreesCommand.jointJson(j));
                        o.put("bound", Render.jsonNumber(bound));
                        o.put("gap", gap);
                        o.put("delaySlack", eps);
                        o.put("jointHeapMb", j == null ? null : Render.jsonNumber(jointHeap));
                        o.put("compact", c == null ? null : TreesCommand.jointJson(c));
                        o.put("compactHeapMb", c == null ? null : Render.jsonNumber(compactHeap));
                        json.add(o);
                        progress.step();
                    }
                }
            }
        }
        String text = switch (output.format()) {
            case json -> Render.json(Map.of("results", json));
            case csv -> Render.csv(Render.rows(json));
            case table -> t.text();
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    /**
     * Peak heap use of this JVM between {@link #reset()} and {@link #megabytes()}, from the memory pools' peak
     * counters (a floor for the process's peak: it leaves out native memory such as OR-Tools' solvers).
     */
    static final class HeapPeak {
        private HeapPeak() {}

        static void reset() {
            System.gc();
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) pool.resetPeakUsage();
            }
        }

        static double megabytes() {
            long sum = 0;
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
            }
            return sum / 1048576.0;
        }
    }

    /** The same network with every delay 1 (ids, labels, costs and capacities kept). */
    static Network withUnitDelays(Network g) {
        Network.Builder b = Network.builder();
        for (int i = 0; i < g.nodeCount(); i++) b.addNode(g.id(i), g.label(i));
        for (int e = 0; e < g.edgeCount(); e++) {
            b.addEdge(g.id(g.edgeU(e)), g.id(g.edgeV(e)), 1, g.cost(e), g.capacity(e));
        }
        return b.build();
    }
}
