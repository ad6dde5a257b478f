package io.ddam.cli;

import io.ddam.online.data.SyntheticStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.failures.TreeRepair;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.generate.WaxmanGenerator;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.tree.RoutingTree;
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

/**
 * {@code ddam bench failures}: what link failures cost the simulation (issue 11). In one process, for each
 * network and failure schedule, the same simulation ({@link Simulation#run(Simulation.Config, Simulation.Options)} with failures: every protocol on
 * the failing and on the intact network, same data) timed per protocol with and without the failures, and
 * the ratio; and the time the tree repairs take per topology change and per link event, for the spt and
 * joint-heuristic designers ({@link TreeRepair#timeline}).
 */
@Command(name = "failures",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Simulation speed with link failures against without, and tree-repair time per event.",
        sortOptions = false,
        description = {
                "For each network (INSTANCE files, .json or .graphml, W uniform when the file has none; default: the "
                        + "200-node Waxman network of 'ddam generate --network waxman:n=200,alpha=0.15,beta=0.15 "
                        + "--interest uniform --seed 5') and each --failures schedule:",
                "1. simulate: the whole simulation (protocols ogd, cdogd, local, ddam-st, ddam-star; synthetic data 4x3, "
                        + "eta 0.05, radius 50, fair-time off, every metric, no repair) on the intact network (without) and "
                        + "the failing one (with: simulate --failures less its intact-network run), and with/without "
                        + "(1.00x = failures cost nothing).",
                "2. engine: cdogd, ddam-st and ddam-star run alone (no metrics, trees designed beforehand; the failure-aware "
                        + "protocol built inside the timed part), with and without the failures.",
                "Times are CPU seconds of the one thread with --threads 1 (robust to other load on the machine), wall "
                        + "seconds otherwise; medians over --repeats runs after --warmup.",
                "3. repair: the trees of the spt and joint-heuristic designers repaired --repair-delay steps after every "
                        + "topology change over the run: repairs, trees replaced, and the median time per repair and per "
                        + "link event.",
                "--quick shrinks the sizes (a smoke test, not a benchmark).",
                "",
                "Example:  ddam bench failures ../shared/data/topologies/Uninett2011.graphml --repeats 3"})
public final class BenchFailuresCommand implements Callable<Integer> {
    /** The protocols of the speed rows. */
    static final List<String> PROTOCOLS = List.of("ogd", "cdogd", "local", "ddam-st", "ddam-star");

    @Parameters(arity = "0..*", paramLabel = "INSTANCE", description = "Networks (default: the 200-node Waxman network).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--failures", paramLabel = "SPEC",
            description = "A failure schedule (spec or trace, as simulate --failures); repeat for several "
                    + "(default: indep:p=0.001,q=0.05,seed=3 and indep:p=0.01,q=0.05,seed=3).")
    List<String> failures = new ArrayList<>();

    @Option(names = "--horizon", paramLabel = "T", defaultValue = "100", description = "Steps (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--repair-delay", paramLabel = "STEPS", defaultValue = "2",
            description = "Detection delay of the repair rows (default: ${DEFAULT-VALUE}).")
    int repairDelay;

    @Option(names = "--designers", paramLabel = "LIST", split = ",", defaultValue = "spt,joint-heuristic",
            description = "Designers of the repair rows, comma-separated, or none (default: ${DEFAULT-VALUE}).")
    List<String> designers;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Threads per protocol (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "3", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1",
            description = "Untimed runs before timing, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--quick", description = "Tiny sizes: checks that everything runs, measures nothing useful.")
    boolean quick;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (repeats < 1) throw new DdamInputException("--repeats must be >= 1");
        if (warmup < 0) throw new DdamInputException("--warmup must be >= 0");
        if (horizon < 1) throw new DdamInputException("--horizon must be >= 1");
        if (repairDelay < 0) throw new DdamInputException("--repair-delay must be >= 0, not " + repairDelay);
        List<String> specs = failures.isEmpty()
                ? List.of("indep:p=0.001,q=0.05,seed=3", "indep:p=0.01,q=0.05,seed=3") : failures;
        List<Instance> nets = new ArrayList<>();
        if (files.isEmpty()) {
            int n = quick ? 30 : 200;
            double ab = quick ? 0.5 : 0.15; // the small network needs denser links to be connected
            Instance g = new WaxmanGenerator(n, ab, ab, 5).generate();
            nets.add(new Instance("waxman" + n, g.network(), InterestGenerators.uniform(n)));
        }
        for (Path f : files) {
            Instance inst = InstanceFiles.read(f);
            if (inst.interest().isEmpty()) {
                inst = new Instance(inst.name(), inst.network(), InterestGenerators.uniform(inst.network().nodeCount()),
                        inst.terminals(), inst.metadata());
            }
            nets.add(inst);
        }
        int steps = quick ? Math.min(horizon, 10) : horizon;
        Render.Table t = new Render.Table("network", "failures", "benchmark", "case", "with", "without", "ratio", "lost_fraction")
                .right(4, 5, 6, 7);
        List<Map<String, Object>> json = new ArrayList<>();
        for (Instance inst : nets) {
            String net = inst.name() + " (" + inst.network().nodeCount() + " nodes, " + inst.network().edgeCount() + " links)";
            InterestMatrix w = inst.requireInterest();
            for (String sp : specs) {
                LinkSchedule schedule = FailureSchedules.load(sp, inst.network(), inst.metadata(), steps);
                speed(t, json, net, sp, inst, w, schedule, steps);
                engine(t, json, net, sp, inst, w, schedule, steps);
                for (String designer : designers) {
                    if (designer.equals("none")) continue;
                    if (!TreeRepair.supports(designer)) throw new DdamInputException("--designers: no repair for '" + designer + "'");
                    repair(t, json, net, sp, inst, w, schedule, steps, designer);
                }
            }
        }
        String text = switch (output.format()) {
            case csv -> Render.csv(json);
            case json -> Render.json(json);
            case table -> t.text();
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    /**
     * The whole-simulation row: CPU seconds of {@link Simulation#run} (without) and of the failure part of
     * {@link Simulation#run(Simulation.Config, Simulation.Options)} with failures (with: its time less a plain run's, since it runs the intact network
     * first), every protocol, comparators and metrics included.
     */
    private void speed(Render.Table t, List<Map<String, Object>> json, String net, String sp, Instance inst, InterestMatrix w,
                       LinkSchedule schedule, int steps) {
        int n = inst.network().nodeCount();
        Simulation.Config c = new Simulation.Config(inst.network(), w, new SyntheticStream(n, steps, 4, 3, 0.75, 1),
                new DeltaNetCost(4, 3), Projection.ball(50), PROTOCOLS, steps, "0.05", FairTime.parse("off"), 1, false, Map.of(),
                null, threads);
        Simulation.FailureSetup setup = new Simulation.FailureSetup(schedule, -1);
        double[] with = new double[repeats], without = new double[repeats];
        for (int r = -warmup; r < repeats; r++) {
            long t0 = clock();
            Simulation.run(c);
            long t1 = clock();
            Simulation.run(c, Simulation.Options.defaults().withFailures(setup)).failures();
            long t2 = clock();
            if (r < 0) continue;
            without[r] = (t1 - t0) / 1e9;
            with[r] = ((t2 - t1) - (t1 - t0)) / 1e9;
        }
        double a = BenchSteinerCommand.median(with), b = BenchSteinerCommand.median(without);
        t.row(net, sp, "simulate T=" + steps, String.join(",", PROTOCOLS), sec(a), sec(b), String.format(Locale.ROOT, "%.2fx", a / b), "-");
        Map<String, Object> m = base(net, sp, "simulate");
        m.put("horizon", steps);
        m.put("protocol", String.join(",", PROTOCOLS));
        m.put("with_failures_s", a);
        m.put("without_failures_s", b);
        m.put("ratio", a / b);
        json.add(m);
    }

    /** Nanoseconds of CPU time of this thread with --threads 1 (everything runs on it: robust to other load), else wall time. */
    private long clock() {
        return threads == 1 && CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * The engine rows: the protocols that send messages, run alone (no regret meter, trees designed beforehand),
     * with and without the failure-aware path: where the failures' cost is, undiluted by what both runs share.
     * The failure-aware protocol is built inside the timed part (its per-run tables are part of its cost).
     */
    private void engine(Render.Table t, List<Map<String, Object>> json, String net, String sp, Instance inst, InterestMatrix w,
                        LinkSchedule schedule, int steps) {
        int n = inst.network().nodeCount();
        io.ddam.online.data.DataStream data = new SyntheticStream(n, steps, 4, 3, 0.75, 1);
        DeltaNetCost cost = new DeltaNetCost(4, 3);
        Projection ball = Projection.ball(50);
        double[] eta = io.ddam.online.protocol.StepSizes.constant(n, 0.05);
        io.ddam.online.protocol.Protocol.IterateListener ignore = (step, agent, x) -> { };
        for (String name : List.of("cdogd", "ddam-st", "ddam-star")) {
            java.util.function.Supplier<io.ddam.online.protocol.Protocol> plain, failing;
            io.ddam.online.protocol.MessageLoss loss = new io.ddam.online.protocol.MessageLoss();
            if (name.equals("cdogd")) {
                var a = io.ddam.online.protocol.ConsensusWeights.metropolisHastings(inst.network());
                var p = new io.ddam.online.protocol.CdogdProtocol(a, cost, ball, eta).withThreads(threads);
                plain = () -> p;
                failing = () -> p.withFailures(schedule, loss);
            } else {
                TreeMetrics trees = Simulation.defaultTrees(name, inst.network(), w);
                var p = io.ddam.online.protocol.DdamTogdProtocol.overTrees(name, w, trees, cost, ball, eta).withThreads(threads);
                plain = () -> p;
                failing = () -> p.withFailures(schedule, trees, loss);
            }
            double[] with = new double[repeats], without = new double[repeats];
            for (int r = -warmup; r < repeats; r++) {
                long t0 = clock();
                plain.get().run(data, steps, ignore);
                long t1 = clock();
                failing.get().run(data, steps, ignore);
                long t2 = clock();
                if (r < 0) continue;
                without[r] = (t1 - t0) / 1e9;
                with[r] = (t2 - t1) / 1e9;
            }
            double a = BenchSteinerCommand.median(with), b = BenchSteinerCommand.median(without);
            t.row(net, sp, "engine T=" + steps, name + " run alone", sec(a), sec(b), String.format(Locale.ROOT, "%.2fx", a / b),
                    String.format(Locale.ROOT, "%.4f", loss.fraction()));
            Map<String, Object> m = base(net, sp, "engine");
            m.put("horizon", steps);
            m.put("protocol", name);
            m.put("with_failures_s", a);
            m.put("without_failures_s", b);
            m.put("ratio", a / b);
            m.put("lost_fraction", loss.fraction());
            json.add(m);
        }
    }

    /** The repair rows: one designer's trees repaired over the run; median time per repair and per link event. */
    private void repair(Render.Table t, List<Map<String, Object>> json, String net, String sp, Instance inst, InterestMatrix w,
                        LinkSchedule schedule, int steps, String designer) {
        TreeMetrics trees = Simulation.defaultTrees(designer.equals("spt") ? "ddam-spt" : "ddam-" + designer, inst.network(), w);
        List<RoutingTree> initial = new ArrayList<>();
        for (int n = 0; n < trees.agentCount(); n++) initial.add(trees.tree(n));
        long events = schedule.events().stream().filter(e -> e.t() <= steps).count();
        double[] nanos = new double[repeats];
        TreeRepair.Timeline tl = null;
        for (int r = -warmup; r < repeats; r++) {
            long t0 = clock();
            tl = TreeRepair.timeline(designer, inst.network(), w, initial, schedule, repairDelay, steps, trees.transport());
            if (r >= 0) nanos[r] = clock() - t0;
        }
        double s = BenchSteinerCommand.median(nanos) / 1e9;
        String what = designer + ": " + tl.repairs() + " repairs, " + tl.roots() + " trees, " + events + " link events";
        double perRepair = tl.repairs() == 0 ? 0 : s / tl.repairs();
        double perEvent = events == 0 ? 0 : s / events;
        t.row(net, sp, "repair delay=" + repairDelay, what, sec(s), "-",
                String.format(Locale.ROOT, "%.2f ms/repair, %.2f ms/event", perRepair * 1e3, perEvent * 1e3), "-");
        Map<String, Object> m = base(net, sp, "repair");
        m.put("designer", designer);
        m.put("repair_delay", repairDelay);
        m.put("link_events", events);
        m.put("repairs", tl.repairs());
        m.put("trees_repaired", tl.roots());
        m.put("repair_s", s);
        m.put("per_repair_s", perRepair);
        m.put("per_event_s", perEvent);
        json.add(m);
    }

    private static Map<String, Object> base(String net, String sp, String bench) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", net);
        m.put("failures", sp);
        m.put("benchmark", bench);
        return m;
    }

    private static String sec(double s) { return String.format(Locale.ROOT, "%.3f s", s); }
}
