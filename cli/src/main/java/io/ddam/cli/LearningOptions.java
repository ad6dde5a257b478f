package io.ddam.cli;

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
import io.ddam.solver.MemoryBudget;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * The learning options {@code ddam simulate} and {@code ddam compare} share: which protocols, on
 * which data stream, with which memory cost, horizon, step size, ball radius, fair-time rule and
 * dynamic-regret window, and the one loop that runs them ({@link #run}). Kept in one place so the
 * two commands cannot drift apart: {@code compare}'s protocol table is {@code simulate}'s on the
 * same options (only the trees and the default horizon differ; see {@link CompareCommand}).
 */
public final class LearningOptions {
    @Option(names = "--protocols", paramLabel = "LIST", split = ",", defaultValue = "ogd,cdogd,local,ddam-st,ddam-star",
            description = "Protocols to run, in output order (default: ${DEFAULT-VALUE}).")
    List<String> protocols;

    @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "synthetic",
            description = "synthetic (default), synthetic-traffic, or a CSV file.")
    String data;

    @Option(names = "--model", paramLabel = "COST", defaultValue = "deltanet",
            description = "Memory cost: " + "linear, gated-linear, deltanet, softmax, softmax-norm, gated-softmax (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--horizon", paramLabel = "T", defaultValue = "500", description = "Iterations T (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--eta", paramLabel = "ETA", defaultValue = "theory",
            description = "Step size: a number; theory (Corollary 1 / Theorem 2 / Corollary 2); tuned, the best constant of "
                    + "10^-5, 10^-4.5, ..., 1 in hindsight (lowest static regret, per protocol); or no step size at all: adagrad "
                    + "(AdaGrad-norm per agent, D = 2R), coin (KT coin betting on the ball; C-DOGD uses adagrad), dog "
                    + "(projected DoG: eta_t = max distance from X_1 / sqrt(sum of squared gradient norms); needs no R or G), dowg "
                    + "(projected DoWG: DoG with each squared gradient weighted by the squared distance) or freegrad (FreeGrad, gradients clipped to their running max, on the ball; C-DOGD mixes its gradient sums) "
                    + "or ader (exponential weights over a fixed grid of constant steps set from R, T and the largest gradient so far) "
                    + "(default: ${DEFAULT-VALUE}).")
    String eta;

    @Option(names = "--learner", paramLabel = "KIND", defaultValue = "gradient",
            description = "How agents learn: gradient (steps set by --eta) or rls (recursive least squares on the statistics "
                    + "of the samples received, deltanet only: ogd centralized, cdogd mixing statistics, ddam-* DDAM-RLS over "
                    + "the trees; --eta is then ignored) (default: ${DEFAULT-VALUE}).")
    String learner;

    @Option(names = "--ridge", paramLabel = "LAMBDA", defaultValue = "1",
            description = "rls: ridge lambda, S_kk starts at lambda I (default: ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--forgetting", paramLabel = "BETA", defaultValue = "1",
            description = "rls: forgetting factor in (0, 1], statistics are multiplied by it every step; or auto: each agent "
                    + "runs beta = 1, 0.999, 0.99, 0.95 and plays their memories mixed by AdaHedge on their costs (default: "
                    + "${DEFAULT-VALUE}: none).")
    String forgetting;

    @Option(names = "--radius", paramLabel = "R", defaultValue = "50",
            description = "Radius of the Frobenius ball X (diameter B = 2R) (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--fair-time", paramLabel = "RULE", defaultValue = "paper",
            description = "DDAM-TOGD iterations: paper (T / C_max), ratio (2T / C_max), off (T) or floats (the paper's rule with "
                    + "each message's link time in d_v x d_k matrices: rls statistics are 1 + (d_k+1)/(2 d_v) of them, and C-DOGD "
                    + "then gets T / that) (default: ${DEFAULT-VALUE}).")
    String fairTime;

    @Option(names = "--transport", paramLabel = "MODE", defaultValue = "unicast",
            description = "How DDAM-TOGD moves its messages, which sets its C_max and so its fair-time iterations: unicast "
                    + "(the paper's, one message per root-target pair and link) or aggregate (one per tree edge: multicast down, "
                    + "in-network sums up). The iterates are the same. A protocol name ending in -agg is always aggregate "
                    + "(default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--window", paramLabel = "OMEGA", defaultValue = "1",
            description = "Window for the dynamic-regret comparators, eq. 43 (default: ${DEFAULT-VALUE}: the per-step optimum).")
    int window;

    @Option(names = "--rho", paramLabel = "RHO", defaultValue = "0.75", description = "synthetic: weight of the common matrix, eq. 41 (default: ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--dk", paramLabel = "DK", defaultValue = "4", description = "synthetic: key dimension (default: ${DEFAULT-VALUE}).")
    int dk;

    @Option(names = "--dv", paramLabel = "DV", defaultValue = "3", description = "synthetic: value dimension (default: ${DEFAULT-VALUE}).")
    int dv;

    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "traffic CSV: time zone of the hour-of-day keys (default: ${DEFAULT-VALUE}; Europe/Rome for the Milan sample).")
    String zone;

    /** T. */
    int horizon() { return horizon; }

    /** Whether {@code --learner rls} was given. */
    boolean rls() {
        return switch (learner.strip().toLowerCase(Locale.ROOT)) {
            case "gradient" -> false;
            case "rls" -> true;
            default -> throw new DdamInputException("unknown --learner '" + learner + "' (use gradient or rls)");
        };
    }

    /** The step-size text the library takes: {@code --eta}, or the RLS learner's settings with {@code --learner rls}. */
    String etaSpec() {
        if (!rls()) return eta;
        String f = forgetting.strip().toLowerCase(Locale.ROOT);
        double beta;
        try {
            beta = f.equals("auto") ? io.ddam.online.protocol.RlsProtocol.AUTO : Double.parseDouble(f);
        } catch (NumberFormatException e) {
            throw new DdamInputException("--forgetting must be a number in (0, 1] or auto, not '" + forgetting + "'");
        }
        if (!f.equals("auto") && !(beta > 0 && beta <= 1)) {
            throw new DdamInputException("--forgetting must be a number in (0, 1] or auto, not '" + forgetting + "'");
        }
        return Simulation.rlsEta(ridge, beta);
    }

    /** Whether {@code --protocols} names {@code protocol} (case and spaces ignored). */
    boolean runs(String protocol) {
        return protocols.stream().anyMatch(p -> p.strip().equalsIgnoreCase(protocol));
    }

    /** The data stream for the instance's agents; {@code ids} are the node ids in index order (a data CSV's agent column). */
    DataStream stream(int[] ids, long seed) throws IOException {
        int n = ids.length;
        switch (data.toLowerCase(Locale.ROOT)) {
            case "synthetic":
                return new SyntheticStream(n, horizon, dk, dv, rho, seed);
            case "synthetic-traffic":
                if (n > TrafficKeys.MAX_APS) throw new DdamInputException("traffic keys fit at most " + TrafficKeys.MAX_APS + " agents, the instance has " + n);
                return new SyntheticTrafficStream(n, horizon, seed);
            default:
                Path f = Path.of(data);
                // The same wording as for instance files (InstanceFiles.read).
                if (!Files.exists(f)) throw new DdamInputException(data, 0, "no such file (or say synthetic / synthetic-traffic)");
                if (Files.isDirectory(f)) throw new DdamInputException(data, 0, "is a directory, not a data file");
                if (!Files.isReadable(f)) throw new DdamInputException(data, 0, "cannot be read (permissions)");
                // Only a bounded prefix decides the format: a huge one-line file must not be read whole here.
                byte[] head = new byte[TrafficStream.HEADER.length() + 8];
                int got = 0;
                try (java.io.InputStream in = Files.newInputStream(f)) {
                    int r;
                    while (got < head.length && (r = in.read(head, got, head.length - got)) > 0) got += r;
                } catch (java.nio.file.AccessDeniedException e) {
                    throw new DdamInputException(data, 0, "cannot be read (permissions)");
                }
                String first = new String(head, 0, got, StandardCharsets.ISO_8859_1).replace("\u00EF\u00BB\u00BF", "");
                int eol = first.indexOf('\n');
                if (eol >= 0) first = first.substring(0, eol);
                if (first.strip().equals(TrafficStream.HEADER)) {
                    return TrafficStream.load(f, n, ZoneId.of(zone));
                }
                return new CsvStream(f, ids);
        }
    }

    /**
     * Checks what the run will hold against the {@link MemoryBudget} before anything is allocated for
     * it: per agent, the protocol's iterate and delayed gradients and the hindsight comparators (two
     * d_k x d_k matrices and one d_v x d_k matrix each, for the static one and each window; or, when a
     * comparator sees fewer than d_k samples, the samples and their Gram matrix).
     * A data file's dimensions come from its header, so that is where the blame goes.
     */
    void checkBudget(DataStream stream, MemoryCost cost, int agents, int maxDelay) {
        checkBudget(stream, cost, agents, maxDelay, agents);
    }

    /**
     * As {@link #checkBudget(DataStream, MemoryCost, int, int)}, knowing that no interest set has more than
     * {@code maxInterest} members (a comparator then sees at most that many samples per step).
     */
    void checkBudget(DataStream stream, MemoryCost cost, int agents, int maxDelay, int maxInterest) {
        long r = cost.rows(), c = cost.cols();
        // A comparator over fewer than d_k samples keeps the samples and their Gram matrix (with its
        // decomposition and Cholesky factor: about 4 s² numbers), never the d_k x d_k matrices (wide keys).
        long samplesStatic = Math.min(c, (long) maxInterest * Math.max(1, horizon));
        long samplesWindow = Math.min(c, (long) maxInterest * Math.max(1, window));
        long perAgent = perComparator(r, c, samplesStatic) + MemoryBudget.product(2, perComparator(r, c, samplesWindow))
                + MemoryBudget.product(Math.max(1, maxDelay) + 4L, r, c);
        if (rls()) {
            // RLS state: S_kk^-1 (d_k^2) or, with fewer samples than d_k, the samples and their Cholesky factor;
            // consensus RLS mixes two d_k x d_k and d_v x d_k statistics, double-buffered.
            long s = (long) maxInterest * Math.max(1, horizon);
            perAgent += s <= c ? MemoryBudget.product(s, c) + MemoryBudget.product(s, s) / 2 : MemoryBudget.product(c, c);
            if (runs("cdogd")) {
                // Consensus mixes r x r and d_v x r statistics, double-buffered, r = min(d_k, N T) (the basis of the
                // keys seen, r x d_k, is shared); refused above r = 1,024 whatever the heap.
                long dim = io.ddam.online.protocol.RlsProtocol.consensusDimension("cdogd", (int) c, agents, horizon);
                perAgent += MemoryBudget.product(2, dim, dim + r) + (dim < c ? MemoryBudget.product(dim, c) / agents + 1 : 0);
            }
        }
        long bytes = MemoryBudget.product(agents, perAgent, Double.BYTES);
        boolean file = !data.equalsIgnoreCase("synthetic") && !data.equalsIgnoreCase("synthetic-traffic");
        MemoryBudget.require(file ? data : null, file ? 1 : 0, "learning with " + agents + " agents and a " + r + " x " + c
                + " memory per agent", bytes);
    }

    /** Numbers one hindsight comparator holds for s samples of a d_v × d_k problem (see {@link #checkBudget}). */
    private static long perComparator(long r, long c, long samples) {
        long base = r * c + 4 * c;
        if (samples < c) return base + MemoryBudget.product(c + r + 4 * samples, samples);
        return base + MemoryBudget.product(2, c, c);
    }

    /** {@code --horizon} must fit the data; a file's shorter horizon is the file's to name. */
    void checkHorizon(DataStream stream) {
        if (horizon < 1) throw new DdamInputException("--horizon must be >= 1, not " + horizon);
        boolean file = !data.equalsIgnoreCase("synthetic") && !data.equalsIgnoreCase("synthetic-traffic");
        if (file && horizon > stream.horizon()) {
            throw new DdamInputException(data, 0, "has " + stream.horizon() + " steps, fewer than --horizon " + horizon);
        }
    }

    /** The memory cost f for the stream's dimensions. */
    MemoryCost cost(DataStream stream) {
        MemoryCost cost = MemoryCosts.byName(model, stream.keyDim(), stream.valueDim(), null, null);
        checkHorizon(stream);
        checkBudget(stream, cost, stream.agents(), 1);
        return cost;
    }

    /**
     * The memory cost f for the stream's dimensions, with the memory budget checked for this W (the
     * comparators' samples per step are bounded by the largest interest set, not by N).
     *
     * @param stream the data
     * @param w      W
     * @return f
     */
    MemoryCost cost(DataStream stream, io.ddam.solver.graph.InterestMatrix w) {
        MemoryCost cost = MemoryCosts.byName(model, stream.keyDim(), stream.valueDim(), null, null);
        checkHorizon(stream);
        int most = 1;
        for (int n = 0; n < w.size(); n++) most = Math.max(most, w.interestSetSize(n));
        checkBudget(stream, cost, stream.agents(), 1, Math.min(most, stream.agents()));
        return cost;
    }

    /** The ball 𝒳. */
    Projection projection() { return Projection.ball(radius); }

    /** The fair-time rule. */
    FairTime fairTime() { return FairTime.parse(fairTime); }

    /** The transport of ddam-* protocols without the -agg suffix. */
    Transport transport() { return Transport.parse(transport); }

    /**
     * The trees every ddam-* protocol runs over, with its transport ({@code -agg} names aggregate, the others
     * {@link #transport()}): {@code given} trees by full name, then by name without {@code -agg}; then, for
     * {@code ddam-joint} and {@code ddam-joint-heuristic}, trees designed by {@code solver} for the protocol's
     * transport; then the library's defaults ({@link Simulation#defaultTrees}).
     */
    Map<String, TreeMetrics> trees(Network g, InterestMatrix w, Map<String, TreeMetrics> given, SolverOptions solver, String file,
                                   int threads) {
        Map<String, TreeMetrics> out = new HashMap<>();
        Transport chosen = transport();
        for (String raw : protocols) {
            String p = raw.strip().toLowerCase(Locale.ROOT);
            if (!p.startsWith("ddam")) continue;
            boolean agg = p.endsWith(Simulation.AGGREGATE_SUFFIX);
            String base = agg ? p.substring(0, p.length() - Simulation.AGGREGATE_SUFFIX.length()) : p;
            Transport t = agg ? Transport.AGGREGATE : chosen;
            TreeMetrics m = given.get(p) != null ? given.get(p) : given.get(base);
            if (m == null && (base.equals("ddam-joint") || base.equals("ddam-joint-heuristic"))) {
                if (solver == null) throw new DdamInputException("'" + raw.strip() + "' needs the joint designer's options");
                m = solver.designAll(base.substring("ddam-".length()), file, g, w, t, threads, Progress.none()).design().metrics();
            }
            if (m == null) m = Simulation.defaultTrees(base, g, w, Math.max(1, threads));
            out.put(p, m.withTransport(t));
        }
        return out;
    }

    /**
     * {@link Simulation#run(Simulation.Config, Simulation.Options)} with failures with these options (one run per protocol and network state;
     * {@code --eta tuned} is not supported with failures).
     */
    List<Simulation.FailureRow> runWithFailures(Network g, InterestMatrix w, DataStream stream, MemoryCost cost, Projection projection,
                                                FairTime rule, Map<String, TreeMetrics> trees, boolean trace, int workers,
                                                Simulation.FailureSetup setup) {
        if (!rls() && eta.strip().equalsIgnoreCase("tuned")) throw new DdamInputException("--eta tuned cannot be combined with --failures");
        try {
            return Simulation.run(new Simulation.Config(g, w, stream, cost, projection, protocols, horizon, etaSpec(), rule,
                    window, trace, trees, null, workers), Simulation.Options.defaults().withFailures(setup)).failures();
        } catch (DdamInputException e) {
            throw blameData(e);
        }
    }

    /**
     * Runs the protocols one at a time (so {@code progress} moves one step per protocol), with
     * {@code trees} for the ddam-* names that have them and {@code simulate}'s defaults otherwise.
     */
    List<Simulation.Row> run(Network g, InterestMatrix w, DataStream stream, MemoryCost cost, Projection projection, FairTime rule,
                             Map<String, TreeMetrics> trees, boolean trace, int workers, Progress progress) {
        boolean tuned = !rls() && eta.strip().equalsIgnoreCase("tuned");
        List<Simulation.Row> rows = new ArrayList<>();
        if (!tuned) { // one run: the hindsight comparators are computed once and shared by every protocol
            try {
                rows.addAll(Simulation.run(new Simulation.Config(g, w, stream, cost, projection, protocols, horizon, etaSpec(), rule, window,
                        trace, trees, null, workers)));
            } catch (DdamInputException e) {
                throw blameData(e);
            }
            for (int i = 0; i < protocols.size(); i++) progress.step();
            return rows;
        }
        // Tuned: one protocol at a time, so the bar moves; each run is independent of the others.
        for (String p : protocols) {
            Simulation.Config config = new Simulation.Config(g, w, stream, cost, projection, List.of(p),
                    horizon, tuned ? "theory" : eta, rule, window, trace, trees, null, workers);
            try {
                rows.add((tuned ? Simulation.run(config, Simulation.Options.defaults().withTuning(Simulation.TUNING_GRID)).rows() : Simulation.run(config)).get(0));
            } catch (DdamInputException e) {
                throw blameData(e);
            }
            progress.step();
        }
        return rows;
    }

    /** A problem found while learning (e.g. a gradient bound that overflows) comes from the data file, if there is one. */
    private DdamInputException blameData(DdamInputException e) {
        boolean file = !data.equalsIgnoreCase("synthetic") && !data.equalsIgnoreCase("synthetic-traffic");
        return file && e.source() == null ? e.at(data, 0) : e;
    }

    /** The heading line both commands print above their protocol table. */
    static String header(Instance inst, DataStream s, MemoryCost cost, FairTime rule) {
        return String.format(Locale.ROOT, "instance %s (%d agents); data %s; model %s (X %dx%d); fair-time %s%n",
                inst.name(), inst.network().nodeCount(), s.describe(), cost.name(), cost.rows(), cost.cols(), rule.cliName());
    }

    /** As {@link #header(Instance, DataStream, MemoryCost, FairTime)}, naming the transport when it is not the paper's. */
    String header(Instance inst, DataStream s, MemoryCost cost, FairTime rule, boolean withTransport) {
        String h = header(inst, s, cost, rule);
        return withTransport ? h.stripTrailing() + "; transport " + transport().cliName() + System.lineSeparator() : h;
    }

    /**
     * Adds the run's settings to a JSON result, in the documented order (docs/formats.md): data, model,
     * horizon, eta, learner, radius, fairTime, transport, window. Both commands print them right after the instance.
     */
    void putSettings(Map<String, Object> json, DataStream s, MemoryCost cost, FairTime rule) {
        json.put("data", s.describe());
        json.put("model", cost.name());
        json.put("horizon", horizon);
        json.put("eta", eta);
        json.put("learner", rls() ? etaSpec() : "gradient");
        json.put("radius", radius);
        json.put("fairTime", rule.cliName());
        json.put("transport", transport().cliName());
        json.put("window", window);
    }
}
