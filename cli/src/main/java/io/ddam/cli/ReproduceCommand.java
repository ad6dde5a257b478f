package io.ddam.cli;

import io.ddam.experiments.figures.Experiment;
import io.ddam.experiments.figures.Experiments;
import io.ddam.experiments.figures.FailureExperiment;
import io.ddam.experiments.figures.Figure;
import io.ddam.experiments.figures.FigureResult;
import io.ddam.experiments.figures.FigureRunner;
import io.ddam.experiments.figures.Finding;
import io.ddam.experiments.figures.Findings;
import io.ddam.experiments.figures.TrafficData;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.io.AtomicFiles;
import io.ddam.solver.tree.Transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ddam reproduce}: the paper's figures (method.md §4) as named experiments, run over several seeds
 * in parallel, each written as a CSV and a PNG, with a {@code summary.md} that judges every finding of the
 * paper against this run. The experiments themselves live in the library
 * ({@link io.ddam.experiments.figures}); this command parses options, shows progress and renders.
 */
@Command(name = "reproduce",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Re-run the paper's Figs. 3-9: PNG, CSV and a findings summary.",
        sortOptions = false,
        description = {
                "Runs each figure's sweep over K seeds (in parallel across sweep points and seeds) and writes to "
                        + "--out-dir: figN.png (mean line, min..max band), figN.csv (x,series,mean,min,max,seeds), "
                        + "figN-runs.csv (one row per run), figN-tuning.csv (the step-size tuning, see --eta) and "
                        + "summary.md, which states for every finding of the paper whether this run shows it, with numbers.",
                "",
                "Figures (the paper's parameters; where it is silent, our decisions, listed in docs/reproduce.md):",
                "  fig3  S-Reg/T vs T in {100,250,500,750,1000,1500,2000,2500}; rho=0.75, y0=2, y1=10 (synthetic)",
                "  fig4  S-Reg/T at T=2500 vs rho in {0,0.1,...,1}; y0=6, y1=10 (synthetic)",
                "  fig5  S-Reg/T at T=2500 vs y0 in {0.1,0.5,1,2,4,6,8,10}; rho=0.75, y1=10 (synthetic)",
                "  fig7  DDAM-TOGD* D-Reg/T and (1+PL)/sqrt(T) for windows 1 and 168 vs T in {100,...,1200}; "
                        + "y0=10, y1=100 (traffic)",
                "  fig8  S-Reg/T vs T in {150,300,600,900,1200}; y0=0.1, y1=100 (traffic; the CSV adds D-Reg/T "
                        + "for window 1)",
                "  fig9  Self-/Cross-NMSE of DDAM-TOGD* and OGD vs y0 in {0.1,0.3,1,3,10,30,100}; y1=100, T=1200 "
                        + "(traffic)",
                "  all   all six",
                "  failures  not a paper figure (issue 11): S-Reg/T' and Self-NMSE against the link failure rate "
                        + "p in {0,0.001,0.003,0.01,0.03} (indep failures, mean down time 20 steps) on synthetic20 and the "
                        + "Topology Zoo network Abilene (from --data-dir; skipped, saying so, without it), T=2500, for OGD, "
                        + "C-DOGD and DDAM-TOGD over spt and joint trees, each with and without repair (2 steps after a change). "
                        + "Seeds are the failure schedules'. Writes failures.csv, failures-runs.csv, failures-<network>.png, "
                        + "failures-<network>-nmse.png and failures-summary.md; runs alone (not with figures). Step size "
                        + "0.1 for every protocol unless --eta names another (tuned has no failure-aware form). --quick: "
                        + "T=500, p in {0,0.003,0.03}, joint-heuristic trees, 2 seeds.",
                "",
                "Common: DeltaNet cost, d_k=4, d_v=3 (synthetic), radius R=50.",
                "Step sizes (--eta tuned, the default): in each figure every series (protocol x fair-time rule) "
                        + "gets one constant eta from 1e-5..1 in half decades (also with --quick), the one with the lowest "
                        + "S-Reg/T on the held-out seed 0 at the figure's reference point (fig3 T=2500; fig4 rho=0.75; fig5"
                        + " y0=2; fig7, fig8 their last T; fig9 y0=10), never on the evaluated seeds 1..K. --eta theory: "
                        + "Corollary 1 / Theorem 2 / Corollary 2; --eta NUMBER: one constant for every protocol; --eta "
                        + "adagrad / coin / dog / dowg / freegrad / ader: parameter-free step sizes (AdaGrad-norm, D = 2R; KT coin betting on "
                        + "the ball; projected DoG; projected DoWG; FreeGrad with gradient clipping on the ball; Ader's exponential "
                        + "weights over a fixed grid of constant steps), nothing tuned.",
                "Seed s draws the data (seed s) and W (Dirichlet, seed 1000+s); graphs fixed: synthetic20 "
                        + "(er:n=20,p=0.2,seed=2026) for figs 3-5, er16 (er:n=16,p=0.25,seed=16) for figs 7-9.",
                "DDAM-TOGD* = shortest-path trees (the delay MILP's optimum), DDAM-TOGD (ST) = KMB Steiner trees.",
                "Where DDAM-TOGD is compared with OGD/C-DOGD it is drawn under the paper's fair-time rule "
                        + "floor(T/C_max) (solid) and with the rule off (dashed); figs 7 and 9 run DDAM-TOGD with the rule "
                        + "off. Every sweep point is its own run with horizon T. --quick: fewer points (and 2 seeds), well "
                        + "under 2 minutes on 2 cores.",
                "",
                "Traffic: without --traffic, figs 7-9 use the synthetic stand-in (not real data) and say so on "
                        + "the plots and in the summary. With --traffic FILE (square_id,time_interval,internet_total at "
                        + "10-minute steps) they use your data: one agent per series (at most 16: the first 16 by id), "
                        + "graph er:n=N,p=0.25,seed=16, and horizons min(paper T, hours in the file).",
                "",
                "Examples:  ddam reproduce all --quick",
                "           ddam reproduce fig3 fig4 --seeds 10 --out-dir results/",
                "           ddam reproduce fig9 --traffic ../shared/data/traffic/milan.csv --time-zone Europe/Rome"})
public final class ReproduceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FIGURE", description = "fig3, fig4, fig5, fig7, fig8, fig9 or all (several allowed), or failures.")
    List<String> figures;

    @Option(names = "--quick", description = "Fewer sweep points and 2 seeds (unless --seeds): a check in well under 2 minutes.")
    boolean quick;

    @Option(names = "--seeds", paramLabel = "K", description = "Seeds s = 1..K per sweep point (default 5; 2 with --quick).")
    Integer seeds;

    // No picocli defaultValue here or on the other renamed options: picocli applies defaults after
    // parsing to options not given, which would overwrite what the old spelling's setter stored.
    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Folder for the PNGs, CSVs and summary.md (default: reproduce, in the current folder).")
    Path out;

    @Option(names = "--out", paramLabel = "DIR", hidden = true, description = "Deprecated spelling of --out-dir.")
    void oldOut(Path dir) {
        OldSpellings.note(spec, "--out DIR", "--out-dir DIR");
        out = dir;
    }

    @Option(names = "--traffic", paramLabel = "FILE",
            description = "Traffic CSV for figs 7-9 (square_id,time_interval,internet_total); default: the synthetic stand-in.")
    Path traffic;

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "--traffic: time zone of the hour-of-day keys (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--eta", paramLabel = "ETA", defaultValue = Experiments.DEFAULT_ETA,
            description = "Step size: tuned (default: per series, chosen on the held-out seed 0), theory (the corollaries' "
                    + "step sizes), adagrad, coin, dog, dowg, freegrad or ader (parameter-free, nothing tuned), a constant for every protocol, "
                    + "or rls[:lambda=L,beta=B]: the recursive-least-squares learner (deltanet) in place of gradient steps.")
    String eta;

    @Option(names = "--transport", paramLabel = "MODE", defaultValue = "unicast",
            description = "Transport of ddam-star and ddam-st: unicast (the paper's, default) or aggregate. Figs. 3-5 also "
                    + "run ddam-joint-agg (load-aware trees with aggregation) whatever this says.")
    String transport;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: all cores). Results are identical for any N.")
    Integer threads;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "How to print the findings: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
                    + "JSON and CSV add each finding's evidence; JSON also lists the files written (docs/formats.md).")
    OutputOptions.Format format = OutputOptions.Format.table;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "failures: the public data folder with topologies/ (default: the environment variable DDAM_DATA_DIR).")
    Path dataDir;

    @Option(names = "--horizon", paramLabel = "T", description = "failures: the horizon (default 2500; 500 with --quick).")
    Integer horizon;

    @Option(names = "--rates", paramLabel = "LIST", split = ",",
            description = "failures: failure probabilities per link and step (default 0,0.001,0.003,0.01,0.03).")
    List<Double> rates;

    @Option(names = "--milp-repair", description = "failures: repair the joint MILP's trees with the MILP (2 s limit per repair) "
            + "instead of the joint heuristic warm-started from them (slow: thousands of repairs).")
    boolean milpRepair;

    @Spec
    CommandSpec spec;

    /** A command whose options picocli fills in. */
    public ReproduceCommand() {}

    @Override
    public Integer call() throws IOException {
        boolean failures = figures.stream().flatMap(f -> java.util.Arrays.stream(f.split(","))).anyMatch(f -> f.strip().equalsIgnoreCase("failures"));
        if (failures) return failures();
        if (horizon != null || rates != null || dataDir != null || milpRepair) {
            throw new DdamInputException("--horizon, --rates, --data-dir and --milp-repair apply to 'reproduce failures' only");
        }
        // Everything that can be wrong with the input is checked before anything runs or is written.
        List<Figure> figs = parseFigures(figures);
        if (out == null) out = Path.of("reproduce");
        if (threads != null && threads < 1) throw new DdamInputException("--threads must be >= 1, not " + threads);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ZoneId tz;
        try {
            tz = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new DdamInputException("--time-zone: unknown time zone '" + zone + "'");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) throw new DdamInputException(out.toString(), 0, "exists and is not a folder (--out-dir)");
        TrafficData data = traffic == null ? null : TrafficData.load(traffic, tz);
        Experiments.Options options = new Experiments.Options(quick, seeds, eta, data, Transport.parse(transport));
        List<Experiment> experiments = Experiments.of(figs, options);
        // The input is valid: make sure the results can be written before minutes of work, not after.
        OutputOptions.requireWritableFolder(out);   // also the default folder, which Main's check does not see

        int tasks = FigureRunner.taskCount(experiments);
        long start = System.nanoTime();
        List<FigureResult> results;
        try (Progress bar = Progress.start("reproduce", tasks)) {
            results = FigureRunner.run(experiments, workers, bar::step);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        List<Finding> findings = Findings.evaluate(results);

        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, byte[]> plots = new LinkedHashMap<>();
        for (FigureResult r : results) {
            String id = r.experiment().figure().id();
            texts.put(id + ".csv", ReproduceOutput.aggregatesCsv(r));
            texts.put(id + "-runs.csv", ReproduceOutput.runsCsv(r));
            if (!r.tuning().isEmpty()) texts.put(id + "-tuning.csv", ReproduceOutput.tuningCsv(r));
            plots.put(id + ".png", ReproduceOutput.png(r));
        }
        texts.put("summary.md", ReproduceOutput.summary(results, findings, Experiments.commonDecisions(options), commandLine(figs, options),
                wall, workers));
        // One set: a reader of the folder sees the previous run's files or all of this run's, never a mix.
        Map<String, byte[]> set = new LinkedHashMap<>(plots);
        for (Map.Entry<String, String> t : texts.entrySet()) set.put(t.getKey(), t.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.writeSet(out, set);

        var o = spec.commandLine().getOut();
        switch (format) {
            case json -> o.print(ReproduceOutput.findingsJson(findings, figs.stream().map(Figure::id).toList(), out.toString(),
                    java.util.stream.Stream.concat(plots.keySet().stream(), texts.keySet().stream()).sorted().toList(), wall));
            case csv -> o.print(ReproduceOutput.findingsCsv(findings));
            case table -> {
                o.print(ReproduceOutput.findingsTable(findings));
                o.printf(Locale.ROOT, "%nwrote %d figure%s to %s (summary.md has the numbers) in %.0f s%n", results.size(),
                        results.size() == 1 ? "" : "s", out, wall);
            }
        }
        o.flush();
        return Main.OK;
    }

    /** {@code reproduce failures}: the failure-rate sweep ({@link FailureExperiment}), written as one set of files. */
    private Integer failures() {
        for (String f : figures) {
            for (String part : f.split(",")) {
                if (!part.isBlank() && !part.strip().equalsIgnoreCase("failures")) {
                    throw new DdamInputException("'failures' runs alone; run the figures (" + Render.clip(part.strip()) + ") separately");
                }
            }
        }
        if (out == null) out = Path.of("reproduce");
        if (threads != null && threads < 1) throw new DdamInputException("--threads must be >= 1, not " + threads);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (Files.exists(out) && !Files.isDirectory(out)) throw new DdamInputException(out.toString(), 0, "exists and is not a folder (--out-dir)");
        String step = eta.strip().toLowerCase(Locale.ROOT);
        // The figures' default, tuned, has no failure-aware form (simulate refuses it with --failures): one constant
        // instead, 0.1, what Fig. 3's tuning picks for OGD at T = 2500 (theory's steps leave DDAM-TOGD barely learning).
        if (step.equals("tuned")) step = FailureExperiment.DEFAULT_ETA;
        Path data = dataDir;
        if (data == null) {
            String env = System.getenv("DDAM_DATA_DIR");
            if (env != null && !env.isBlank()) data = Path.of(env);
        }
        if (dataDir != null && !Files.isDirectory(dataDir)) throw new DdamInputException(dataDir.toString(), 0, "is not a folder (--data-dir)");
        int k = seeds != null ? seeds : quick ? 2 : 3;
        double[] p = rates == null ? null : rates.stream().mapToDouble(Double::doubleValue).toArray();
        FailureExperiment.Options o = new FailureExperiment.Options(quick, k, step, data, horizon, p, null, milpRepair);
        OutputOptions.requireWritableFolder(out);
        int tasks = (1 + (data == null ? 0 : 1)) * (p == null ? (quick ? FailureExperiment.QUICK_RATES.length : FailureExperiment.RATES.length) : p.length) * k;
        long start = System.nanoTime();
        FailureExperiment.Result res;
        try (Progress bar = Progress.start("reproduce failures", tasks)) {
            res = FailureExperiment.run(o, workers, bar::step);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, byte[]> set = new LinkedHashMap<>();
        for (FailureExperiment.Subject s : res.subjects()) {
            set.put("failures-" + s.name() + ".png", ReproduceFailures.png(res, s.name(), false));
            set.put("failures-" + s.name() + "-nmse.png", ReproduceFailures.png(res, s.name(), true));
        }
        StringBuilder cmd = new StringBuilder("ddam reproduce failures");
        if (quick) cmd.append(" --quick");
        cmd.append(" --seeds ").append(k);
        if (!step.equals(FailureExperiment.DEFAULT_ETA)) cmd.append(" --eta ").append(step);
        if (horizon != null) cmd.append(" --horizon ").append(horizon);
        if (rates != null) cmd.append(" --rates ").append(String.join(",", rates.stream().map(FailureExperiment::rate).toList()));
        if (data != null) cmd.append(" --data-dir ").append(dataDir != null ? dataDir : "$DDAM_DATA_DIR");
        if (milpRepair) cmd.append(" --milp-repair");
        set.put("failures.csv", ReproduceFailures.pointsCsv(res).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        set.put("failures-runs.csv", ReproduceFailures.runsCsv(res).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        set.put("failures-summary.md", ReproduceFailures.summary(res, cmd.toString(), wall, workers).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.writeSet(out, set);
        var o2 = spec.commandLine().getOut();
        switch (format) {
            case json -> o2.print(Render.json(ReproduceFailures.json(res, out.toString(), set.keySet().stream().sorted().toList(), wall)));
            case csv -> o2.print(ReproduceFailures.pointsCsv(res));
            case table -> {
                o2.println(ReproduceFailures.table(res));
                o2.printf(Locale.ROOT, "%nwrote %d files to %s (failures-summary.md has the numbers) in %.0f s%n", set.size(), out, wall);
            }
        }
        o2.flush();
        return Main.OK;
    }

    /** The figures named, in the canonical order, each once; {@code all} means all six. */
    static List<Figure> parseFigures(List<String> names) {
        boolean[] want = new boolean[Figure.values().length];
        for (String n : names) {
            for (String part : n.split(",")) {
                if (part.isBlank()) continue;
                if (part.strip().equalsIgnoreCase("all")) {
                    java.util.Arrays.fill(want, true);
                } else {
                    want[Figure.byId(part).ordinal()] = true;
                }
            }
        }
        List<Figure> figs = new ArrayList<>();
        for (Figure f : Figure.values()) if (want[f.ordinal()]) figs.add(f);
        if (figs.isEmpty()) throw new DdamInputException("no figure named; expected fig3, fig4, fig5, fig7, fig8, fig9 or all");
        return figs;
    }

    private String commandLine(List<Figure> figs, Experiments.Options o) {
        StringBuilder sb = new StringBuilder("ddam reproduce");
        if (figs.size() == Figure.values().length) {
            sb.append(" all");
        } else {
            for (Figure f : figs) sb.append(' ').append(f.id());
        }
        if (quick) sb.append(" --quick");
        sb.append(" --seeds ").append(o.seedCount());
        if (!o.eta().equals(Experiments.DEFAULT_ETA)) sb.append(" --eta ").append(o.eta());
        if (traffic != null) sb.append(" --traffic ").append(traffic).append(" --time-zone ").append(zone);
        if (o.transport() != Transport.UNICAST) sb.append(" --transport ").append(o.transport().cliName());
        return sb.toString();
    }
}
