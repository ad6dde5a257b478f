package io.ddam.experiments.sweep;

import io.ddam.online.data.CsvStream;
import io.ddam.online.data.DataStream;
import io.ddam.online.data.SyntheticStream;
import io.ddam.online.data.SyntheticTrafficStream;
import io.ddam.online.data.TrafficKeys;
import io.ddam.online.data.TrafficStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.generate.NetworkGenerator;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.milp.JointMilpDesigner;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeDesigner;
import io.ddam.solver.tree.TreeDesigners;
import io.ddam.solver.tree.TreeMetrics;
import io.ddam.solver.tree.Transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cell function of {@code ddam sweep}: one cell is one simulation ({@link Simulation}) of the cell's
 * instance, interest matrix, data, seed, step rule, failures and horizon, running the spec's protocols and
 * DDAM-TOGD over the trees of every designer × transport, with prefix metrics at the cell's checkpoints
 * (theory step sizes held at the horizon's, as {@code ddam crossover}). It gives one row per protocol and
 * checkpoint; with link failures only the horizon's (failure runs have no prefix metrics). Each cell runs on
 * one thread and is deterministic in its values, so its rows are the same on any runner and thread count.
 *
 * <p>Instances are files ({@code .json}, {@code .stp}, {@code .gr}, {@code .graphml}) or generator specs
 * ({@code er:…}, {@code grid:…}, {@code waxman:…}; without {@code seed=} they use the cell's seed); interest
 * {@code file} keeps the instance's W, any other value is an interest spec ({@code dirichlet:…},
 * {@code topk:…}, {@code uniform}) seeded by the cell's seed unless it names its own; data is
 * {@code synthetic} (eq. 41 with the cell's ρ and seed), {@code synthetic-traffic} or a data or traffic CSV.
 *
 * @serial exclude
 */
public final class SimulationCells implements CellFunction {
    private static final long serialVersionUID = 1L;

    /** The columns every row has, in order (docs/formats.md, "Output of ddam sweep"). */
    public static final List<Column> COLUMNS = List.of(
            new Column("cell", Column.Type.STRING),
            new Column("instance", Column.Type.STRING),
            new Column("interest", Column.Type.STRING),
            new Column("rho", Column.Type.DOUBLE),
            new Column("data", Column.Type.STRING),
            new Column("seed", Column.Type.LONG),
            new Column("eta", Column.Type.STRING),
            new Column("failures", Column.Type.STRING),
            new Column("horizon", Column.Type.LONG),
            new Column("protocol", Column.Type.STRING),
            new Column("designer", Column.Type.STRING),
            new Column("transport", Column.Type.STRING),
            new Column("link_time", Column.Type.LONG),
            new Column("iterations", Column.Type.LONG),
            new Column("c_max", Column.Type.DOUBLE),
            new Column("loss", Column.Type.DOUBLE),
            new Column("static_regret", Column.Type.DOUBLE),
            new Column("static_per_step", Column.Type.DOUBLE),
            new Column("dynamic_regret", Column.Type.DOUBLE),
            new Column("path_length", Column.Type.DOUBLE),
            new Column("self_nmse", Column.Type.DOUBLE),
            new Column("cross_nmse", Column.Type.DOUBLE),
            new Column("static_bound", Column.Type.DOUBLE),
            new Column("t_star", Column.Type.LONG),
            new Column("messages_sent", Column.Type.LONG),
            new Column("messages_lost", Column.Type.LONG));

    /**
     * Instance files read and default trees designed, kept for the next cells of this JVM (at most
     * {@value #REUSED} of each, the least recently used dropped). The cells of a sweep mostly share their
     * instance and W; reading and designing them once per cell cost little time but made the JIT compile
     * the JSON reader and the tree designers with its optimising compiler in every sweep (docs/benchmarks.md,
     * "The local runner's first sweep, profiled"). Both are pure functions of their keys (the file's path,
     * time and size; the protocol, G and W by value), so the rows are the same bits with or without them.
     */
    private static final int REUSED = 16;
    private static final Map<Object, Object> REUSE = java.util.Collections.synchronizedMap(new LinkedHashMap<>(32, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) { return size() > 2 * REUSED; }
    });

    /** The key of a file's instance: its absolute path, modification time and size. */
    private record FileKey(String path, long modified, long size) {}

    /** The key of default trees: the protocol name, G and W (compared by value). */
    private record TreeKey(String protocol, Network network, InterestMatrix interest) {}

    /** One DDAM-TOGD series of a cell: protocol name, designer, transport. */
    private record Series(String protocol, String designer, Transport transport) {}

    /** A cell function for the cells of any spec (everything it needs is in the cells). */
    public SimulationCells() {}

    @Override
    public List<Column> columns() { return COLUMNS; }

    /**
     * A cost proportional to the horizon times the number of protocol runs (the instance is not read).
     *
     * @param cell a cell
     * @return horizon × (protocols + designers × transports)
     */
    @Override
    public double cost(Cell cell) {
        long h = (Long) cell.values().get("horizon");
        int runs = list(cell, "protocols").size() + list(cell, "designers").size() * list(cell, "transports").size();
        return (double) h * Math.max(1, runs);
    }

    /**
     * Checks what can be checked before any cell runs, cheaply: every instance can be read (or generated) and,
     * with interest {@code file}, has a W; every interest spec, designer, transport, model, fair-time rule and
     * data file is valid. So a bad spec fails in one line before the first cell.
     *
     * @param spec the spec
     * @throws DdamInputException naming the spec and the problem
     */
    public static void check(SweepSpec spec) {
        String src = spec.source();
        Map<String, Instance> seen = new LinkedHashMap<>();
        for (Object i : spec.axis("instances")) {
            try {
                seen.put((String) i, instance((String) i, 1));
            } catch (DdamInputException e) {
                throw new DdamInputException(src, 0, "instance '" + i + "': " + e.getMessage());
            }
        }
        for (Object in : spec.axis("interest")) {
            if (in.equals("file")) {
                for (Map.Entry<String, Instance> e : seen.entrySet()) {
                    if (e.getValue().interest().isEmpty()) {
                        throw new DdamInputException(src, 0, "instance '" + e.getKey() + "' has no interest matrix W; give interest specs");
                    }
                }
            } else {
                try {
                    InterestSpec.parse((String) in, 1L);
                } catch (DdamInputException e) {
                    throw new DdamInputException(src, 0, "interest '" + in + "': " + e.getMessage());
                }
            }
        }
        for (Object d : (List<?>) spec.setting("designers")) designer((String) d, Transport.UNICAST);
        for (Object t : (List<?>) spec.setting("transports")) {
            try {
                Transport.parse((String) t);
            } catch (DdamInputException e) {
                throw new DdamInputException(src, 0, e.getMessage());
            }
        }
        for (Object p : (List<?>) spec.setting("protocols")) {
            String name = (String) p;
            if (!List.of("ogd", "cdogd", "local").contains(name) && defaultDesigner(name) == null) {
                throw new DdamInputException(src, 0, "unknown protocol '" + name + "'; expected ogd, cdogd, local, ddam-spt, ddam-kmb, "
                        + "ddam-joint-heuristic (each ddam-* also with -agg); other designers go in 'designers'");
            }
        }
        try {
            FairTime.parse((String) spec.setting("fairTime"));
            int dk = ((Long) spec.setting("dk")).intValue(), dv = ((Long) spec.setting("dv")).intValue();
            MemoryCosts.byName((String) spec.setting("model"), dk, dv, null, null);
        } catch (DdamInputException e) {
            throw new DdamInputException(src, 0, e.getMessage());
        }
        for (Object d : spec.axis("data")) {
            String data = (String) d;
            if (data.equals("synthetic") || data.equals("synthetic-traffic")) continue;
            Path f = Path.of(data);
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new DdamInputException(src, 0, "data '" + data + "': no such readable file (or say synthetic / synthetic-traffic)");
            }
        }
        for (Object f : spec.axis("failures")) {
            String fs = (String) f;
            if (fs.equals("none")) continue;
            if (!FailureSchedules.isSpec(fs) && !Files.isRegularFile(Path.of(fs))) {
                throw new DdamInputException(src, 0, "failures '" + fs + "': neither a failure spec nor a readable trace file");
            }
        }
    }

    @Override
    public List<SweepRow> apply(Cell cell) {
        Map<String, Object> v = cell.values();
        String instanceText = (String) v.get("instance");
        long seed = (Long) v.get("seed");
        int horizon = ((Long) v.get("horizon")).intValue();
        double rho = (Double) v.get("rho");
        String interestText = (String) v.get("interest");
        String dataText = (String) v.get("data");
        String eta = (String) v.get("eta");
        String failures = (String) v.get("failures");
        int dk = ((Long) v.get("dk")).intValue(), dv = ((Long) v.get("dv")).intValue();
        FairTime rule = FairTime.parse((String) v.get("fairTime"));

        Instance inst = instance(instanceText, seed);
        if (!interestText.equals("file")) inst = InterestSpec.parse(interestText, seed).applyTo(inst);
        if (inst.interest().isEmpty()) {
            throw new DdamInputException(instanceText, 0, "has no interest matrix W; give interest specs in the sweep");
        }
        Network g = inst.network();
        g.requireConnected(instanceText);
        InterestMatrix w = inst.interest().get();

        List<String> protocols = new ArrayList<>();
        for (Object p : list(cell, "protocols")) protocols.add((String) p);
        Map<String, TreeMetrics> trees = new LinkedHashMap<>();
        List<Series> series = new ArrayList<>();
        for (Object d : list(cell, "designers")) {
            TreeMetrics shared = null;
            for (Object t : list(cell, "transports")) {
                Transport tr = Transport.parse((String) t);
                String name = (String) d;
                TreeMetrics m;
                boolean joint = name.equals(JointMilpDesigner.NAME) || name.equals(JointHeuristicDesigner.NAME);
                if (joint) {
                    m = ((io.ddam.solver.tree.JointTreeDesigner) designer(name, tr)).design(g, w).design().metrics();
                } else {
                    if (shared == null) shared = TreeDesign.design((TreeDesigner) designer(name, tr), g, w, 1).metrics();
                    m = shared;
                }
                String pname = "ddam-" + name + (tr == Transport.AGGREGATE ? Simulation.AGGREGATE_SUFFIX : "");
                if (protocols.contains(pname)) continue;
                protocols.add(pname);
                trees.put(pname, m.withTransport(tr));
                series.add(new Series(pname, name, tr));
            }
        }
        if (protocols.isEmpty()) throw new DdamInputException(cell.id(), 0, "the cell runs no protocol: give protocols or designers");
        // The default trees of the ddam-* protocols, as Simulation would design them, reused across cells.
        for (String p : protocols) {
            if (!trees.containsKey(p) && defaultDesigner(p) != null) trees.put(p, defaultTrees(p, g, w));
        }

        DataStream data = stream(dataText, g, horizon, dk, dv, rho, seed);
        if (data.horizon() < horizon) throw new DdamInputException(dataText, 0, "has " + data.horizon() + " steps, fewer than the horizon " + horizon);
        MemoryCost cost = MemoryCosts.byName((String) v.get("model"), data.keyDim(), data.valueDim(), null, null);
        Projection x = Projection.ball((Double) v.get("radius"));
        int window = ((Long) v.get("window")).intValue();
        Simulation.Config c = new Simulation.Config(g, w, data, cost, x, protocols, horizon, eta, rule, window, false, trees, null, 1);

        List<Long> cps = new ArrayList<>();
        for (Object h : list(cell, "checkpoints")) cps.add((Long) h);
        List<List<Simulation.Row>> perCheckpoint;
        long[] sent = new long[protocols.size()], lost = new long[protocols.size()];
        if (failures.equals("none")) {
            int[] hs = cps.stream().mapToInt(Long::intValue).toArray();
            perCheckpoint = Simulation.run(c, Simulation.Options.defaults().withCheckpoints(hs).withTheoryHeld()).byCheckpoint();
        } else {
            var schedule = FailureSchedules.load(failures, g, inst.metadata(), horizon);
            int delay = ((Long) v.get("repairDelay")).intValue();
            List<Simulation.FailureRow> fr = Simulation.run(c, Simulation.Options.defaults().withFailures(new Simulation.FailureSetup(schedule, delay))).failures();
            List<Simulation.Row> rows = new ArrayList<>();
            for (int i = 0; i < fr.size(); i++) {
                rows.add(fr.get(i).row());
                sent[i] = fr.get(i).sent();
                lost[i] = fr.get(i).lost();
            }
            perCheckpoint = List.of(rows);
            cps = List.of((long) horizon);
        }
        // T*: the first checkpoint from which a DDAM-TOGD series stays below C-DOGD up to the horizon.
        int cd = protocols.indexOf("cdogd");
        Long[] tStar = new Long[protocols.size()];
        if (cd >= 0) {
            for (int p = 0; p < protocols.size(); p++) {
                if (!protocols.get(p).startsWith("ddam")) continue;
                Long from = null;
                for (int i = cps.size() - 1; i >= 0; i--) {
                    List<Simulation.Row> at = perCheckpoint.get(i);
                    if (!(at.get(p).staticRegretAverage() < at.get(cd).staticRegretAverage())) break;
                    from = cps.get(i);
                }
                tStar[p] = from;
            }
        }
        List<SweepRow> out = new ArrayList<>();
        for (int p = 0; p < protocols.size(); p++) {
            String name = protocols.get(p);
            Series s = null;
            for (Series x2 : series) if (x2.protocol().equals(name)) s = x2;
            String designer = s != null ? s.designer() : defaultDesigner(name);
            String transport = s != null ? s.transport().cliName()
                    : name.startsWith("ddam") ? (name.endsWith(Simulation.AGGREGATE_SUFFIX) ? "aggregate" : "unicast") : null;
            for (int i = 0; i < cps.size(); i++) {
                Simulation.Row r = perCheckpoint.get(i).get(p);
                List<Object> row = new ArrayList<>(COLUMNS.size());
                row.add(cell.id());
                row.add(instanceText);
                row.add(interestText);
                row.add(rho);
                row.add(dataText);
                row.add(seed);
                row.add(eta);
                row.add(failures);
                row.add((long) horizon);
                row.add(name);
                row.add(designer);
                row.add(transport);
                row.add(cps.get(i));
                row.add((long) r.iterations());
                row.add(r.cMax());
                row.add(r.loss());
                row.add(r.staticRegret());
                row.add(r.staticRegretAverage());
                row.add(r.dynamicRegret());
                row.add(r.pathLength());
                row.add(r.selfNmse());
                row.add(r.crossNmse());
                row.add(r.staticBound().value());
                row.add(tStar[p]);
                row.add(sent[p]);
                row.add(lost[p]);
                out.add(new SweepRow(row));
            }
        }
        return out;
    }

    private static List<?> list(Cell cell, String key) {
        Object o = cell.values().get(key);
        return o instanceof List<?> l ? l : List.of();
    }

    /** The designer behind a ddam-* protocol name with default trees, or null. */
    private static String defaultDesigner(String name) {
        String base = name.endsWith(Simulation.AGGREGATE_SUFFIX) ? name.substring(0, name.length() - Simulation.AGGREGATE_SUFFIX.length()) : name;
        return switch (base) {
            case "ddam-star", "ddam-spt", "ddam" -> "spt";
            case "ddam-st", "ddam-kmb" -> "kmb";
            case "ddam-joint-heuristic" -> "joint-heuristic";
            default -> null;
        };
    }

    /**
     * An instance from a file name or a generator spec ({@code er:…}, {@code grid:…}, {@code waxman:…}).
     *
     * @param text a path or a generator spec
     * @param seed the seed of a generator spec without {@code seed=}
     * @return the instance
     * @throws DdamInputException if the file cannot be read or the spec is wrong
     */
    public static Instance instance(String text, long seed) {
        String k = text.strip().toLowerCase(Locale.ROOT);
        if (k.startsWith("er:") || k.startsWith("grid:") || k.startsWith("waxman:")) {
            return NetworkGenerator.parse(text, seed).generate();
        }
        Path file = Path.of(text);
        FileKey key;
        try {
            key = new FileKey(file.toAbsolutePath().normalize().toString(), Files.getLastModifiedTime(file).toMillis(), Files.size(file));
        } catch (IOException | RuntimeException e) {
            return InstanceFiles.read(file); // unreadable: its own one-line error
        }
        Object had = REUSE.get(key);
        if (had instanceof Instance i) return i;
        Instance i = InstanceFiles.read(file);
        REUSE.put(key, i);
        return i;
    }

    /** {@link Simulation#defaultTrees} of one thread, reused for equal G and W. */
    private static TreeMetrics defaultTrees(String protocol, Network g, InterestMatrix w) {
        TreeKey key = new TreeKey(protocol, g, w);
        Object had = REUSE.get(key);
        if (had instanceof TreeMetrics m) return m;
        TreeMetrics m = Simulation.defaultTrees(protocol, g, w, 1);
        REUSE.put(key, m);
        return m;
    }

    /** A designer by name: spt, kmb, mehlhorn, joint-heuristic, joint (the MILP, its defaults); the joint ones for a transport. */
    private static Object designer(String name, Transport t) {
        if (name.equals(JointHeuristicDesigner.NAME)) return new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(t));
        if (name.equals(JointMilpDesigner.NAME)) return new JointMilpDesigner(JointMilpDesigner.Options.defaults().withTransport(t));
        return TreeDesigners.byName(name).orElseThrow(() -> new DdamInputException("unknown designer '" + name
                + "' in a sweep; choose spt, kmb, mehlhorn, joint-heuristic or joint"));
    }

    /** The data stream of a cell (the same as {@code ddam simulate --data}). */
    private static DataStream stream(String data, Network g, int horizon, int dk, int dv, double rho, long seed) {
        int n = g.nodeCount();
        switch (data) {
            case "synthetic":
                return new SyntheticStream(n, horizon, dk, dv, rho, seed);
            case "synthetic-traffic":
                if (n > TrafficKeys.MAX_APS) throw new DdamInputException("traffic keys fit at most " + TrafficKeys.MAX_APS + " agents, the instance has " + n);
                return new SyntheticTrafficStream(n, horizon, seed);
            default:
                Path f = Path.of(data);
                String first;
                try (var in = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
                    char[] head = new char[TrafficStream.HEADER.length() + 8];
                    int got = in.read(head);
                    first = got <= 0 ? "" : new String(head, 0, got).replace("\u00EF\u00BB\u00BF", "");
                } catch (IOException e) {
                    throw new DdamInputException(data, 0, "cannot be read: " + io.ddam.solver.io.AtomicFiles.reason(e));
                }
                int eol = first.indexOf('\n');
                if (eol >= 0) first = first.substring(0, eol);
                if (first.strip().equals(TrafficStream.HEADER)) return TrafficStream.load(f, n, ZoneId.of("UTC"));
                int[] ids = new int[n];
                for (int i = 0; i < n; i++) ids[i] = g.id(i);
                return new CsvStream(f, ids);
        }
    }
}
