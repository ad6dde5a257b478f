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

    @Option(names = "--no-milp", description = "Run only spt and joint-heuristic (for networks too large for the MILP).")
    boolean noMilp;

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
        Render.Table t = new Render.Table("instance", "nodes", "links", "transport", "spt", "heuristic", "joint", "bound", "status",
                "gap", "heur_s", "joint_s").right(1, 2, 4, 5, 6, 7, 9, 10, 11);
        List<Object> json = new ArrayList<>();
        try (Progress progress = Progress.start("bench joint", (long) files.size() * ts.size())) {
            for (Path f : files) {
                Instance inst = instance.load(f);
                Network g = unitDelays ? withUnitDelays(inst.network()) : inst.network();
                InterestMatrix w = inst.requireInterest();
                TreeMetrics spt = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
                for (Transport tr : ts) {
                    JointDesign h = solver.designAll("joint-heuristic", f.toString(), g, w, tr, 1, Progress.none()).joint();
                    JointDesign j = noMilp ? null : solver.designAll("joint", f.toString(), g, w, tr, 1, Progress.none()).joint();
                    JointDesign best = j != null ? j : h;
                    double bound = Math.max(h.bound(), j == null ? Double.NEGATIVE_INFINITY : j.bound());
                    double gap = best.cMax() == 0 ? 0 : Math.max(0, (best.cMax() - bound) / best.cMax());
                    t.row(inst.name(), g.nodeCount(), g.edgeCount(), tr.cliName(), Render.num(spt.withTransport(tr).cMax(), 2),
                            Render.num(h.cMax(), 2), j == null ? "-" : Render.num(j.cMax(), 2), Render.num(bound, 2),
                            j == null ? "-" : j.status().label(), String.format(Locale.ROOT, "%.2f%%", 100 * gap),
                            String.format(Locale.ROOT, "%.2f", h.nanos() / 1e9), j == null ? "-" : String.format(Locale.ROOT, "%.2f", j.nanos() / 1e9));
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("instance", inst.name());
                    o.put("file", f.toString());
                    o.put("nodes", g.nodeCount());
                    o.put("links", g.edgeCount());
                    o.put("transport", tr.cliName());
                    o.put("sptCMax", Render.jsonNumber(spt.withTransport(tr).cMax()));
                    o.put("heuristic", TreesCommand.jointJson(h));
                    o.put("joint", j == null ? null : TreesCommand.jointJson(j));
                    o.put("bound", Render.jsonNumber(bound));
                    o.put("gap", gap);
                    json.add(o);
                    progress.step();
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
