package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.DotWriter;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.milp.ExactSteinerDesigner;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.SteinerTrees;
import io.ddam.solver.tree.TreeDesigner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/** {@code ddam steiner}: one Steiner tree on a terminal set, by edge cost. */
@Command(name = "steiner",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Solve one Steiner tree problem (kmb, mehlhorn or exact-steiner).",
        sortOptions = false,
        description = {
                "Solve one Steiner tree problem: connect all terminals at minimum total edge cost.",
                "Terminals come from the SteinLib/PACE file, or from --terminals.",
                "",
                "Designers:  kmb            Kou-Markowsky-Berman, within 2(1-1/l) of the optimum",
                "            mehlhorn       Mehlhorn's variant (one multi-source Dijkstra), same guarantee",
                "            exact-steiner  minimum-cost Steiner tree: reductions, then a dynamic program (few terminals) or",
                "                           dual ascent and the directed-cut MILP; optimal, or the best tree and its gap at the time limit",
                "",
                "Example:  ddam steiner ../shared/data/steinlib/B/b01.stp --designer exact-steiner"})
public final class SteinerCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .stp, .gr, .json or .graphml file.")
    Path file;

    @Option(names = "--designer", paramLabel = "NAME",
            description = "kmb (default), mehlhorn or exact-steiner (as in ddam trees).")
    String algorithm;

    @Option(names = "--algorithm", paramLabel = "NAME", hidden = true, description = "Deprecated spelling of --designer.")
    void oldAlgorithm(String name) {
        OldSpellings.note(spec, "--algorithm", "--designer");
        algorithm = name;
    }

    @Option(names = "--terminals", paramLabel = "IDS", split = ",",
            description = "Terminal node ids (comma-separated); replaces the file's terminals.")
    List<Integer> terminalIds;

    @Option(names = "--dot", paramLabel = "FILE", description = "Also write the tree as a Graphviz file.")
    Path dot;

    @Mixin
    SolverOptions solver;

    @Mixin
    SteinerMethodOptions method;

    @Mixin
    GraphMLOptions graphml;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (algorithm == null) algorithm = "kmb";   // the default (see --designer)
        String alg = algorithm.toLowerCase(Locale.ROOT);
        if (!List.of("kmb", "mehlhorn", "exact", "exact-steiner").contains(alg)) {
            throw new DdamInputException("unknown designer '" + algorithm + "'; choose kmb, mehlhorn or exact-steiner");
        }
        if (alg.equals("exact")) OldSpellings.note(spec, "--designer exact", "--designer exact-steiner");
        Instance inst = InstanceFiles.read(file, graphml.options());
        Network g = inst.network();
        int[] terminals = terminalIds == null ? inst.terminals() : indices(g, terminalIds);
        if (terminals.length == 0) {
            throw new DdamInputException(file.toString(), 0, "has no terminals; give them with --terminals 1,5,9");
        }
        TreeDesigner designer = method.apply(solver.designer(alg), solver.method);
        DesignedTree r;
        ExactSteinerDesigner.Stats stats = null;
        try {
            if (designer instanceof ExactSteinerDesigner exact) {
                ExactSteinerDesigner.Result res = exact.solve(g, terminals[0], Arrays.copyOfRange(terminals, 1, terminals.length), null);
                r = res.design();
                stats = res.stats();
            } else {
                r = SteinerTrees.solve(designer, g, terminals);
            }
        } catch (DdamInputException e) {
            throw e.source() == null ? new DdamInputException(file.toString(), 0, e.problem(), e) : e;
        }
        if (!r.status().hasTree()) {
            throw new DdamInputException(file.toString(), 0, "no Steiner tree: the solver reported " + r.status().label()
                    + (solver.timeLimit > 0 ? " within the " + solver.timeLimit + " s time limit" : ""));
        }
        if (dot != null) DotWriter.write(g, r.tree().root(), r.tree().edges(), dot);
        Map<String, Object> m = result(inst, g, terminals, designer, r, stats);
        String text = switch (output.format()) {
            case json -> Render.json(m);
            case csv -> Render.csv(List.of(m));
            case table -> table(inst, g, terminals, designer, r) + (stats == null ? "" : statsTable(stats));
        };
        output.emit(text, spec.commandLine().getOut());
        if (r.status() == io.ddam.solver.tree.SolveStatus.FEASIBLE) {
            spec.commandLine().getErr().println("warning: time limit reached; the tree is feasible, not proven optimal");
        }
        return Main.OK;
    }

    /** The exact designer's extra table lines: reductions, method and time per phase. */
    private static String statsTable(ExactSteinerDesigner.Stats s) {
        return String.format(Locale.ROOT, "%-11s %d nodes, %d edges removed (fixed cost %s); %d nodes, %d edges, %d terminals left%n"
                        + "%-11s %s%n%-11s reduce %.3f s, dual ascent %.3f s, LP %.3f s, MILP %.3f s, DP %.3f s%n",
                "reduction", s.nodesRemoved(), s.edgesRemoved(), Render.num(s.fixedCost(), 3), s.reducedNodes(), s.reducedEdges(),
                s.reducedTerminals(), "method", s.method() + (Double.isNaN(s.dualAscentBound()) ? ""
                        : " (dual-ascent bound " + Render.num(s.dualAscentBound(), 3) + ")"),
                "phases", s.reduceSeconds(), s.dualAscentSeconds(), s.lpSeconds(), s.milpSeconds(), s.dpSeconds());
    }

    private static String table(Instance inst, Network g, int[] terminals, TreeDesigner designer, DesignedTree r) {
        return String.format(Locale.ROOT,
                    "%-11s %s%n%-11s %d nodes, %d edges, %d terminals%n%-11s %s%n%-11s %s%n%-11s %s%s%n%-11s %d edges%n%-11s %.3f s%n",
                    "instance", inst.name(), "network", g.nodeCount(), g.edgeCount(), terminals.length,
                    "algorithm", designer.name(), "cost", Render.num(r.objective(), 3), "status", r.status().label(),
                    Double.isNaN(r.gap()) ? "" : String.format(Locale.ROOT, " (gap %.2f%%, bound %s)", 100 * r.gap(), Render.num(r.bound(), 3)),
                    "tree", r.tree().edgeCount(), "time", r.nanos() / 1e9);
    }

    private int[] indices(Network g, List<Integer> ids) {
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.indexOf(ids.get(i));
            if (out[i] < 0) throw new DdamInputException(file.toString(), 0, "--terminals names node " + ids.get(i) + ", which is not in the network");
        }
        return out;
    }

    /** The documented JSON result (docs/formats.md, "ddam steiner"). */
    private Map<String, Object> result(Instance inst, Network g, int[] terminals, TreeDesigner designer, DesignedTree r,
                                       ExactSteinerDesigner.Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("name", inst.name());
        m.put("nodes", g.nodeCount());
        m.put("edges", g.edgeCount());
        m.put("terminals", terminals.length);
        m.put("algorithm", designer.name());
        m.put("cost", r.objective());
        m.put("status", r.status().label());
        m.put("bound", Double.isNaN(r.bound()) ? null : r.bound());
        m.put("gap", Double.isNaN(r.gap()) ? null : r.gap());
        m.put("treeEdgeCount", r.tree().edgeCount());
        m.put("seconds", r.nanos() / 1e9);
        if (s != null) {
            m.put("method", s.method());
            m.put("nodesRemoved", s.nodesRemoved());
            m.put("edgesRemoved", s.edgesRemoved());
            m.put("fixedCost", s.fixedCost());
            m.put("reducedNodes", s.reducedNodes());
            m.put("reducedEdges", s.reducedEdges());
            m.put("reducedTerminals", s.reducedTerminals());
            m.put("dualAscentBound", Double.isNaN(s.dualAscentBound()) ? null : s.dualAscentBound());
            Map<String, Object> ph = new LinkedHashMap<>();
            ph.put("reduce", s.reduceSeconds());
            ph.put("dualAscent", s.dualAscentSeconds());
            ph.put("lp", s.lpSeconds());
            ph.put("milp", s.milpSeconds());
            ph.put("dp", s.dpSeconds());
            m.put("phaseSeconds", ph);
        }
        List<int[]> edges = new ArrayList<>();
        for (int e : r.tree().edges()) edges.add(new int[] {g.id(g.edgeU(e)), g.id(g.edgeV(e))});
        m.put("treeEdges", edges);
        return m;
    }
}
