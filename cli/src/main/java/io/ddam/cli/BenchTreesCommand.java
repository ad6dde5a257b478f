package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeDesigner;
import io.ddam.solver.tree.TreeMetrics;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ddam bench trees}: time to design every agent's tree, per designer, against the first designer listed. */
@Command(name = "trees",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Time to design every agent's tree, per designer.",
        sortOptions = false,
        description = {
                "Time designing one tree per agent (all roots, one thread) with each designer: median total over "
                        + "--repeats runs, mean and max time per root, and the ratio to the first designer listed (the "
                        + "baseline, spt by default). Also prints sum tau_sum, so you can see that star and spt agree.",
                "",
                "Example:  ddam bench trees ../shared/data/topologies/Uninett2011.graphml --interest uniform --designers spt,star --repeats 1"})
public final class BenchTreesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "INSTANCE", description = "Instance file.")
    Path file;

    @Option(names = "--designers", paramLabel = "LIST", split = ",", defaultValue = "spt,kmb,mehlhorn",
            description = "Designers to time; the first is the baseline (default: ${DEFAULT-VALUE}).")
    List<String> designers;



    @Option(names = "--repeats", paramLabel = "R", defaultValue = "5", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1",
            description = "Untimed runs before timing, for the JIT (default: ${DEFAULT-VALUE}; 0 for slow MILP designers).")
    int warmup;

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
        if (repeats < 1) throw new DdamInputException("--repeats must be >= 1");
        Instance inst = instance.load(file);
        InterestMatrix w = inst.requireInterest();
        Network g = inst.network();
        Render.Table t = new Render.Table("designer", "agents", "sum_tau_sum", "median_total_ms", "mean_root_ms",
                "max_root_ms", "vs_baseline").right(1, 2, 3, 4, 5, 6);
        List<Map<String, Object>> json = new ArrayList<>();
        double baseline = Double.NaN;
        for (String name : designers) {
            TreeDesigner d = solver.designer(name.strip());
            for (int i = 0; i < warmup; i++) design(d, g, w); // JIT, native loading
            double[] total = new double[repeats];
            TreeDesign last = null;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                last = design(d, g, w);
                total[i] = (System.nanoTime() - t0) / 1e6;
            }
            double med = BenchSteinerCommand.median(total);
            if (Double.isNaN(baseline)) baseline = med;
            double[] perRoot = last.results().stream().mapToDouble(r -> r.nanos() / 1e6).toArray();
            TreeMetrics m = last.metrics();
            t.row(d.name(), g.nodeCount(), m.totalTauSum(), String.format(Locale.ROOT, "%.3f", med),
                    String.format(Locale.ROOT, "%.3f", Arrays.stream(perRoot).average().orElse(0)),
                    String.format(Locale.ROOT, "%.3f", Arrays.stream(perRoot).max().orElse(0)),
                    String.format(Locale.ROOT, "%.1fx", med / baseline));
            Map<String, Object> row = new LinkedHashMap<>();   // the table's columns, numbers at full precision
            row.put("designer", d.name());
            row.put("agents", g.nodeCount());
            row.put("sum_tau_sum", m.totalTauSum());
            row.put("median_total_ms", med);
            row.put("mean_root_ms", Arrays.stream(perRoot).average().orElse(0));
            row.put("max_root_ms", Arrays.stream(perRoot).max().orElse(0));
            row.put("vs_baseline", med / baseline);
            json.add(row);
        }
        String text = switch (output.format()) {
            case csv -> Render.csv(json);
            case json -> Render.json(json);
            case table -> t.text();
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    private static TreeDesign design(TreeDesigner d, Network g, InterestMatrix w) {
        List<DesignedTree> r = TreeDesign.design(d, g, w, 1).results();
        for (DesignedTree x : r) {
            if (!x.status().hasTree()) throw new DdamInputException(d.name() + " found no tree within the time limit");
        }
        return new TreeDesign(d.name(), g, w, r);
    }
}
