package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.DotWriter;
import io.ddam.cli.plot.LinePlot;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.JointDesign;
import io.ddam.solver.tree.LinkLoads;
import io.ddam.solver.tree.SolveStatus;
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

/** {@code ddam trees}: one routing tree per agent, with the delay and load figures the protocols use. */
@Command(name = "trees",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Design one routing tree per agent, with delays and link loads.",
        sortOptions = false,
        description = {
                "Design one routing tree per agent n, reaching every agent in W_n, and print per-agent round-trip"
                        + " delay sum tau_sum, tau_max, delta-tau, depth, tree cost and solver status, then the network "
                        + "totals: sum of tau_sum, the busiest link's load C_max (eq. 15) and total cost.",
                "",
                "Link loads are given for both transports of DDAM-TOGD: unicast (the paper's eq. 15, one message "
                        + "per (root, target) pair and link) and aggregate (one message per tree edge: multicast down, sums"
                        + " up). C_max = max over links of load / capacity. --links lists every link.",
                "",
                "Designers:  spt              shortest-path tree by delay (exact for the delay objective; fast)",
                "            star             the paper's (E-1) delay MILP in OR-Tools (same optimum as spt)",
                "            kmb              Kou-Markowsky-Berman Steiner tree by edge cost (2-approximation)",
                "            mehlhorn         Mehlhorn's faster KMB variant (same guarantee)",
                "            exact-steiner    minimum-cost Steiner tree, MILP in OR-Tools",
                "            joint            all trees in one OR-Tools MILP minimising C_max of --transport",
                "                             within the delay budget (1 + --delay-slack) x the spt optimum",
                "            joint-heuristic  the same problem by congestion-weighted re-routing (no MILP; scales)",
                "The joint designers print lower bounds on C_max (LP relaxation, cuts) and the gap.",
                "--pareto EPS,... designs with each delay slack and lists and plots (C_max, sum tau_sum).",
                "",
                "Examples: ddam trees instances/synthetic20.json --designer star",
                "          ddam trees instances/synthetic20.json --designer joint --transport aggregate",
                "          ddam trees instances/synthetic20.json --designer joint --pareto 0,0.05,0.1,0.2"})
public final class TreesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INSTANCE", description = "Instance file (.json, .stp, .gr, .graphml).")
    Path file;

    @Option(names = "--designer", paramLabel = "NAME", defaultValue = "spt",
            description = "Tree designer: " + SolverOptions.NAMES + " (default: ${DEFAULT-VALUE}).")
    String designerName;



    @Option(names = "--threads", paramLabel = "N",
            description = "Agents designed in parallel (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--dot-dir", paramLabel = "DIR", description = "Also write one Graphviz file per agent's tree into DIR.")
    Path dotDir;

    @Option(names = "--dot", paramLabel = "DIR", hidden = true, description = "Deprecated spelling of --dot-dir.")
    void oldDot(Path dir) {
        OldSpellings.note(spec, "--dot DIR", "--dot-dir DIR");
        dotDir = dir;
    }

    @Option(names = "--transport", paramLabel = "MODE", defaultValue = "unicast",
            description = "DDAM-TOGD's transport whose C_max the totals line shows and the joint designers minimise: "
                    + "unicast (the paper's) or aggregate (default: ${DEFAULT-VALUE}).")
    String transportName;

    @Option(names = "--links", description = "Also list every link: capacity, unicast and aggregate load, link time (table and CSV).")
    boolean links;

    @Option(names = "--pareto", paramLabel = "EPS,...", split = ",",
            description = "joint, joint-heuristic: design once per delay slack and list (C_max, sum tau_sum) for each; "
                    + "writes a plot unless --no-plot.")
    List<String> pareto;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "--pareto: where to write the plot (default: pareto-<instance>-<designer>-<transport>.png).")
    Path plot;

    @Option(names = "--no-plot", description = "--pareto: write no plot.")
    boolean noPlot;

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
        Transport transport = Transport.parse(transportName);
        solver.check(designerName);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) throw new DdamInputException("--threads must be >= 1");
        solver.pricingThreads = nThreads;
        if (pareto != null) return pareto(inst, transport);
        if (plot != null || noPlot) throw new DdamInputException("--plot and --no-plot go with --pareto");

        long t0 = System.nanoTime();
        SolverOptions.Designed made;
        try (Progress progress = Progress.start("designing " + designerName + " trees", g.nodeCount())) {
            // Agents are independent for per-root designers; results are placed by index, so threads do not matter.
            made = solver.designAll(designerName, file.toString(), g, w, transport, nThreads, progress);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        TreeDesign design = made.design();
        List<DesignedTree> results = design.results();
        TreeMetrics metrics = design.metrics().withTransport(transport);
        long feasibleOnly = results.stream().filter(r -> r.status() == SolveStatus.FEASIBLE).count();

        if (dotDir != null) {
            OutputOptions.createFolder(dotDir, "--dot-dir");   // checked writable before the design; made now
            for (int n = 0; n < g.nodeCount(); n++) {
                DotWriter.write(g, n, design.tree(n).edges(),
                        dotDir.resolve(safe(inst.name()) + "-" + design.designer() + "-agent" + g.id(n) + ".dot"));
            }
        }
        String text = switch (output.format()) {
            case json -> Render.json(json(inst, made, metrics, wall));
            case csv -> Render.csv(Render.rows(json(inst, made, metrics, wall).get(links ? "links" : "agents")));
            case table -> table(design, metrics).text() + "\n" + totals(design, metrics, wall) + joint(made)
                    + (links ? "\n" + linksTable(g, metrics).text() : "");
        };
        output.emit(text, spec.commandLine().getOut());
        if (feasibleOnly > 0 && made.joint() == null) {
            spec.commandLine().getErr().println("warning: " + feasibleOnly + " of " + results.size()
                    + " trees are feasible but not proven optimal (time limit); see the gap column");
        } else if (made.joint() != null && made.status() == SolveStatus.FEASIBLE) {
            spec.commandLine().getErr().println("warning: the joint trees are feasible but not proven optimal (time limit); gap "
                    + gapText(made.joint().gap()));
        }
        return Main.OK;
    }

    /** {@code --pareto}: one joint design per delay slack, as a table / JSON / CSV and a plot. */
    private Integer pareto(Instance inst, Transport transport) {
        if (!SolverOptions.isJoint(designerName)) throw new DdamInputException("--pareto needs --designer joint or joint-heuristic");
        if (plot != null && noPlot) throw new DdamInputException("--plot and --no-plot exclude each other");
        Network g = inst.network();
        InterestMatrix w = inst.requireInterest();
        List<Double> eps = new ArrayList<>();
        for (String e : pareto) {
            solver.delaySlackText = e;
            eps.add(solver.delaySlack());
        }
        // Ascending, so every point can start from the previous one's trees.
        eps.sort(Double::compare);
        if (eps.isEmpty()) throw new DdamInputException("--pareto needs at least one delay slack");
        Path png = noPlot ? null : plot != null ? plot
                : Path.of("pareto-" + safe(inst.name()) + "-" + designerName.toLowerCase(Locale.ROOT) + "-" + transport.cliName() + ".png");
        if (png != null) OutputOptions.requirePng(png);
        List<JointDesign> points = new ArrayList<>();
        try (Progress progress = Progress.start("pareto", eps.size())) {
            for (double e : eps) {
                solver.delaySlackText = Double.isInfinite(e) ? "inf" : Double.toString(e);
                // Budgets nest: the previous (smaller) slack's trees fit this one and start the solver.
                TreeDesign warm = points.isEmpty() ? null : points.get(points.size() - 1).design();
                SolverOptions.Designed d = solver.designAll(designerName, file.toString(), g, w, transport, 1, Progress.none(), warm);
                points.add(d.joint());
                progress.step();
            }
        }
        Render.Table t = new Render.Table("eps", "c_max", "tau_sum", "bound", "gap", "status", "seconds").right(0, 1, 2, 3, 4, 6);
        for (JointDesign d : points) {
            t.row(Double.isInfinite(d.delaySlack()) ? "inf" : Render.num(d.delaySlack(), 3), Render.num(d.cMax(), 3),
                    d.metrics().totalTauSum(), Render.num(d.bound(), 3), gapText(d.gap()), d.status().label(),
                    String.format(Locale.ROOT, "%.3f", d.nanos() / 1e9));
        }
        if (png != null) {
            double[] x = new double[points.size()], y = new double[points.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = points.get(i).metrics().totalTauSum();
                y[i] = points.get(i).cMax();
            }
            LinePlot lp = new LinePlot("ddam trees " + inst.name() + ": C_max against total delay (" + designerName + ", "
                    + transport.cliName() + ")", "sum of tau_sum (round trips, steps)", "C_max (link time per iteration)");
            lp.line(designerName + " " + transport.cliName(), x, y);
            lp.note("one point per delay slack eps: " + String.join(", ", pareto));
            lp.writePng(png);
            spec.commandLine().getErr().println("wrote " + png);
        }
        List<Map<String, Object>> ps = new ArrayList<>();
        for (JointDesign d : points) ps.add(jointJson(d));
        String text = switch (output.format()) {
            case json -> {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("instance", inst.name());
                root.put("file", file.toString());
                root.put("designer", designerName.toLowerCase(Locale.ROOT));
                root.put("transport", transport.cliName());
                root.put("points", ps);
                root.put("plot", png == null ? null : png.toString());
                yield Render.json(root);
            }
            case csv -> Render.csv(ps);
            case table -> t.text();
        };
        output.emit(text, spec.commandLine().getOut());
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
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "designer %s: sum tau_sum = %d, C_max = %s (%s, busiest link %s), total tree cost = %s, max depth = %d, %.3f s%n",
                d.designer(), m.totalTauSum(), Render.num(m.cMax(), 3), m.transport(), edgeName(d.network(), m.busiestEdge()),
                Render.num(m.totalCost(), 3), m.maxDepth(), wall));
        for (Transport t : Transport.values()) {
            LinkLoads l = m.loads(t);
            sb.append(String.format(Locale.ROOT, "  %-10s C_max = %s (busiest link %s), %d messages per iteration in all%n",
                    t.cliName() + ":", Render.num(l.cMax(), 3), edgeName(d.network(), l.busiestEdge()), l.totalMessages()));
        }
        return sb.toString();
    }

    /** The joint designers' line: status, objective, lower bounds and gap. */
    private String joint(SolverOptions.Designed made) {
        JointDesign j = made.joint();
        if (j == null) return "";
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : j.bounds().entrySet()) {
            if (b.length() > 0) b.append(", ");
            b.append(e.getKey()).append(' ').append(Render.num(e.getValue(), 3));
        }
        return String.format(Locale.ROOT, "%s (%s, delay slack %s%s): %s, objective %s, lower bounds: %s; gap %s; "
                        + "shortest-path delay sum %d, these trees %d (one-way); %s%n",
                j.design().designer(), j.transport(), Double.isInfinite(j.delaySlack()) ? "inf" : Render.num(j.delaySlack(), 4),
                j.lambda() > 0 ? ", lambda " + Render.num(j.lambda(), 4) : "", j.status().label(), Render.num(j.objective(), 3),
                b.length() == 0 ? "none" : b, gapText(j.gap()), j.shortestDelaySum(), j.delaySum(), logText(j));
    }

    /** The name of the largest bound, or "" when there is none. */
    static String bestBoundName(JointDesign j) {
        String name = "";
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : j.bounds().entrySet()) {
            if (!Double.isNaN(e.getValue()) && e.getValue() > best) {
                best = e.getValue();
                name = e.getKey();
            }
        }
        return name;
    }

    /** "method colgen: 812 trees, 14 pricing rounds; start 0.4 s, lp 3.1 s, ..." for the joint line. */
    private static String logText(JointDesign j) {
        StringBuilder b = new StringBuilder("method ").append(j.log().method());
        if (j.log().method().equals("colgen")) b.append(": ").append(j.log().columns()).append(" trees, ").append(j.log().iterations()).append(" pricing rounds");
        String sep = "; ";
        for (Map.Entry<String, Double> e : j.log().phaseSeconds().entrySet()) {
            b.append(sep).append(e.getKey()).append(' ').append(Render.num(e.getValue(), 3)).append(" s");
            sep = ", ";
        }
        return b.toString();
    }

    private static String gapText(double gap) {
        return Double.isNaN(gap) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * gap);
    }

    /** Every link: endpoints, capacity, messages per iteration under each transport, and link times. */
    private static Render.Table linksTable(Network g, TreeMetrics m) {
        Render.Table t = new Render.Table("u", "v", "capacity", "unicast", "aggregate", "unicast_time", "aggregate_time").right(2, 3, 4, 5, 6);
        LinkLoads uni = m.loads(Transport.UNICAST), agg = m.loads(Transport.AGGREGATE);
        for (int e = 0; e < g.edgeCount(); e++) {
            t.row(agentName(g, g.edgeU(e)), agentName(g, g.edgeV(e)), Render.num(g.capacity(e), 6), uni.messages(e), agg.messages(e),
                    Render.num(uni.linkTime(e), 6), Render.num(agg.linkTime(e), 6));
        }
        return t;
    }

    private static String edgeName(Network g, int e) {
        return e < 0 ? "-" : agentName(g, g.edgeU(e)) + "-" + agentName(g, g.edgeV(e));
    }

    /** The documented JSON result (docs/formats.md, "ddam trees"). */
    private Map<String, Object> json(Instance inst, SolverOptions.Designed made, TreeMetrics m, double wall) {
        TreeDesign d = made.design();
        Network g = d.network();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("instance", inst.name());
        root.put("file", file.toString());
        root.put("designer", d.designer());
        root.put("solver", SolverOptions.usesMilp(designerName) ? solver.solver.toLowerCase(Locale.ROOT) : null);
        root.put("transport", m.transport().cliName());
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
        totals.put("cMax", Render.jsonNumber(m.cMax()));
        int be = m.busiestEdge();
        totals.put("busiestEdge", be < 0 ? null : new int[] {g.id(g.edgeU(be)), g.id(g.edgeV(be))});
        totals.put("cost", m.totalCost());
        totals.put("maxDepth", m.maxDepth());
        totals.put("seconds", wall);
        Map<String, Object> loads = new LinkedHashMap<>();
        for (Transport t : Transport.values()) {
            LinkLoads l = m.loads(t);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("cMax", Render.jsonNumber(l.cMax()));
            int b = l.busiestEdge();
            o.put("busiestEdge", b < 0 ? null : new int[] {g.id(g.edgeU(b)), g.id(g.edgeV(b))});
            o.put("messages", l.totalMessages());
            loads.put(t.cliName(), o);
        }
        totals.put("loads", loads);
        root.put("totals", totals);
        List<Object> ls = new ArrayList<>();
        LinkLoads uni = m.loads(Transport.UNICAST), agg = m.loads(Transport.AGGREGATE);
        for (int e = 0; e < g.edgeCount(); e++) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("u", g.id(g.edgeU(e)));
            o.put("v", g.id(g.edgeV(e)));
            o.put("capacity", Render.jsonNumber(g.capacity(e)));
            o.put("unicast", uni.messages(e));
            o.put("aggregate", agg.messages(e));
            o.put("unicastTime", Render.jsonNumber(uni.linkTime(e)));
            o.put("aggregateTime", Render.jsonNumber(agg.linkTime(e)));
            ls.add(o);
        }
        root.put("links", ls);
        root.put("joint", made.joint() == null ? null : jointJson(made.joint()));
        return root;
    }

    /** The joint designers' result in JSON (docs/formats.md, "ddam trees"). */
    static Map<String, Object> jointJson(JointDesign j) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("designer", j.design().designer());
        o.put("transport", j.transport().cliName());
        o.put("delaySlack", Double.isInfinite(j.delaySlack()) ? "inf" : j.delaySlack());
        o.put("lambda", j.lambda());
        o.put("status", j.status().label());
        o.put("cMax", Render.jsonNumber(j.cMax()));
        o.put("tauSum", j.metrics().totalTauSum());
        o.put("objective", j.objective());
        Map<String, Object> b = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : j.bounds().entrySet()) b.put(e.getKey(), Render.jsonNumber(e.getValue()));
        o.put("bounds", b);
        o.put("bound", Render.jsonNumber(j.bound()));
        o.put("gap", Double.isNaN(j.gap()) ? null : j.gap());
        o.put("shortestTauSum", 2 * j.shortestDelaySum());
        o.put("seconds", j.nanos() / 1e9);
        o.put("method", j.log().method());
        o.put("boundKind", j.log().boundKind().isEmpty() ? bestBoundName(j) : j.log().boundKind());
        o.put("columns", j.log().columns());
        o.put("iterations", j.log().iterations());
        Map<String, Object> ph = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : j.log().phaseSeconds().entrySet()) ph.put(e.getKey(), e.getValue());
        o.put("phaseSeconds", ph);
        return o;
    }
}
