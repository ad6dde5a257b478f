package io.ddam.cli;

import io.ddam.cli.plot.LinePlot;
import io.ddam.experiments.crossover.Crossover;
import io.ddam.experiments.crossover.Crossover.Job;
import io.ddam.experiments.crossover.Crossover.Plan;
import io.ddam.experiments.crossover.Crossover.Run;
import io.ddam.experiments.crossover.Crossover.Series;
import io.ddam.experiments.crossover.Crossover.Settings;
import io.ddam.experiments.sweep.LocalSweepRunner;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.OrTools;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ddam crossover}: where each protocol wins. For one instance it measures the time-average
 * static regret of C-DOGD, OGD and DDAM-TOGD (each designer × transport) against link time up to a
 * long horizon T_max in one run per protocol (prefix metrics at log-spaced checkpoints,
 * {@link Simulation#run(Simulation.Config, Simulation.Options)} with checkpoints and theory step sizes held), and reports the crossover horizon T* from which
 * DDAM-TOGD stays below C-DOGD. {@code --map} repeats this over a grid of ρ (eq. 41) and interest
 * patterns (Dirichlet y0 or top-k), regenerating W on the instance's network, over several seeds, and
 * draws heat maps of T* and of the winner at T_max.
 */
@Command(name = "crossover",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Where each protocol wins: the link time T* from which DDAM-TOGD beats C-DOGD, and a map of it.",
        sortOptions = false,
        description = {
                "Runs C-DOGD, OGD (the full-information reference) and DDAM-TOGD over the trees of every designer in "
                        + "--designers under every transport in --transports on the synthetic data of eq. 41, up to a long "
                        + "horizon T_max of link time, and measures S-Reg/iterations at log-spaced checkpoints of link time "
                        + "(--per-decade per decade from 10, and T_max) from one run per protocol.",
                "",
                "Link time follows the fair-time rule: OGD and C-DOGD make one iteration per unit of link time; DDAM-TOGD "
                        + "over trees with load C_max (for the transport) has made J(h) = floor(h / C_max) iterations by link "
                        + "time h (paper rule; ratio: floor(2h / C_max); off: h). Its value at h is S-Reg(J(h)) / J(h).",
                "",
                "T* of a DDAM-TOGD series is the first checkpoint h such that its value is below C-DOGD's at h and at every "
                        + "later checkpoint up to T_max; 'not within T_max' when it is not below at T_max. So T* is exact to "
                        + "the checkpoint grid. The winner is the protocol other than OGD with the lowest value at T_max.",
                "",
                "Step sizes (--eta): theory (default) takes each protocol's corollary step size for the iterations it runs "
                        + "in T_max and holds it constant, so the value at h is that of a run of horizon h with the same "
                        + "constant step; a number is one constant step for all; adagrad, coin, dog, dowg and freegrad need none. All are valid "
                        + "for prefix metrics (none depends on h); tuned is not offered.",
                "",
                "--map sweeps --rho and the interest pattern (--y0 values of Dirichlet(y0, y1) rows, or --top-k values) "
                        + "over seeds 1..--seeds; each (rho, pattern, seed) regenerates W on the instance's network and the "
                        + "data with that seed, exactly as a single run with --rho, --y0 (or --top-k) and --seed does. It "
                        + "writes a PNG of heat maps (log T*, geometric mean over the seeds that crossed; one panel per "
                        + "DDAM-TOGD series) and of the winner at T_max (lowest mean over the seeds), and a CSV beside it.",
                "",
                "Defaults: T_max = 100000 (--quick: 20000; map --quick: 50000), designers spt, joint-heuristic and "
                        + "joint when OR-Tools is available (map: spt, joint-heuristic), transports unicast and aggregate.",
                "--format csv prints the series table (map: one row per cell and series).",
                "",
                "Examples:  ddam crossover instances/synthetic20.json",
                "           ddam crossover --map instances/synthetic20.json --quick",
                "           ddam crossover instances/synthetic20.json --rho 0 --y0 0.5 --seed 2"})
public final class CrossoverCommand implements Callable<Integer> {
    /** Link times below this are not checkpoints (see {@link Crossover#FIRST_CHECKPOINT}). */
    static final int FIRST_CHECKPOINT = Crossover.FIRST_CHECKPOINT;

    @Parameters(paramLabel = "INSTANCE", description = "Instance file: its network (and its W unless --y0 or --top-k is given).")
    Path file;

    @Option(names = "--map", description = "Sweep --rho and the interest pattern over --seeds seeds and draw the maps.")
    boolean map;

    @Option(names = "--quick", description = "A smaller run: T_max 20000 (map: T_max 50000, 2 x 2 cells, 2 seeds), unless given.")
    boolean quick;

    @Option(names = "--horizon", paramLabel = "T_MAX", description = "The longest link time T_max (default: see above).")
    Integer horizon;

    @Option(names = "--per-decade", paramLabel = "K", defaultValue = "10",
            description = "Checkpoints per decade of link time, from 10 to T_max (default: ${DEFAULT-VALUE}).")
    int perDecade;

    @Option(names = "--designers", paramLabel = "LIST", split = ",",
            description = "Designers of DDAM-TOGD's trees (default: see above; any of 'ddam trees'). Joint ones design per transport.")
    List<String> designers;

    @Option(names = "--transports", paramLabel = "LIST", split = ",", defaultValue = "unicast,aggregate",
            description = "Transports for DDAM-TOGD's C_max: unicast, aggregate (default: ${DEFAULT-VALUE}).")
    List<String> transports;

    @Option(names = "--eta", paramLabel = "ETA", defaultValue = "theory",
            description = "Step size: theory (held at T_max's), a number, adagrad, coin, dog, dowg or freegrad; or rls[:lambda=L,beta=B] "
                    + "for the recursive-least-squares learner (deltanet; DDAM-RLS, consensus RLS) (default: ${DEFAULT-VALUE}).")
    String eta;

    @Option(names = "--fair-time", paramLabel = "RULE", defaultValue = "paper",
            description = "DDAM-TOGD iterations per link time: paper (1 / C_max), ratio (2 / C_max), off (1) or floats (paper, each "
                    + "message weighed by its floats over d_v d_k; C-DOGD then 1 / that) (default: ${DEFAULT-VALUE}).")
    String fairTime;

    @Option(names = "--rho", paramLabel = "RHO", split = ",",
            description = "Weight of the common matrix in eq. 41 (default 0.75; map: 0,0.25,0.5,0.75; --quick map: 0,0.5).")
    List<Double> rho;

    @Option(names = "--y0", paramLabel = "Y0", split = ",",
            description = "Regenerate W as dirichlet:y0=Y0,y1=--y1 with the seed (map default: 0.25,0.5,2,10; --quick map: 0.25,2).")
    List<Double> y0;

    @Option(names = "--top-k", paramLabel = "K", split = ",",
            description = "Regenerate W as topk:k=K,y0=1,y1=--y1 with the seed (instead of --y0).")
    List<Integer> topK;

    @Option(names = "--y1", paramLabel = "Y1",
            description = "y1 for --y0 and --top-k (default: the instance's own y1 if its W is Dirichlet, else 10).")
    Double y1;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the data and of a regenerated W (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seeds", paramLabel = "K", description = "Map: seeds 1..K per cell (default 3; --quick 2).")
    Integer seeds;

    @Option(names = "--dk", paramLabel = "DK", defaultValue = "4", description = "Key dimension (default: ${DEFAULT-VALUE}).")
    int dk;

    @Option(names = "--dv", paramLabel = "DV", defaultValue = "3", description = "Value dimension (default: ${DEFAULT-VALUE}).")
    int dv;

    @Option(names = "--model", paramLabel = "COST", defaultValue = "deltanet",
            description = "Memory cost: linear, gated-linear, deltanet, softmax, softmax-norm, gated-softmax (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--radius", paramLabel = "R", defaultValue = "50",
            description = "Radius of the Frobenius ball X (diameter B = 2R) (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads (default: all cores): a single run's agents, or the map's cells. Results do not depend on it.")
    Integer threads;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Where to write the plot (default: crossover-<instance>.png, map: crossover-map-<instance>.png); the CSV goes beside it.")
    Path plot;

    @Option(names = "--no-plot", description = "Write neither the plot nor its CSV.")
    boolean noPlot;

    @Mixin
    SolverOptions solver;

    @Mixin
    GraphMLOptions graphml;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Instance inst = io.ddam.solver.io.InstanceFiles.read(file, graphml.options());
        Network g = inst.network();
        g.requireConnected(file.toString());
        int tMax = horizon != null ? horizon : map ? (quick ? 50000 : 100000) : (quick ? 20000 : 100000);
        if (tMax < FIRST_CHECKPOINT) throw new DdamInputException("--horizon must be >= " + FIRST_CHECKPOINT + ", not " + tMax);
        if (perDecade < 1) throw new DdamInputException("--per-decade must be >= 1, not " + perDecade);
        if (threads != null && threads < 1) throw new DdamInputException("--threads must be >= 1, not " + threads);
        if (plot != null && noPlot) throw new DdamInputException("--plot and --no-plot exclude each other");
        if (y0 != null && topK != null) throw new DdamInputException("--y0 and --top-k exclude each other");
        if (eta.strip().equalsIgnoreCase("tuned")) throw new DdamInputException("--eta tuned is not offered: it picks η in hindsight per horizon");
        if (eta.strip().equalsIgnoreCase("theory") || eta.strip().equalsIgnoreCase("adagrad") || eta.strip().equalsIgnoreCase("coin")
                || eta.strip().equalsIgnoreCase("dog") || eta.strip().equalsIgnoreCase("dowg")
                || eta.strip().equalsIgnoreCase("freegrad")) {
            eta = eta.strip().toLowerCase(Locale.ROOT);
        } else if (eta.strip().toLowerCase(Locale.ROOT).startsWith("rls")) {
            eta = eta.strip().toLowerCase(Locale.ROOT); // checked by the library: rls or rls:lambda=L,beta=B
        } else {
            double e;
            try {
                e = Double.parseDouble(eta.strip());
            } catch (NumberFormatException ex) {
                throw new DdamInputException("--eta must be theory, a number, adagrad, coin, dog, dowg, freegrad or rls, not '" + Render.clip(eta) + "'");
            }
            if (!(e > 0) || Double.isInfinite(e)) throw new DdamInputException("--eta must be positive and finite, not " + eta.strip());
        }
        FairTime rule = FairTime.parse(fairTime);
        if (transports.isEmpty()) throw new DdamInputException("--transports needs at least one transport");
        List<Transport> ts = new ArrayList<>(new LinkedHashSet<>(transports.stream().map(Transport::parse).toList()));
        List<String> ds = designers != null ? designers.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).distinct().toList()
                : defaultDesigners(map);
        if (ds.isEmpty()) throw new DdamInputException("--designers needs at least one designer");
        for (String d : ds) solver.check(d);
        if (dk < 1 || dv < 1) throw new DdamInputException("--dk and --dv must be >= 1");
        MemoryCosts.byName(model, dk, dv, null, null); // an unknown model fails now, before any run
        if (!(radius > 0) || Double.isInfinite(radius)) throw new DdamInputException("--radius must be positive and finite, not " + radius);
        double yOne = y1 != null ? y1 : defaultY1(inst);
        Settings s = new Settings(tMax, Crossover.checkpoints(tMax, perDecade), ds, ts, eta, rule, dk, dv, model, radius, yOne);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        String name = safe(inst.name());
        Path png = noPlot ? null : plot != null ? plot : Path.of((map ? "crossover-map-" : "crossover-") + name + ".png");
        Path csv = png == null ? null : csvBeside(png);
        return map ? runMap(inst, s, workers, png, csv) : runSingle(inst, s, workers, png, csv);
    }

    // ---- single run ---------------------------------------------------------------------------------

    private Integer runSingle(Instance inst, Settings s, int workers, Path png, Path csv) {
        double r = one(rho, 0.75, "--rho");
        Double y = y0 == null ? null : one(y0, 0, "--y0");
        Integer k = topK == null ? null : (int) one(topK.stream().map(Integer::doubleValue).toList(), 0, "--top-k");
        checkRho(List.of(r));
        InterestSpec pattern = y != null ? Crossover.pattern(false, y, s.y1(), seed) : k != null ? Crossover.pattern(true, k, s.y1(), seed) : null;
        Run run;
        try (Progress progress = Progress.start("crossover", 1)) {
            run = Crossover.run(inst, file.toString(), s, r, pattern, seed, true, designs(s), workers);
            progress.step();
        }
        if (png != null) {
            CompareCommand.writeTogether(csv, seriesCsv(run).getBytes(StandardCharsets.UTF_8), png, curvePlot(inst, s, r, pattern, run).png(1100, 650));
            spec.commandLine().getErr().println("wrote " + png + " and " + csv);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("instance", inst.name());
        root.put("file", file.toString());
        putSettings(root, s);
        root.put("rho", r);
        root.put("interest", pattern == null ? "file" : pattern.toString());
        root.put("seed", seed);
        root.put("checkpoints", run.checkpoints());
        root.put("series", seriesJson(run));
        root.put("winner", run.winner());
        root.put("plot", png == null ? null : png.toString());
        root.put("csv", csv == null ? null : csv.toString());
        String text = switch (output.format()) {
            case json -> Render.json(root);
            case csv -> Render.csv(Render.rows(root.get("series")));
            case table -> singleTable(inst, s, r, pattern, run);
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    private String singleTable(Instance inst, Settings s, double r, InterestSpec pattern, Run run) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "instance %s (%d agents); synthetic data rho %s, seed %d; W %s; eta %s; fair-time %s; T_max %d%n",
                inst.name(), inst.network().nodeCount(), Render.num(r, 3), seed, pattern == null ? "from the file" : pattern,
                s.eta(), s.rule().cliName(), s.horizon()));
        Render.Table t = new Render.Table("protocol", "designer", "transport", "c_max", "iterations", "static_per_step", "t_star")
                .right(3, 4, 5, 6);
        for (Series x : run.series()) {
            boolean ddam = x.protocol().startsWith("ddam");
            t.row(x.protocol(), x.designer() == null ? "-" : x.designer(), x.transport() == null ? "-" : x.transport(), Render.num(x.cMax(), 2),
                    x.iterations()[x.iterations().length - 1], SimulateCommand.g4(x.last()),
                    !ddam ? "-" : x.tStar() == null ? "not within T_max" : x.tStar().toString());
        }
        sb.append(t.text());
        sb.append(String.format(Locale.ROOT, "winner at T_max = %d (lowest S-Reg/iterations, OGD aside): %s%n", s.horizon(), run.winner()));
        return sb.toString();
    }

    // ---- map ----------------------------------------------------------------------------------------

    private Integer runMap(Instance inst, Settings s, int workers, Path png, Path csv) {
        List<Double> rhos = rho != null ? rho : quick ? List.of(0.0, 0.5) : List.of(0.0, 0.25, 0.5, 0.75);
        boolean byK = topK != null;
        List<Double> values = byK ? topK.stream().map(Integer::doubleValue).toList()
                : y0 != null ? y0 : quick ? List.of(0.25, 2.0) : List.of(0.25, 0.5, 2.0, 10.0);
        int nSeeds = seeds != null ? seeds : quick ? 2 : 3;
        if (rhos.isEmpty() || values.isEmpty()) throw new DdamInputException("the sweep is empty: give at least one --rho and one " + (byK ? "--top-k" : "--y0"));
        if (nSeeds < 1) throw new DdamInputException("--seeds must be >= 1, not " + nSeeds);
        checkRho(rhos);
        for (double v : values) {
            Crossover.pattern(byK, v, s.y1(), 1); // a bad pattern fails now, not in a worker
        }
        List<Job> jobs = new ArrayList<>();
        for (double r : rhos) for (double v : values) for (long sd = 1; sd <= nSeeds; sd++) jobs.add(new Job(r, v, sd));
        // One sweep cell per (rho, pattern, seed) on the local runner, each on one thread: every run is
        // deterministic on its own, so the numbers do not depend on the thread count.
        Map<Job, Run> runs;
        try (Progress progress = Progress.start("crossover map", jobs.size())) {
            runs = Crossover.map(inst, file.toString(), s, jobs, byK, designs(s),
                    new LocalSweepRunner(Math.max(1, Math.min(workers, jobs.size())), (c, n) -> progress.step()));
        }
        List<Map<String, Object>> cells = Crossover.mapCells(rhos, values, nSeeds, runs, byK);
        if (png != null) {
            CompareCommand.writeTogether(csv, Render.csv(cells).getBytes(StandardCharsets.UTF_8), png,
                    mapPng(inst, s, rhos, values, byK, nSeeds, cells));
            spec.commandLine().getErr().println("wrote " + png + " and " + csv);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("instance", inst.name());
        root.put("file", file.toString());
        putSettings(root, s);
        root.put("pattern", byK ? "topk" : "dirichlet");
        root.put("rho", rhos);
        root.put("values", values);
        root.put("seeds", nSeeds);
        root.put("cells", cells);
        root.put("plot", png == null ? null : png.toString());
        root.put("csv", csv == null ? null : csv.toString());
        String text = switch (output.format()) {
            case json -> Render.json(root);
            case csv -> Render.csv(cells);
            case table -> mapTable(inst, s, byK, nSeeds, cells);
        };
        output.emit(text, spec.commandLine().getOut());
        return Main.OK;
    }

    private String mapTable(Instance inst, Settings s, boolean byK, int nSeeds, List<Map<String, Object>> cells) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "instance %s (%d agents); map over rho and %s; seeds 1..%d; eta %s; fair-time %s; T_max %d%n",
                inst.name(), inst.network().nodeCount(), byK ? "top-k" : "Dirichlet y0 (y1 " + Render.num(s.y1(), 2) + ")", nSeeds,
                s.eta(), s.rule().cliName(), s.horizon()));
        Render.Table t = new Render.Table("rho", byK ? "k" : "y0", "protocol", "crossed", "t_star_geo_mean", "t_star_min..max",
                "static_per_step_mean", "winner").right(0, 1, 3, 4, 5, 6);
        for (Map<String, Object> o : cells) {
            Object c = o.get("crossed");
            t.row(Render.num((Double) o.get("rho"), 2), byK ? o.get("k") : Render.num((Double) o.get("y0"), 2), o.get("protocol"),
                    c == null ? "-" : c + "/" + nSeeds,
                    o.get("tStarGeoMean") == null ? (c == null ? "-" : "none") : Render.num((Double) o.get("tStarGeoMean"), 0),
                    o.get("tStarMin") == null ? "-" : o.get("tStarMin") + ".." + o.get("tStarMax"),
                    SimulateCommand.g4((Double) o.get("staticPerStepMean")), o.get("winner"));
        }
        return sb.append(t.text()).toString();
    }

    /** The DDAM-TOGD series: one per designer and transport (joint designers design for each transport). */
    private Crossover.Designs designs(Settings s) {
        return (g, w, workers) -> plans(g, w, s, workers);
    }

    private List<Plan> plans(Network g, InterestMatrix w, Settings s, int workers) {
        List<Plan> plans = new ArrayList<>();
        String where = file.toString();
        for (String d : s.designers()) {
            TreeMetrics shared = null;
            for (Transport t : s.transports()) {
                TreeMetrics m;
                if (SolverOptions.isJoint(d)) {
                    m = solver.joint(d, t).design(g, w).design().metrics();
                } else {
                    if (shared == null) shared = solver.designAll(d, where, g, w, t, workers, Progress.none()).design().metrics();
                    m = shared;
                }
                String name = "ddam-" + d + (t == Transport.AGGREGATE ? Simulation.AGGREGATE_SUFFIX : "");
                plans.add(new Plan(name, d, t, m.withTransport(t)));
            }
        }
        return plans;
    }

    // ---- output helpers -----------------------------------------------------------------------------

    private void putSettings(Map<String, Object> root, Settings s) {
        root.put("data", "synthetic");
        root.put("model", s.model());
        root.put("horizon", s.horizon());
        root.put("eta", s.eta());
        root.put("radius", s.radius());
        root.put("fairTime", s.rule().cliName());
        root.put("dk", s.dk());
        root.put("dv", s.dv());
        root.put("y1", s.y1());
        root.put("designers", s.designers());
        root.put("transports", s.transports().stream().map(Transport::cliName).toList());
    }

    private static List<Map<String, Object>> seriesJson(Run run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Series x : run.series()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("protocol", x.protocol());
            o.put("designer", x.designer());
            o.put("transport", x.transport());
            o.put("cMax", Render.jsonNumber(x.cMax()));
            o.put("iterations", x.iterations()[x.iterations().length - 1]);
            o.put("staticPerStep", x.last());
            o.put("tStar", x.tStar());
            o.put("crossed", x.protocol().startsWith("ddam") ? x.tStar() != null : null);
            o.put("staticPerStepAt", x.average()); // at each checkpoint (JSON only)
            o.put("iterationsAt", x.iterations());
            out.add(o);
        }
        return out;
    }

    /** The curve behind the plot: one line per series and checkpoint. */
    static String seriesCsv(Run run) {
        StringBuilder sb = new StringBuilder("protocol,link_time,iterations,static_per_step\n");
        for (Series x : run.series()) {
            for (int i = 0; i < run.checkpoints().length; i++) {
                sb.append(x.protocol()).append(',').append(run.checkpoints()[i]).append(',').append(x.iterations()[i]).append(',')
                        .append(Render.csvCell(x.average()[i])).append('\n');
            }
        }
        return sb.toString();
    }

    private LinePlot curvePlot(Instance inst, Settings s, double r, InterestSpec pattern, Run run) {
        boolean positive = true;
        for (Series x : run.series()) for (double v : x.average()) positive &= v > 0;
        LinePlot p = new LinePlot("ddam crossover " + inst.name() + ": time-average static regret against link time",
                "link time (log scale)", "S-Reg / iterations" + (positive ? " (log scale)" : ""));
        p.logX();
        if (positive) p.logY();
        List<String> designers = s.designers();
        double[] x = Arrays.stream(run.checkpoints()).asDoubleStream().toArray();
        List<String> stars = new ArrayList<>();
        for (Series sr : run.series()) {
            if (sr.protocol().equals("ogd")) p.dashed(sr.protocol() + " (reference)", x, sr.average());
            else if (sr.designer() == null) p.line(sr.protocol(), x, sr.average());
            else p.line(sr.protocol(), x, sr.average(), designerColor(sr.designer(), designers), "aggregate".equals(sr.transport()));
            if (sr.protocol().startsWith("ddam")) {
                stars.add(sr.protocol() + " (C_max " + Render.num(sr.cMax(), 1) + "): T* " + (sr.tStar() == null ? "not within " + s.horizon() : sr.tStar()));
            }
        }
        p.note("aggregate transport dashed; T* = first checkpoint from which the series stays below cdogd");
        p.note("synthetic data rho " + Render.num(r, 3) + ", seed " + seed + "; W " + (pattern == null ? "of " + inst.name() : pattern)
                + "; eta " + s.eta() + "; fair-time " + s.rule().cliName());
        for (String t : stars) p.note(t);
        p.note("winner at T_max: " + run.winner());
        return p;
    }

    private byte[] mapPng(Instance inst, Settings s, List<Double> rhos, List<Double> values, boolean byK, int nSeeds,
                          List<Map<String, Object>> cells) {
        List<String> ddam = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Map<String, Object> o : cells) {
            String p = (String) o.get("protocol");
            if (!all.contains(p)) all.add(p);
            if (p.startsWith("ddam") && !ddam.contains(p)) ddam.add(p);
        }
        List<String> xs = rhos.stream().map(r -> Render.num(r, 2)).toList();
        List<String> ys = values.stream().map(v -> byK ? Integer.toString((int) (double) v) : Render.num(v, 2)).toList();
        String yTitle = byK ? "top-k: others kept per row" : "Dirichlet y0 (y1 " + Render.num(s.y1(), 2) + ")";
        double lo = Math.log10(FIRST_CHECKPOINT), never = Math.floor(Math.log10(s.horizon())) + 1;
        List<HeatMapChart> charts = new ArrayList<>();
        for (String p : ddam) {
            List<Number[]> data = new ArrayList<>();
            for (Map<String, Object> o : cells) {
                if (!o.get("protocol").equals(p)) continue;
                int xi = rhos.indexOf((Double) o.get("rho"));
                int yi = values.indexOf(byK ? (double) (Integer) o.get("k") : (Double) o.get("y0"));
                // A cell where no seed crossed gets a value past T_max: the far (red) end of the scale, labelled "none".
                Double t = (Double) o.get("tStarGeoMean");
                data.add(new Number[] {xi, yi, t == null ? never : Math.log10(t)});
            }
            HeatMapChart c = heatMap(p + ": log10 T* (" + Render.num(never, 1) + ": none of " + nSeeds + " seeds crossed)", yTitle);
            // XChart writes a cell's value with a decimal pattern only: log10 T* to one decimal.
            c.getStyler().setMin(lo).setMax(never).setHeatMapValueDecimalPattern("0.0");
            c.getStyler().setHeatMapDecimalValueFormatter(v -> v >= never - 1e-9 ? "none" : Render.num(Math.round(Math.pow(10, v)), 0));
            c.addSeries("log10 T*", xs, ys, data);
            charts.add(c);
        }
        // The winner map: a category per cell, so discrete colours and a legend naming each protocol.
        List<WinnerColour> key = winnerKey(all, cells);
        List<String> winners = key.stream().map(WinnerColour::protocol).toList();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Number[]> wins = new ArrayList<>();
        for (Map<String, Object> o : cells) {
            double v = byK ? (double) (Integer) o.get("k") : (Double) o.get("y0");
            if (!seen.add(o.get("rho") + "/" + v)) continue;
            wins.add(new Number[] {rhos.indexOf((Double) o.get("rho")), values.indexOf(v), winners.indexOf((String) o.get("winner"))});
        }
        List<java.awt.image.BufferedImage> panels = new ArrayList<>();
        for (HeatMapChart c : charts) panels.add(BitmapEncoder.getBufferedImage(c));
        panels.add(winnerPanel(key, xs, ys, wins, yTitle));
        int cols = Math.min(3, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        // One picture of the panels, row by row (BitmapEncoder's own grid needs rows x cols charts exactly).
        java.awt.image.BufferedImage sheet = new java.awt.image.BufferedImage(cols * PANEL_W, rows * PANEL_H, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < panels.size(); i++) g.drawImage(panels.get(i), (i % cols) * PANEL_W, (i / cols) * PANEL_H, null);
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(sheet, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }

    /** One panel of the map's picture, in pixels. */
    private static final int PANEL_W = 620, PANEL_H = 460;

    /**
     * A protocol that wins at least one cell of the map, and its colour there.
     *
     * @param protocol the protocol's name, as in the table
     * @param color    its colour in the winner panel and its legend
     */
    record WinnerColour(String protocol, Color color) {}

    /** The winner panel's colours: no red but cdogd's, none of them ogd's blue. */
    private static final Color[] WINNER_PALETTE = {new Color(0x2ca02c), new Color(0x17becf), new Color(0x9467bd), new Color(0xe377c2),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xbcbd22), new Color(0x7f7f7f)};

    /**
     * The winner panel's key: the protocols that win some cell, in the order of {@code all} (the table's
     * order), each with its own colour. cdogd keeps its red of the line plots; the others take the palette
     * by their place in {@code all}, so a protocol keeps its colour from map to map of the same series, and
     * a colour already taken (more series than colours) moves on to the next free one, so no two winners
     * ever share a colour.
     */
    static List<WinnerColour> winnerKey(List<String> all, List<Map<String, Object>> cells) {
        List<WinnerColour> key = new ArrayList<>();
        java.util.Set<Color> used = new java.util.HashSet<>();
        for (String p : all) {
            if (cells.stream().noneMatch(o -> p.equals(o.get("winner")))) continue;
            Color c;
            if (p.equals("cdogd")) {
                c = LinePlot.colorOf("cdogd");
            } else {
                int i = all.indexOf(p);
                c = WINNER_PALETTE[i % WINNER_PALETTE.length];
                for (int k = 1; used.contains(c); k++) {
                    c = k < WINNER_PALETTE.length ? WINNER_PALETTE[(i + k) % WINNER_PALETTE.length]
                            : Color.getHSBColor((float) ((k * 0.618034) % 1.0), 0.55f, 0.85f);
                }
            }
            used.add(c);
            key.add(new WinnerColour(p, c));
        }
        return key;
    }

    /** Pixels of the winner panel's legend: swatch side, gap, and padding. */
    private static final int SWATCH = 14, LEGEND_PAD = 10;
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /**
     * The winner heat map: a cell's value is its winner's place in {@code key}, and the range colours are
     * exactly the key's colours over 0..k-1, so place i is drawn in colour i and nothing in between (the
     * cell's label is that place). XChart's legend is a continuous colour bar, wrong for a category, so
     * it is hidden and the panel gets a legend of its own ({@link #winnerPanel}).
     */
    static HeatMapChart winnerChart(List<WinnerColour> key, List<String> xs, List<String> ys, List<Number[]> wins, String yTitle, int width) {
        HeatMapChart win = heatMap("winner at T_max (lowest mean S-Reg/iterations; OGD aside)", yTitle, width);
        Color[] colors = new Color[Math.max(2, key.size())];
        for (int i = 0; i < colors.length; i++) colors[i] = key.get(Math.min(i, key.size() - 1)).color();
        double max = Math.max(1, key.size() - 1);
        win.getStyler().setRangeColors(colors).setMin(0).setMax(max).setHeatMapValueDecimalPattern("0");
        win.getStyler().setLegendVisible(false);
        win.addSeries("winner", xs, ys, wins).setMin(0).setMax(max);
        return win;
    }

    /** The legend's lines: "place protocol", as the cells are labelled. */
    static List<String> winnerLegend(List<WinnerColour> key) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) lines.add(i + "  " + key.get(i).protocol());
        return lines;
    }

    /** The winner panel, {@link #PANEL_W} × {@link #PANEL_H}: the heat map and, right of it, one swatch and name per winner. */
    private static java.awt.image.BufferedImage winnerPanel(List<WinnerColour> key, List<String> xs, List<String> ys, List<Number[]> wins,
                                                            String yTitle) {
        java.awt.image.BufferedImage panel = new java.awt.image.BufferedImage(PANEL_W, PANEL_H, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = panel.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(LEGEND_FONT);
            java.awt.FontMetrics fm = g.getFontMetrics();
            List<String> lines = winnerLegend(key);
            int text = 0;
            for (String l : lines) text = Math.max(text, fm.stringWidth(l));
            int legendW = Math.min(PANEL_W / 2, 2 * LEGEND_PAD + SWATCH + 6 + text);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, PANEL_W, PANEL_H);
            g.drawImage(BitmapEncoder.getBufferedImage(winnerChart(key, xs, ys, wins, yTitle, PANEL_W - legendW)), 0, 0, null);
            int rowH = Math.max(SWATCH, fm.getHeight()) + 6;
            int x = PANEL_W - legendW + LEGEND_PAD, y = Math.max(LEGEND_PAD, (PANEL_H - lines.size() * rowH) / 2);
            for (int i = 0; i < lines.size(); i++, y += rowH) {
                g.setColor(key.get(i).color());
                g.fillRect(x, y, SWATCH, SWATCH);
                g.setColor(Color.DARK_GRAY);
                g.drawRect(x, y, SWATCH, SWATCH);
                g.setColor(Color.BLACK);
                g.drawString(lines.get(i), x + SWATCH + 6, y + (SWATCH + fm.getAscent() - fm.getDescent()) / 2);
            }
        } finally {
            g.dispose();
        }
        return panel;
    }

    private static HeatMapChart heatMap(String title, String yTitle) {
        return heatMap(title, yTitle, PANEL_W);
    }

    private static HeatMapChart heatMap(String title, String yTitle, int width) {
        HeatMapChart c = new HeatMapChartBuilder().width(width).height(PANEL_H).title(title).xAxisTitle("rho (weight of the common task, eq. 41)")
                .yAxisTitle(yTitle).build();
        var st = c.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setShowValue(true);
        st.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        st.setRangeColors(new Color[] {new Color(0x2c7bb6), new Color(0xffffbf), new Color(0xd7191c)});
        st.setAntiAlias(true);
        return c;
    }

    /** One colour per designer (the transports share it: aggregate is dashed); none is ogd's blue or cdogd's red. */
    private static Color designerColor(String designer, List<String> designers) {
        Color[] palette = {new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2),
            new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};
        return palette[Math.max(0, designers.indexOf(designer)) % palette.length];
    }

    // ---- small checks ------------------------------------------------------------------------------

    private static List<String> defaultDesigners(boolean map) {
        List<String> d = new ArrayList<>(List.of("spt", "joint-heuristic"));
        if (!map && OrTools.isAvailable()) d.add("joint");
        return d;
    }

    /** The instance's own y1 when its W came from a Dirichlet spec, else 10 (the paper's). */
    private static double defaultY1(Instance inst) {
        Object interest = inst.metadata().get("interest");
        return InterestSpec.fromMetadata(interest).filter(x -> x.kind() == InterestSpec.Kind.DIRICHLET).map(InterestSpec::y1).orElse(10.0);
    }

    private static void checkRho(List<Double> rhos) {
        for (double r : rhos) if (!(r >= 0 && r <= 1)) throw new DdamInputException("--rho must be in [0, 1], not " + r);
    }

    /** The single value of a list option outside --map (or {@code fallback} when it is not given). */
    private double one(List<Double> values, double fallback, String option) {
        if (values == null) return fallback;
        if (values.size() != 1) throw new DdamInputException(option + " takes one value without --map, not " + values.size());
        return values.get(0);
    }

    private static Path csvBeside(Path png) {
        String name = png.getFileName() == null ? "" : png.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".png") || name.length() == 4) {
            throw new DdamInputException(png.toString(), 0, "--plot must name a .png file");
        }
        return png.resolveSibling(name.substring(0, name.length() - 4) + ".csv");
    }

    private static String safe(String s) {
        return s == null || s.isEmpty() ? "instance" : s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
