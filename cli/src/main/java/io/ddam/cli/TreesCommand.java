package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.DotWriter;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeDesigner;
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

/** {@code ddam trees}: one routing tree per agent, with the delay and load figures the protocols use. */
@Command(name = "trees",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Design one routing tree per agent, with delays and link loads.",
        sortOptions = false,
        description = {
                "Design one routing tree per agent n, reaching every agent in W_n, and print per-agent",
                "round-trip delay sum tau_sum, tau_max, delta-tau, depth, tree cost and solver status,",
                "then the network totals: sum of tau_sum, the busiest link's load C_max (eq. 15) and total cost.",
                "",
                "Designers:  spt            shortest-path tree by delay (exact for the delay objective; fast)",
                "            star           the paper's (E-1) delay MILP in OR-Tools (same optimum as spt)",
                "            kmb            Kou-Markowsky-Berman Steiner tree by edge cost (2-approximation)",
                "            mehlhorn       Mehlhorn's faster KMB variant (same guarantee)",
                "            exact-steiner  minimum-cost Steiner tree, MILP in OR-Tools",
                "",
                "Example:  ddam trees instances/synthetic20.json --designer star"})
public final class TreesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INSTANCE", description = "Instance file (.json, .stp, .gr, .graphml).")
    Path file;

    @Option(names = "--designer", paramLabel = "NAME", defaultValue = "spt",
            description = "Tree designer: " + SolverOptions.NAMES + " (default: ${DEFAULT-VALUE}).")
    String designerName;



    @Option(names = "--threads", paramLabel = "N",
            description = "Agents designed in parallel (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--dot", paramLabel = "DIR", description = "Also write one Graphviz file per agent's tree into DIR.")
    Path dotDir;

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
        Instance inst = instance.load(file);
        InterestMatrix w = inst.requireInterest();
        Network g = inst.network();
        TreeDesigner designer = solver.designer(designerName);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) throw new DdamInputException("--threads must be >= 1");

        long t0 = System.nanoTime();
        List<DesignedTree> results;
        try (Progress progress = Progress.start("designing " + designer.name() + " trees", g.nodeCount())) {
            // Agents are independent; TreeDesign solves them on nThreads threads, results by index.
            results = TreeDesign.design(progress.counting(designer), g, w, nThreads).results();
        } catch (DdamInputException e) {
            throw e.source() == null ? new DdamInputException(file.toString(), 0, e.problem(), e) : e;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        for (int n = 0; n < results.size(); n++) {
            DesignedTree r = results.get(n);
            if (!r.status().hasTree()) {
                throw new DdamInputException(file.toString(), 0, "no tree for agent " + g.describe(n) + ": the solver reported "
                        + r.status().label() + (solver.timeLimit > 0 ? " within the " + solver.timeLimit + " s time limit" : "")
                        + "; raise --time-limit or try --designer spt");
            }
        }
        TreeDesign design = new TreeDesign(designer.name(), g, w, results);
        TreeMetrics metrics = design.metrics();
        long feasibleOnly = results.stream().filter(r -> r.status() == SolveStatus.FEASIBLE).count();

        if (dotDir != null) {
            for (int n = 0; n < g.nodeCount(); n++) {
                DotWriter.write(g, n, design.tree(n).edges(),
                        dotDir.resolve(safe(inst.name()) + "-" + designer.name() + "-agent" + g.id(n) + ".dot"));
            }
        }
        String text = switch (output.format()) {
            case json -> Render.json(json(inst, design, metrics, wall));
            case csv -> table(design, metrics).csv();
            case table -> table(design, metrics).text() + "\n" + totals(design, metrics, wall);
        };
        output.emit(text, spec.commandLine().getOut());
        if (feasibleOnly > 0) {
            spec.commandLine().getErr().println("warning: " + feasibleOnly + " of " + results.size()
                    + " trees are feasible but not proven optimal (time limit); see the gap column");
        }
        return Main.OK;
    }

    private static String safe(String s) {
        return s.isEmpty() ? "instance" : s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String agentName(Network g, int n) {
        return g.label(n) != null ? g.label(n) : Integer.toString(g.id(n));
    }

    private static Render.Table table(TreeDesign d, TreeMetrics m) {
        Network g = d.network();
        Render.Table t = new Render.Table("agent", "targets", "tree_edges", "depth", "tau_sum", "tau_max", "delta_tau",
                "cost", "status", "gap", "ms").right(1, 2, 3, 4, 5, 6, 7, 9, 10);
        for (int n = 0; n < d.size(); n++) {
            DesignedTree r = d.get(n);
            t.row(agentName(g, n), m.interestSetSize(n), r.tree().edgeCount(), m.depth(n), m.tauSum(n), m.tauMax(n),
                    m.deltaTau(n), Render.num(m.cost(n), 3), r.status().label(), gap(r), String.format(Locale.ROOT, "%.1f", r.nanos() / 1e6));
        }
        return t;
    }

    private static String gap(DesignedTree r) {
        double gp = r.gap();
        return Double.isNaN(gp) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * gp);
    }

    private static String totals(TreeDesign d, TreeMetrics m, double wall) {
        return String.format(Locale.ROOT,
                "designer %s: sum tau_sum = %d, C_max = %d (busiest link %s), total tree cost = %s, max depth = %d, %.3f s%n",
                d.designer(), m.totalTauSum(), m.cMax(), edgeName(d.network(), m.busiestEdge()),
                Render.num(m.totalCost(), 3), m.maxDepth(), wall);
    }

    private static String edgeName(Network g, int e) {
        return e < 0 ? "-" : agentName(g, g.edgeU(e)) + "-" + agentName(g, g.edgeV(e));
    }

    /** The documented JSON result (docs/formats.md, "ddam trees"). */
    private Map<String, Object> json(Instance inst, TreeDesign d, TreeMetrics m, double wall) {
        Network g = d.network();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("instance", inst.name());
        root.put("file", file.toString());
        root.put("designer", d.designer());
        root.put("solver", SolverOptions.usesMilp(designerName) ? solver.solver.toLowerCase(Locale.ROOT) : null);
        List<Object> agents = new ArrayList<>();
        for (int n = 0; n < d.size(); n++) {
            DesignedTree r = d.get(n);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("agent", g.id(n));
            a.put("label", g.label(n));
            List<Integer> targets = new ArrayList<>();
            for (int t : m.interestSet(n)) targets.add(g.id(t));
            a.put("targets", targets);
            List<int[]> edges = new ArrayList<>();
            for (int e : r.tree().edges()) edges.add(new int[] {g.id(g.edgeU(e)), g.id(g.edgeV(e))});
            a.put("treeEdges", edges);
            a.put("depth", m.depth(n));
            a.put("tauSum", m.tauSum(n));
            a.put("tauMax", m.tauMax(n));
            a.put("tauMin", m.tauMin(n));
            a.put("deltaTau", m.deltaTau(n));
            a.put("cost", m.cost(n));
            a.put("status", r.status().label());
            a.put("objective", r.objective());
            a.put("bound", Double.isNaN(r.bound()) ? null : r.bound());
            a.put("gap", Double.isNaN(r.gap()) ? null : r.gap());
            a.put("seconds", r.nanos() / 1e9);
            agents.add(a);
        }
        root.put("agents", agents);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("tauSum", m.totalTauSum());
        totals.put("cMax", m.cMax());
        int be = m.busiestEdge();
        totals.put("busiestEdge", be < 0 ? null : new int[] {g.id(g.edgeU(be)), g.id(g.edgeV(be))});
        totals.put("cost", m.totalCost());
        totals.put("maxDepth", m.maxDepth());
        totals.put("seconds", wall);
        root.put("totals", totals);
        return root;
    }
}
