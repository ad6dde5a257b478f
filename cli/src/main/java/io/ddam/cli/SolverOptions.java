package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.ExactSteinerDesigner;
import io.ddam.solver.milp.JointMilpDesigner;
import io.ddam.solver.milp.OrTools;
import io.ddam.solver.milp.StarMilpDesigner;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.JointDesign;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.JointProblem;
import io.ddam.solver.tree.JointTreeDesigner;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeDesigner;
import io.ddam.solver.tree.TreeDesigners;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * MILP options shared by the commands that can solve with OR-Tools, and the one place that turns a
 * designer name into a designer. Only {@code star} and {@code exact-steiner} touch OR-Tools, and
 * they load its natives only when they solve.
 */
public final class SolverOptions {
    @Option(names = "--solver", paramLabel = "BACKEND", defaultValue = "scip",
            description = "MILP backend for star and exact-steiner: scip (default), highs, cbc, cp-sat.")
    String solver;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "Time limit per MILP solve, in seconds (default: ${DEFAULT-VALUE}; 0 = none). "
                    + "At the limit the best tree found is reported with its gap.")
    double timeLimit;

    @Option(names = "--no-start", description = "star and joint: give the solver no starting solution (by default star starts "
            + "from the shortest-path tree and joint from joint-heuristic's trees).")
    boolean noStart;

    @Option(names = "--delay-slack", paramLabel = "EPS", defaultValue = "0",
            description = "joint, joint-heuristic: allow a total delay of (1 + EPS) times the shortest-path optimum "
                    + "(default: ${DEFAULT-VALUE}: only delay-optimal trees; 'inf' for no delay budget).")
    String delaySlackText;

    @Option(names = "--lambda", paramLabel = "LAMBDA", defaultValue = "0",
            description = "joint, joint-heuristic: minimise C_max + LAMBDA * (sum of one-way delays) instead of C_max alone "
                    + "(default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--no-lp-bound", description = "joint, joint-heuristic: skip the LP-relaxation lower bound on C_max "
            + "(on large networks it is the slowest part: about 10 s at 200 nodes with dense W).")
    boolean noLpBound;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
            description = "How the exact designers solve (auto by default). joint: compact = one MILP over flow variables (fast "
                    + "where the delay slack is 0 and the network small), colgen = column generation over trees with a Lagrangian "
                    + "lower bound at every round (scales to 1,000s of nodes and to delay slack), auto = compact at slack 0 on small "
                    + "networks, colgen otherwise. exact-steiner: dcut = the directed-cut MILP, dp = the dynamic program for few "
                    + "terminals, auto = the dynamic program when the terminals are few, else the MILP.")
    String method;

    /** Threads for column generation's pricing; the commands that have {@code --threads} set it (same answer for any count). */
    int pricingThreads = 1;

    /** ε of {@code --delay-slack}: a number ≥ 0, or infinite for {@code inf}. */
    double delaySlack() {
        String t = delaySlackText.strip().toLowerCase(Locale.ROOT);
        if (t.equals("inf") || t.equals("infinity") || t.equals("none")) return Double.POSITIVE_INFINITY;
        double x;
        try {
            x = t.length() > 40 ? Double.NaN : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (!(x >= 0)) throw new DdamInputException("--delay-slack must be a number >= 0 or 'inf', not '" + Render.clip(delaySlackText) + "'");
        return x;
    }

    /** All designer names, in display order. */
    static final String NAMES = "star, spt, kmb, mehlhorn, exact-steiner, joint, joint-heuristic";

    /** Whether {@code name} is a joint (all trees at once, load-aware) designer. */
    static boolean isJoint(String name) {
        String n = name.toLowerCase(Locale.ROOT).strip();
        return n.equals(JointMilpDesigner.NAME) || n.equals(JointHeuristicDesigner.NAME);
    }

    /** Checks a designer name and the options it uses, before any work; throws a one-line error if wrong. */
    void check(String name) {
        if (isJoint(name)) joint(name, Transport.UNICAST);
        else designer(name);
    }

    /** The joint designer {@code name} with these options, optimising {@code transport}'s loads. */
    JointTreeDesigner joint(String name, Transport transport) {
        return joint(name, transport, timeLimit);
    }

    /**
     * As {@link #joint(String, Transport)} with another MILP time limit (the repairs of failure runs use
     * their own, shorter one).
     */
    JointTreeDesigner joint(String name, Transport transport, double timeLimit) {
        if (Double.isNaN(timeLimit) || timeLimit < 0) throw new DdamInputException("--time-limit must be >= 0 seconds, not " + timeLimit);
        if (name.strip().equalsIgnoreCase(JointHeuristicDesigner.NAME)) {
            return new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(transport)
                    .withDelaySlack(delaySlack()).withLambda(lambda));
        }
        return new JointMilpDesigner(JointMilpDesigner.Options.defaults().withBackend(OrTools.Backend.parse(solver))
                .withTimeLimit(timeLimit).withTransport(transport).withDelaySlack(delaySlack()).withLambda(lambda)
                .withStart(noStart ? JointMilpDesigner.Start.NONE : JointMilpDesigner.Start.HEURISTIC).withLpBound(!noLpBound)
                .withMethod(JointMilpDesigner.Method.parse(method)).withThreads(Math.max(1, pricingThreads)));
    }

    /**
     * One instance's trees by any designer: {@code joint} is set for the joint designers (with C_max
     * bounds and status of the whole design), {@code status} is the worst status over the agents.
     */
    record Designed(String name, Transport transport, TreeDesign design, JointDesign joint, SolveStatus status, long wallNanos) {}

    /**
     * Designs every agent's tree with designer {@code name}: per-root designers on {@code threads}
     * threads with one progress step per tree; joint designers all at once, for {@code transport}.
     * Fails with one line (naming {@code file}) when some agent gets no tree.
     */
    Designed designAll(String name, String file, Network g, InterestMatrix w, Transport transport, int threads, Progress progress) {
        return designAll(name, file, g, w, transport, threads, progress, null);
    }

    /** As above; a joint MILP design may start from {@code warm} (the trees of a smaller delay slack, say). */
    Designed designAll(String name, String file, Network g, InterestMatrix w, Transport transport, int threads, Progress progress,
                       TreeDesign warm) {
        long t0 = System.nanoTime();
        try {
            if (isJoint(name)) {
                JointTreeDesigner designer = joint(name, transport);
                // No countable steps inside a joint design: the bar follows the clock towards the time limit.
                JointDesign jd = progress.byClock(g.nodeCount(), designer instanceof JointMilpDesigner ? timeLimit : 0,
                        () -> designer instanceof JointMilpDesigner milp && warm != null ? milp.design(g, w, warm) : designer.design(g, w));
                JointProblem jp = designer instanceof JointHeuristicDesigner && !noLpBound ? JointProblem.of(g, w) : null;
                // The compact LP grows with N·2|E| arcs per root: at 1,000 nodes it held 15.9 GB and had not finished after
                // 1 h 54 min. Beyond the size at which `joint` leaves the compact model, the gap rests on the cut bound alone.
                if (jp != null && !JointMilpDesigner.compactArcsAbove(jp, jp.slackSteps(delaySlack()), JointMilpDesigner.AUTO_COMPACT_ARCS)) {
                    // The heuristic itself needs no solver; its gap is stated against the LP bound when OR-Tools is there.
                    Map<String, Double> bounds = new LinkedHashMap<>(jd.bounds());
                    double lp = JointMilpDesigner.lpRelaxation(jp, transport, delaySlack(), lambda, timeLimit > 0 && !Double.isInfinite(timeLimit) ? timeLimit : 0);
                    if (!Double.isNaN(lp)) bounds.put("lp", lp);
                    jd = new JointDesign(jd.design(), jd.transport(), jd.status(), jd.delaySlack(), jd.lambda(), jd.shortestDelaySum(),
                            bounds, System.nanoTime() - t0);
                }
                for (int i = 0; i < g.nodeCount(); i++) progress.step();
                return new Designed(jd.design().designer(), transport, jd.design(), jd, jd.status(), System.nanoTime() - t0);
            }
            TreeDesigner d = designer(name);
            List<DesignedTree> results = TreeDesign.design(progress.counting(d), g, w, threads).results();
            SolveStatus worst = SolveStatus.OPTIMAL;
            for (int i = 0; i < results.size(); i++) {
                SolveStatus s = results.get(i).status();
                if (!s.hasTree()) {
                    throw new DdamInputException(file, 0, "no " + d.name() + " tree for agent " + g.describe(i)
                            + ": the solver reported " + s.label() + (timeLimit > 0 ? " within the " + timeLimit + " s time limit" : "")
                            + "; raise --time-limit or choose another designer");
                }
                if (s.ordinal() > worst.ordinal()) worst = s;
            }
            return new Designed(d.name(), transport, new TreeDesign(d.name(), g, w, results), null, worst, System.nanoTime() - t0);
        } catch (DdamInputException e) {
            throw e.source() == null ? new DdamInputException(file, 0, e.problem(), e) : e;
        }
    }

    TreeDesigner designer(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (Double.isNaN(timeLimit) || timeLimit < 0) throw new DdamInputException("--time-limit must be >= 0 seconds, not " + timeLimit);
        switch (n) {
            case "star": {
                StarMilpDesigner.Options o = StarMilpDesigner.Options.defaults()
                        .withBackend(OrTools.Backend.parse(solver)).withTimeLimit(timeLimit);
                o = o.withStart(noStart ? null : new ShortestPathTreeDesigner());   // the defaults start from spt
                return new StarMilpDesigner(o);
            }
            case "exact-steiner":
            case "exact":
                return new ExactSteinerDesigner(ExactSteinerDesigner.Options.defaults()
                        .withBackend(OrTools.Backend.parse(solver)).withTimeLimit(timeLimit));
            case "joint":
            case "joint-heuristic":
                throw new DdamInputException("designer '" + name + "' designs all trees together; it has no per-agent form here");
            default:
                return TreeDesigners.byName(n).orElseThrow(() ->
                        new DdamInputException("unknown designer '" + name + "'; choose one of " + NAMES));
        }
    }

    static boolean usesMilp(String name) {
        String n = name.toLowerCase(Locale.ROOT).strip();
        return n.equals("star") || n.startsWith("exact") || n.equals(JointMilpDesigner.NAME);
    }
}
