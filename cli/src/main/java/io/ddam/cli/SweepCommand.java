package io.ddam.cli;

import io.ddam.experiments.sweep.Cell;
import io.ddam.experiments.sweep.LocalSweepRunner;
import io.ddam.experiments.sweep.SimulationCells;
import io.ddam.experiments.sweep.SweepEngine;
import io.ddam.experiments.sweep.SweepFolder;
import io.ddam.experiments.sweep.SweepRunner;
import io.ddam.experiments.sweep.SweepSpec;
import io.ddam.experiments.sweep.SweepSummary;
import io.ddam.experiments.sweep.SweepTables;
import io.ddam.solver.DdamInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ddam sweep}: any grid of simulations from a spec file ({@link SweepSpec}), run cell by cell on
 * the sweep engine into a restartable result folder ({@link SweepFolder}), then summarised. It parses the
 * options, picks the engine and renders; the sweep itself is {@code io.ddam.experiments.sweep}.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Run a grid of simulations from a spec file into a restartable result folder.",
        sortOptions = false,
        description = {
                "Expands the spec's axes (instances, interest, rho, data, seeds, eta, failures, horizon) into cells; each cell runs "
                        + "its protocols and DDAM-TOGD over every designer x transport, with prefix metrics at the checkpoints. "
                        + "Rows (one per cell, protocol and checkpoint, every axis value a column) go to DIR/rows.csv "
                        + "(and DIR/rows.json with --format json); the spec format and the columns are in docs/formats.md.",
                "",
                "Restartable: each finished cell is written at once to DIR/parts/; running the same spec into the same "
                        + "folder computes only the cells that are missing ('N of M cells to run'), so an interrupted sweep "
                        + "loses only the cells in flight. A folder holding another spec is refused; --resume DIR continues "
                        + "the sweep stored there.",
                "",
                "Examples:  ddam sweep instances/crossover-sweep.json --out sweep-out",
                "           ddam sweep instances/crossover-sweep.json --out sweep-out --dry-run",
                "           ddam sweep --resume sweep-out"})
public final class SweepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", arity = "0..1", description = "The sweep spec (JSON); optional with --resume.")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "The result folder (default: sweep-<spec name>).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep stored in DIR (its own spec), computing only missing cells.")
    Path resume;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "local",
            description = "local (default: threads in this JVM) or spark (needs the optional ddam-spark module).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "--engine spark: the Spark master (local[*], spark://HOST:PORT, yarn, k8s://...).")
    String master;

    @Option(names = "--threads", paramLabel = "N", description = "Cells run at once (default: all cores). Rows do not depend on it.")
    Integer threads;

    @Option(names = "--dry-run", description = "Print the cells and the estimated cost; run nothing, write nothing.")
    boolean dryRun;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Standard output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); json also writes DIR/rows.json.")
    OutputOptions.Format format = OutputOptions.Format.table;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (specFile == null && resume == null) throw new DdamInputException("give a SPEC file, or --resume DIR");
        if (threads != null && threads < 1) throw new DdamInputException("--threads must be >= 1, not " + threads);
        if (resume != null && out != null && !resume.normalize().equals(out.normalize())) {
            throw new DdamInputException("--resume DIR is the output folder; leave out --out (or give the same folder)");
        }
        String eng = engine.strip().toLowerCase(Locale.ROOT);
        if (!eng.equals("local") && !eng.equals("spark")) throw new DdamInputException("--engine must be local or spark, not '" + Render.clip(engine) + "'");
        if (master != null && !eng.equals("spark")) throw new DdamInputException("--master is for --engine spark");
        SweepSpec s;
        Path dir;
        if (resume != null) {
            s = SweepFolder.storedSpec(resume);
            if (specFile != null && !SweepSpec.read(specFile).hash().equals(s.hash())) {
                throw new DdamInputException(specFile.toString(), 0, "is not the spec of " + resume + "; --resume continues the folder's own spec (leave out SPEC)");
            }
            dir = resume;
        } else {
            s = SweepSpec.read(specFile);
            dir = out != null ? out : Path.of("sweep-" + s.name().replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        SweepEngine e = SweepEngine.byName(eng).orElseThrow(() -> new DdamInputException(
                "--engine " + eng + " needs the optional ddam-spark module on the class path; the ./ddam launcher adds it (docs/spark.md), or use --engine local"));
        if (dryRun) {
            SimulationCells.check(s);
            return dryRun(s, dir, s.cells(), new SimulationCells());
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (master != null) options.put("master", master);
        // The runner first: a bad or unreachable Spark master fails here, before the folder is created, and
        // Spark starts (on its own thread) while the instances are checked and the cells expanded.
        SweepRunner runner = e.runner(workers, options);
        try {
            SimulationCells.check(s);
            return run(s, dir, s.cells(), new SimulationCells(), runner, workers, eng);
        } finally {
            if (runner instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ex) {
                    // Closing (e.g. stopping Spark) cannot change the results already written.
                }
            }
        }
    }

    private Integer run(SweepSpec s, Path dir, List<Cell> cells, SimulationCells function, SweepRunner runner, int workers, String eng) {
        var err = spec.commandLine().getErr();
        SweepFolder folder = SweepFolder.open(dir, s, function.columns());
        List<Cell> todo = folder.missing(cells);
        err.printf(Locale.ROOT, "%d of %d cells to run (%s, %s)%n", todo.size(), cells.size(), dir,
                eng.equals("local") ? workers + " threads" : eng + (master != null ? " " + master : " local[" + workers + "]"));
        err.flush();
        long t0 = System.nanoTime();
        try (Progress progress = Progress.start("sweep", todo.size())) {
            var sink = folder.sink();
            if (runner instanceof LocalSweepRunner) {
                runner = new LocalSweepRunner(workers, (c, n) -> progress.step());
                runner.run(todo, function, sink);
            } else {
                runner.run(todo, function, (c, rows) -> {
                    sink.accept(c, rows);
                    progress.step();
                });
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        SweepSummary summary = new SweepSummary(function.columns());
        boolean json = format == OutputOptions.Format.json;
        folder.assemble(cells, json, summary);
        boolean cdogd = ((List<?>) s.setting("protocols")).contains("cdogd");
        List<SweepSummary.Line> lines = summary.lines(cdogd);
        List<String> files = new ArrayList<>(List.of(dir.resolve(SweepFolder.ROWS_CSV).toString()));
        if (json) files.add(dir.resolve(SweepFolder.ROWS_JSON).toString());
        if (runner instanceof SweepTables tables) {
            // The engine's own copy of the whole result set (Spark: DIR/spark/parquet and DIR/spark/csv).
            tables.writeTables(folder, cells, function.columns());
            files.add(dir.resolve("spark").toString() + "/{parquet,csv}");
        }
        err.println("wrote " + String.join(" and ", files));
        String text = switch (format) {
            case table -> table(s, dir, cells.size(), todo.size(), summary.rows(), seconds, lines);
            case csv -> Render.csv(summaryMaps(lines));
            case json -> {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("spec", s.source());
                root.put("name", s.name());
                root.put("specHash", s.hash());
                root.put("folder", dir.toString());
                root.put("engine", eng);
                root.put("cells", cells.size());
                root.put("ran", todo.size());
                root.put("rows", summary.rows());
                root.put("seconds", seconds);
                root.put("files", files);
                root.put("summary", summaryMaps(lines));
                yield Render.json(root);
            }
        };
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return Main.OK;
    }

    private Integer dryRun(SweepSpec s, Path dir, List<Cell> cells, SimulationCells f) {
        int todo = cells.size();
        if (java.nio.file.Files.isRegularFile(dir.resolve(SweepFolder.MANIFEST))) {
            todo = SweepFolder.open(dir, s, f.columns()).missing(cells).size();
        } else if (java.nio.file.Files.isDirectory(dir)) {
            try (var in = java.nio.file.Files.list(dir)) {
                if (in.findAny().isPresent()) {
                    throw new DdamInputException(dir.toString(), 0, "is not empty and holds no sweep (no " + SweepFolder.MANIFEST + "); give an empty or new --out folder");
                }
            } catch (java.io.IOException ex) {
                throw new DdamInputException(dir.toString(), 0, "cannot be listed");
            }
        }
        double cost = 0;
        for (Cell c : cells) cost += f.cost(c);
        Map<String, Object> axes = new LinkedHashMap<>();
        for (String a : SweepSpec.AXES) axes.put(a, s.axis(a).size());
        if (format == OutputOptions.Format.json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("spec", s.source());
            root.put("name", s.name());
            root.put("specHash", s.hash());
            root.put("folder", dir.toString());
            root.put("cells", cells.size());
            root.put("toRun", todo);
            root.put("axes", axes);
            root.put("split", s.split());
            root.put("protocolSteps", cost);
            spec.commandLine().getOut().print(Render.json(root));
        } else {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "sweep %s (%s): %d cells, %d of %d to run into %s%n", s.name(), s.source(), cells.size(), todo,
                    cells.size(), dir));
            Render.Table t = new Render.Table("axis", "values").right(1);
            for (Map.Entry<String, Object> a : axes.entrySet()) t.row(a.getKey(), a.getValue());
            sb.append(t.text());
            long points = 1;
            for (Object n : axes.values()) points *= (Integer) n;
            if (!s.split().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "split: %s (%d cells from %d grid points)%n", String.join(", ", s.split()), cells.size(), points));
            }
            sb.append(String.format(Locale.ROOT, "estimated cost: %.3g protocol-steps (sum over cells of horizon x protocol runs)%n", cost));
            spec.commandLine().getOut().print(sb);
        }
        spec.commandLine().getOut().flush();
        return Main.OK;
    }

    private static List<Map<String, Object>> summaryMaps(List<SweepSummary.Line> lines) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SweepSummary.Line l : lines) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("protocol", l.protocol());
            o.put("designer", l.designer());
            o.put("transport", l.transport());
            o.put("cells", l.cells());
            o.put("staticPerStepMean", l.staticPerStep());
            o.put("selfNmseMean", l.selfNmse());
            o.put("crossed", l.crossed());
            o.put("tStarGeoMean", l.tStarGeoMean());
            out.add(o);
        }
        return out;
    }

    private static String table(SweepSpec s, Path dir, int cells, int ran, long rows, double seconds, List<SweepSummary.Line> lines) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "sweep %s: %d cells (%d run now, %d reused), %d rows in %s; %.1f s%n",
                s.name(), cells, ran, cells - ran, rows, dir, seconds));
        Render.Table t = new Render.Table("protocol", "designer", "transport", "cells", "static_per_step_mean", "self_nmse_mean", "crossed",
                "t_star_geo_mean").right(3, 4, 5, 6, 7);
        for (SweepSummary.Line l : lines) {
            t.row(l.protocol(), l.designer() == null ? "-" : l.designer(), l.transport() == null ? "-" : l.transport(), l.cells(),
                    SimulateCommand.g4(l.staticPerStep()), SimulateCommand.g4(l.selfNmse()),
                    l.crossed() == null ? "-" : l.crossed() + "/" + l.cells(),
                    l.tStarGeoMean() == null ? (l.crossed() == null ? "-" : "none") : Render.num(l.tStarGeoMean(), 0));
        }
        return sb.append(t.text()).append("at each cell's horizon; all rows: ").append(dir.resolve(SweepFolder.ROWS_CSV)).append('\n').toString();
    }
}
