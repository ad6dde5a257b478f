package io.ddam.cli;

import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.NetworkStats;
import io.ddam.solver.io.InstanceFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ddam info}: what is in an instance file, at a glance. */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Show what an instance file holds.",
        sortOptions = false,
        description = {
                "Show what an instance file holds: nodes, edges, degree range, connectivity, diameter in hops and"
                        + " in delay steps, total edge cost, the density of W, and the terminals of SteinLib/PACE files. "
                        + "Reads .json (ddam), .stp (SteinLib), .gr (PACE) and .graphml (Topology Zoo). With several "
                        + "files, prints one row per file.",
                "",
                "Example:  ddam info instances/synthetic20.json"})
public final class InfoCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Instance file(s).")
    List<Path> files;

    @Mixin
    GraphMLOptions graphml;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Map<String, Object>> infos = new ArrayList<>();
        for (Path f : files) infos.add(describe(f, InstanceFiles.read(f, graphml.options())));
        String text = switch (output.format()) {
            case json -> Render.json(infos);
            case csv -> Render.csv(infos);
            case table -> infos.size() == 1 ? block(infos.get(0)) : table(infos).text();
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    /** The documented JSON object for one file (see docs/formats.md, "ddam info"). */
    static Map<String, Object> describe(Path file, Instance inst) {
        NetworkStats s = NetworkStats.of(inst.network());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("name", inst.name());
        m.put("nodes", s.nodes());
        m.put("edges", s.edges());
        m.put("minDegree", s.minDegree());
        m.put("maxDegree", s.maxDegree());
        m.put("meanDegree", round(s.meanDegree(), 4));
        m.put("connected", s.components() == 1);
        m.put("components", s.components());
        m.put("diameterHops", s.diameterHops() < 0 ? null : s.diameterHops());
        m.put("diameterDelay", s.diameterDelay() < 0 ? null : s.diameterDelay());
        m.put("totalCost", s.totalCost());
        InterestMatrix w = inst.interest().orElse(null);
        m.put("interestDensity", w == null ? null : round(w.density(), 6));
        m.put("interestNonZeros", w == null ? null : w.nonZeroCount());
        m.put("terminals", inst.terminals().length);
        return m;
    }

    private static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }

    private static String block(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        kv(sb, "file", m.get("file"));
        kv(sb, "name", m.get("name"));
        kv(sb, "nodes", m.get("nodes"));
        kv(sb, "edges", m.get("edges"));
        kv(sb, "degree", m.get("minDegree") + " .. " + m.get("maxDegree")
                + String.format(Locale.ROOT, " (mean %.2f)", (Double) m.get("meanDegree")));
        int comps = (Integer) m.get("components");
        kv(sb, "connected", comps == 1 ? "yes" : "no (" + comps + " components)");
        kv(sb, "diameter", m.get("diameterHops") == null ? "- (disconnected)"
                : m.get("diameterHops") + " hops, " + m.get("diameterDelay") + " delay steps");
        kv(sb, "total cost", Render.num((Double) m.get("totalCost"), 3));
        kv(sb, "interest W", m.get("interestDensity") == null ? "none"
                : String.format(Locale.ROOT, "density %.3f (%d non-zeros)", (Double) m.get("interestDensity"), (Integer) m.get("interestNonZeros")));
        kv(sb, "terminals", m.get("terminals"));
        return sb.toString();
    }

    private static void kv(StringBuilder sb, String k, Object v) {
        sb.append(String.format(Locale.ROOT, "%-12s %s%n", k, v));
    }

    private static Render.Table table(List<Map<String, Object>> infos) {
        Render.Table t = new Render.Table("file", "name", "nodes", "edges", "min_degree", "max_degree", "connected",
                "diameter_hops", "diameter_delay", "total_cost", "w_density", "terminals").right(2, 3, 4, 5, 7, 8, 9, 10, 11);
        for (Map<String, Object> m : infos) {
            t.row(m.get("file"), m.get("name"), m.get("nodes"), m.get("edges"), m.get("minDegree"), m.get("maxDegree"),
                    m.get("connected"), orDash(m.get("diameterHops")), orDash(m.get("diameterDelay")),
                    Render.num((Double) m.get("totalCost"), 3), orDash(m.get("interestDensity")), m.get("terminals"));
        }
        return t;
    }

    private static Object orDash(Object o) { return o == null ? "-" : o; }
}
