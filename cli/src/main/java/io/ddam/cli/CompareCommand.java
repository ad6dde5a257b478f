package io.ddam.cli;

import io.ddam.cli.plot.LinePlot;
import io.ddam.online.data.DataStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeDesigner;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ddam compare}: the project's main job in one command. It designs the routing trees with
 * every designer and prints them side by side, runs the protocols over the same data (DDAM-TOGD over
 * the trees just designed), prints one table, and writes a plot of time-average static regret against
 * link time with the CSV behind it.
 */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        defaultValueProvider = CompareCommand.Defaults.class,
        header = "Design the trees with every designer, run every protocol over them, and plot regret: the main job.",
        sortOptions = false,
        description = {
                "1. Designs one routing tree per agent with each designer (star, spt, kmb,",
                "   mehlhorn, joint, joint-heuristic, in that order; the joint designers once per",
                "   transport they optimise) and prints one row per design: sum of tau_sum (as",
                "   'ddam trees'), max depth, C_max under the unicast and the aggregate transport,",
                "   DDAM-TOGD's fair-time iterations under each, the joint designers' lower bound",
                "   on C_max, total tree cost, solver status (the worst over the agents), time.",
                "2. Runs the protocols on one data stream exactly as 'ddam simulate' does with",
                "   the same options, except that DDAM-TOGD uses the trees of step 1:",
                "   ddam-star the star designer's (spt's if star is left out), ddam-st kmb's,",
                "   ddam-joint joint's for unicast, ddam-joint-agg joint's for aggregate.",
                "   One row per protocol: iterations (DDAM-TOGD after the fair-time rule),",
                "   time-average static regret S-Reg(T)/T, the theorem's bound divided by the",
                "   iterations (the same scale), Self-/Cross-NMSE, wall time.",
                "3. Writes a PNG of S-Reg(t)/t against link time for every protocol and a CSV",
                "   beside it (protocol,t,x,static_regret_avg; docs/formats.md). x counts OGD",
                "   iterations: DDAM-TOGD's j-th of J iterations sits at x = j*T/J, so all",
                "   protocols share the horizon T. Log y axis when every value is positive.",
                "   The paths written go to standard error; results to standard output.",
                "",
                "Defaults are simulate's, except the horizon: T = 2500 as in the paper.",
                "--format csv prints one table: a column table (designers or protocols), then the JSON fields in snake_case.",
                "",
                "Example:  ddam compare instances/synthetic20.json",
                "          ddam compare instances/er16.json --fair-time off --plot out/er16.png"})
public final class CompareCommand implements Callable<Integer> {
    /** The designers step 1 runs by default, in display order. */
    static final String DESIGNERS = "star,spt,kmb,mehlhorn,joint,joint-heuristic";

    /** The protocols step 2 runs by default: simulate's, plus DDAM-TOGD over joint trees under both transports. */
    static final String PROTOCOLS = "ogd,cdogd,local,ddam-st,ddam-star,ddam-joint,ddam-joint-agg";

    /** The default horizon: the paper's T; the whole command takes a few seconds on synthetic20. */
    static final String HORIZON = "2500";

    @Parameters(paramLabel = "INSTANCE", description = "Instance file with W (or give --interest).")
    Path file;

    @Option(names = "--designers", paramLabel = "LIST", split = ",", defaultValue = DESIGNERS,
            description = "Designers for step 1, in output order (default: ${DEFAULT-VALUE}; also exact-steiner). "
                    + "The joint designers run once per transport.")
    List<String> designers;

    @Mixin
    LearningOptions learning;

    @Mixin
    FailureOptions failureOptions;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for designing the agents' trees and for the simulations: protocols at once, or one "
                    + "protocol's agents (default: all cores). "
                    + "Results do not depend on it; only times change.")
    Integer threads;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Where to write the plot (default: compare-<instance name>.png in the current folder); "
                    + "the CSV goes beside it with the extension .csv.")
    Path plot;

    @Option(names = "--no-plot", description = "Write neither the plot nor its CSV.")
    boolean noPlot;

    @Mixin
    SolverOptions solver;

    @Mixin
    InstanceOptions instance;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    /** Step 1's result for one design: a designer, and for the joint designers the transport it optimised. */
    private record Designed(SolverOptions.Designed made, TreeMetrics metrics) {
        String name() { return made.name(); }
        SolveStatus status() { return made.status(); }
        long wallNanos() { return made.wallNanos(); }
        boolean joint() { return made.joint() != null; }
        /** e.g. {@code spt}, {@code joint/aggregate}. */
        String label() { return joint() ? made.name() + "/" + made.transport().cliName() : made.name(); }
    }

    @Override
    public Integer call() throws IOException {
        Instance inst = instance.load(file);
        Network g = inst.network();
        InterestMatrix w = inst.requireInterest();
        int n = g.nodeCount();
        g.requireConnected(file.toString());
        long seed = instance.seed == null ? 1 : instance.seed;
        if (learning.horizon() < 1) throw new DdamInputException("--horizon must be >= 1");
        if (threads != null && threads < 1) throw new DdamInputException("--threads must be >= 1");
        if (designers.isEmpty()) throw new DdamInputException("--designers needs at least one designer");
        if (plot != null && noPlot) throw new DdamInputException("--plot and --no-plot exclude each other");
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        // Every input is checked before the first tree is designed: a bad option never costs a run.
        for (String d : designers) solver.check(d.strip());
        learning.transport();
        Path png = noPlot ? null : plot != null ? plot : Path.of("compare-" + safe(inst.name()) + ".png");
        Path csv = png == null ? null : csvBeside(png);
        if (png != null) requireWritableFolder(png);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = g.id(i);
        DataStream stream = learning.stream(ids, seed);
        MemoryCost cost = learning.cost(stream, inst.requireInterest());
        Projection projection = learning.projection();
        FairTime rule = learning.fairTime();

        List<Designed> designs = new ArrayList<>();
        List<Simulation.Row> rows;
        Simulation.FailureSetup failureSetup = null;
        List<Simulation.FailureRow> failureRows = null;
        Map<String, String> treesOf = new HashMap<>();
        long designSteps = 0;
        for (String d : designers) designSteps += (long) n * (SolverOptions.isJoint(d) ? Transport.values().length : 1);
        try (Progress progress = Progress.start("comparing", designSteps + learning.protocols.size())) {
            for (String d : designers) {
                String name = d.strip().toLowerCase(Locale.ROOT);
                for (Transport t : SolverOptions.isJoint(name) ? List.of(Transport.values()) : List.of(learning.transport())) {
                    SolverOptions.Designed made = solver.designAll(name, file.toString(), g, w, t, workers, progress);
                    designs.add(new Designed(made, made.design().metrics().withTransport(t)));
                }
            }
            Map<String, TreeMetrics> given = new HashMap<>();
            Designed star = find(designs, "star", null) != null ? find(designs, "star", null) : find(designs, "spt", null);
            Designed st = find(designs, "kmb", null);
            if (star != null) for (String p : List.of("ddam-star", "ddam-spt", "ddam")) given.put(p, star.metrics());
            if (st != null) for (String p : List.of("ddam-st", "ddam-kmb")) given.put(p, st.metrics());
            for (String j : List.of("joint", "joint-heuristic")) {
                Designed uni = find(designs, j, Transport.UNICAST), agg = find(designs, j, Transport.AGGREGATE);
                if (uni != null) given.put("ddam-" + j, uni.metrics());
                if (agg != null) given.put("ddam-" + j + Simulation.AGGREGATE_SUFFIX, agg.metrics());
            }
            for (Map.Entry<String, TreeMetrics> e : given.entrySet()) {
                for (Designed d : designs) if (d.metrics() == e.getValue()) treesOf.put(e.getKey(), d.label());
            }
            Map<String, TreeMetrics> trees = learning.trees(g, w, given, solver, file.toString(), workers);
            if (failureOptions.active()) {
                // The protocols table, plot and JSON show the run with failures; the failure table adds the
                // no-failure numbers of the same data next to them.
                failureSetup = failureOptions.setup(inst, learning.horizon(), solver);
                failureRows = learning.runWithFailures(g, w, stream, cost, projection, rule, trees, png != null, workers, failureSetup);
                rows = failureRows.stream().map(Simulation.FailureRow::row).toList();
            } else {
                rows = learning.run(g, w, stream, cost, projection, rule, trees, png != null, workers, progress);
            }
        }
        for (Simulation.Row r : rows) {
            // Protocols whose trees step 1 did not design use simulate's defaults.
            if (r.protocol().startsWith("ddam")) {
                String base = r.protocol().endsWith(Simulation.AGGREGATE_SUFFIX)
                        ? r.protocol().substring(0, r.protocol().length() - Simulation.AGGREGATE_SUFFIX.length()) : r.protocol();
                treesOf.putIfAbsent(r.protocol(), base.matches("ddam-(st|kmb)") ? "kmb" : base.startsWith("ddam-joint")
                        ? base.substring("ddam-".length()) : "spt");
            }
        }

        if (png != null) {
            writeTogether(csv, plotCsv(rows).getBytes(StandardCharsets.UTF_8), png, plot(inst, stream, cost, rule, rows).png(1000, 600));
            spec.commandLine().getErr().println("wrote " + png + " and " + csv);
        }
        String text = switch (output.format()) {
            case json -> {
                Map<String, Object> root = json(inst, stream, cost, rule, designs, rows, treesOf, png, csv);
                if (failureRows != null) root.put("failures", failureOptions.json(failureSetup, failureRows));
                yield Render.json(root);
            }
            case csv -> {
                // One table on one stream: a "table" column says whether a row is a design or a protocol.
                Map<String, Object> root = json(inst, stream, cost, rule, designs, rows, treesOf, png, csv);
                Map<String, List<Map<String, ?>>> tables = new LinkedHashMap<>();
                tables.put("designers", Render.rows(root.get("designers")));
                tables.put("protocols", Render.rows(root.get("protocols")));
                if (failureRows != null) tables.put("failures", Render.rows(failureOptions.json(failureSetup, failureRows).get("protocols")));
                yield Render.csv("table", tables);
            }
            case table -> designersHeader(inst) + System.lineSeparator() + designersTable(designs).text() + System.lineSeparator()
                    + LearningOptions.header(inst, stream, cost, rule) + System.lineSeparator() + protocolsTable(rows, treesOf).text()
                    + (failureRows == null ? "" : System.lineSeparator() + "failures: " + failureOptions.failures
                    + System.lineSeparator() + FailureOptions.table(failureRows).text());
        };
        output.emit(text, spec.commandLine().getOut());
        long feasibleOnly = designs.stream().filter(d -> d.status() == SolveStatus.FEASIBLE).count();
        if (feasibleOnly > 0) {
            spec.commandLine().getErr().println("warning: some star trees are feasible but not proven optimal (time limit); "
                    + "see 'ddam trees --designer star' for the gaps");
        }
        return Main.OK;
    }

    /** The design by {@code name} (for a joint designer: the one for {@code transport}), or null. */
    private static Designed find(List<Designed> designs, String name, Transport transport) {
        for (Designed d : designs) {
            if (d.name().equals(name) && (transport == null || !d.joint() || d.made().transport() == transport)) return d;
        }
        return null;
    }

    private String designersHeader(Instance inst) {
        Network g = inst.network();
        boolean milp = designers.stream().anyMatch(SolverOptions::usesMilp);
        return String.format(Locale.ROOT, "instance %s (%d agents, %d links); routing trees per designer%s%n",
                inst.name(), g.nodeCount(), g.edgeCount(),
                milp ? "; MILP " + solver.solver.toLowerCase(Locale.ROOT) + ", time limit "
                        + (solver.timeLimit > 0 ? Render.num(solver.timeLimit, 1) + " s" : "none") : "");
    }

    private Render.Table designersTable(List<Designed> designs) {
        Render.Table t = new Render.Table("designer", "tau_sum", "max_depth", "c_max_uni", "c_max_agg", "iter_uni", "iter_agg",
                "bound", "cost", "status", "ms").right(1, 2, 3, 4, 5, 6, 7, 8, 10);
        FairTime rule = learning.fairTime();
        for (Designed d : designs) {
            TreeMetrics m = d.metrics();
            double cu = m.loads(Transport.UNICAST).cMax(), ca = m.loads(Transport.AGGREGATE).cMax();
            t.row(d.label(), m.totalTauSum(), m.maxDepth(), Render.num(cu, 2), Render.num(ca, 2),
                    rule.iterations(learning.horizon(), cu), rule.iterations(learning.horizon(), ca),
                    d.joint() ? Render.num(d.made().joint().bound(), 2) : "-", Render.num(m.totalCost(), 3), d.status().label(),
                    String.format(Locale.ROOT, "%.1f", d.wallNanos() / 1e6));
        }
        return t;
    }

    private static Render.Table protocolsTable(List<Simulation.Row> rows, Map<String, String> treesOf) {
        Render.Table t = new Render.Table("protocol", "trees", "iterations", "c_max", "static_per_step", "bound_per_step",
                "self_nmse", "cross_nmse", "wall_ms").right(2, 3, 4, 5, 6, 7, 8);
        for (Simulation.Row r : rows) {
            t.row(r.protocol(), treesOf.getOrDefault(r.protocol(), "-"), r.iterations(), Render.num(r.cMax(), 2), SimulateCommand.g4(r.staticRegretAverage()),
                    SimulateCommand.g4(boundPerStep(r)), SimulateCommand.g4(r.selfNmse()), SimulateCommand.g4(r.crossNmse()),
                    String.format(Locale.ROOT, "%.0f", r.wallNanos() / 1e6));
        }
        return t;
    }

    /** The static bound over the iterations run, per iteration: on the same scale as S-Reg(T)/T; NaN where no theorem applies. */
    private static double boundPerStep(Simulation.Row r) {
        return r.staticBound().applies() && r.iterations() > 0 ? r.staticBound().value() / r.iterations() : Double.NaN;
    }

    /** x of a protocol's t-th of {@code iterations} steps on the shared link-time axis of horizon T. */
    static double linkTime(int t, int iterations, int horizon) {
        return iterations == horizon ? t : (double) t * horizon / iterations;
    }

    private String plotCsv(List<Simulation.Row> rows) {
        StringBuilder sb = new StringBuilder("protocol,t,x,static_regret_avg\n");
        for (Simulation.Row r : rows) {
            double[] tr = r.metrics().staticTrace();
            for (int t = 1; t <= tr.length; t++) {
                sb.append(r.protocol()).append(',').append(t).append(',')
                        .append(Render.num(linkTime(t, tr.length, learning.horizon()), 6)).append(',')
                        .append(tr[t - 1]).append('\n');
            }
        }
        return sb.toString();
    }

    private LinePlot plot(Instance inst, DataStream stream, MemoryCost cost, FairTime rule, List<Simulation.Row> rows) {
        boolean positive = true;
        for (Simulation.Row r : rows) for (double v : r.metrics().staticTrace()) positive &= v > 0;
        LinePlot p = new LinePlot("ddam compare " + inst.name() + ": time-average static regret",
                "link time t (OGD iterations)", "S-Reg(t) / t" + (positive ? " (log scale)" : ""));
        if (positive) p.logY();
        List<String> cmax = new ArrayList<>();
        for (Simulation.Row r : rows) {
            double[] tr = r.metrics().staticTrace();
            double[] x = new double[tr.length];
            for (int t = 1; t <= tr.length; t++) x[t - 1] = linkTime(t, tr.length, learning.horizon());
            p.line(r.protocol(), x, tr);
            if (r.protocol().startsWith("ddam")) cmax.add(r.protocol() + " C_max " + Render.num(r.cMax(), 2) + ", " + r.iterations() + (r.iterations() == 1 ? " iteration" : " iterations"));
        }
        // The data's description travels with the picture (it says "not real data" for the traffic stand-in).
        p.note("data " + stream.describe() + "; model " + cost.name());
        p.note("fair-time " + rule.cliName() + ": " + switch (rule.cliName()) {
            case "paper" -> "DDAM-TOGD runs J = floor(T / C_max) iterations";
            case "ratio" -> "DDAM-TOGD runs J = floor(2T / C_max) iterations";
            default -> "every protocol runs T iterations";
        } + "; its j-th iteration is drawn at x = j T / J");
        if (!cmax.isEmpty()) p.note(String.join("; ", cmax));
        return p;
    }

    private Map<String, Object> json(Instance inst, DataStream s, MemoryCost cost, FairTime rule, List<Designed> designs,
                                     List<Simulation.Row> rows, Map<String, String> treesOf, Path png, Path csv) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("instance", inst.name());
        root.put("file", file.toString());
        learning.putSettings(root, s, cost, rule);
        List<Object> ds = new ArrayList<>();
        Network g = inst.network();
        for (Designed d : designs) {
            TreeMetrics m = d.metrics();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("designer", d.name());
            o.put("transport", d.made().transport().cliName());
            o.put("solver", SolverOptions.usesMilp(d.name()) ? solver.solver.toLowerCase(Locale.ROOT) : null);
            o.put("tauSum", m.totalTauSum());
            o.put("maxDepth", m.maxDepth());
            o.put("cMax", Render.jsonNumber(m.cMax()));
            int be = m.busiestEdge();
            o.put("busiestEdge", be < 0 ? null : new int[] {g.id(g.edgeU(be)), g.id(g.edgeV(be))});
            Map<String, Object> loads = new LinkedHashMap<>();
            for (Transport t : Transport.values()) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("cMax", Render.jsonNumber(m.loads(t).cMax()));
                int b = m.loads(t).busiestEdge();
                l.put("busiestEdge", b < 0 ? null : new int[] {g.id(g.edgeU(b)), g.id(g.edgeV(b))});
                l.put("iterations", rule.iterations(learning.horizon(), m.loads(t).cMax()));
                loads.put(t.cliName(), l);
            }
            o.put("loads", loads);
            o.put("joint", d.joint() ? TreesCommand.jointJson(d.made().joint()) : null);
            o.put("cost", m.totalCost());
            o.put("status", d.status().label());
            o.put("seconds", d.wallNanos() / 1e9);
            ds.add(o);
        }
        root.put("designers", ds);
        List<Object> ps = new ArrayList<>();
        for (Simulation.Row r : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("protocol", r.protocol());
            o.put("trees", treesOf.get(r.protocol()));
            o.putAll(SimulateCommand.protocolJson(r));
            double b = boundPerStep(r);
            o.put("staticBoundPerStep", Double.isNaN(b) ? null : b);
            ps.add(o);
        }
        root.put("protocols", ps);
        root.put("plot", png == null ? null : png.toString());
        root.put("csv", csv == null ? null : csv.toString());
        return root;
    }

    private static Path csvBeside(Path png) {
        String name = png.getFileName() == null ? "" : png.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".png") || name.length() == 4) {
            throw new DdamInputException(png.toString(), 0, "--plot must name a .png file");
        }
        return png.resolveSibling(name.substring(0, name.length() - 4) + ".csv");
    }

    /** Fails now, before any work, when the plot's folder cannot be made or written. */
    private static void requireWritableFolder(Path png) {
        Path dir = png.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DdamInputException(png.toString(), 0, "cannot write: folder " + dir + " cannot be created ("
                    + io.ddam.solver.io.AtomicFiles.reason(e) + ")");
        }
        if (!Files.isWritable(dir)) throw new DdamInputException(png.toString(), 0, "cannot write: folder " + dir + " is not writable");
    }

    /**
     * Writes both files or neither, as one set (AtomicFiles.writeSet): both are staged in a hidden
     * folder beside them and moved into place together under the lock Ctrl-C waits for.
     */
    static void writeTogether(Path a, byte[] aBytes, Path b, byte[] bBytes) {
        Path folder = a.toAbsolutePath().getParent();
        if (!folder.equals(b.toAbsolutePath().getParent())) throw new IllegalArgumentException("the CSV and the PNG must share a folder");
        Map<String, byte[]> set = new java.util.LinkedHashMap<>();
        set.put(a.getFileName().toString(), aBytes);
        set.put(b.getFileName().toString(), bBytes);
        io.ddam.solver.io.AtomicFiles.writeSet(a.getParent() == null ? Path.of(".") : a.getParent(), set);
    }

    private static String safe(String s) {
        return s == null || s.isEmpty() ? "instance" : s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** {@code compare}'s own defaults for shared options: the paper's horizon T = 2500 instead of simulate's 500. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (arg.isOption() && ((CommandLine.Model.OptionSpec) arg).longestName().equals("--horizon")) return HORIZON;
            if (arg.isOption() && ((CommandLine.Model.OptionSpec) arg).longestName().equals("--protocols")) return PROTOCOLS;
            return null;
        }
    }
}
