package io.ddam.solver.failures;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.JointProblem;
import io.ddam.solver.tree.JointTreeDesigner;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeDesigner;
import io.ddam.solver.tree.TreeDesigners;
import io.ddam.solver.tree.TreeMetrics;
import io.ddam.solver.tree.Transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Repairs routing trees after links change state (issue 11, part 3). The trees are redesigned on the
 * <em>live</em> graph (the links that are up), each root reaching the members of W_n in its own connected
 * component (the others cannot be reached until a link comes back; their messages are lost):
 * <ul>
 *   <li>{@code spt}, {@code kmb}, {@code mehlhorn} (any per-root designer): after links went down, only the
 *       roots whose tree uses a down link (or misses a reachable member) are redesigned; the others keep
 *       their tree, which for {@code spt} is still a shortest-path tree (removing links it does not use
 *       cannot shorten any path). After a link came back every root is redesigned, since a restored
 *       link can shorten any root's paths and telling which would itself cost one Dijkstra per root;</li>
 *   <li>{@code joint-heuristic}: re-solved for the live graph from a warm start: the current tree of every
 *       unaffected root and the shortest-path tree of the affected ones;</li>
 *   <li>{@code joint}: the joint MILP ({@link io.ddam.solver.milp.JointMilpDesigner}) re-solved on the live graph
 *       with the options of the initial design (transport, delay slack ε, λ, backend, time limit), offered as a
 *       starting solution the joint heuristic's improvement of the same warm start (so the MILP's answer is
 *       never worse than the {@code joint-heuristic} repair). OR-Tools is touched only on this path.</li>
 * </ul>
 * The joint designers' options (delay budget (1+ε)·D*, λ) apply to the live problem: D* is the shortest-path
 * optimum on the live graph for the reachable members, W renormalised over them.
 * Trees are returned on the original network (its edge indices), so delays τ and loads follow the trees in
 * force.
 */
public final class TreeRepair {
    private TreeRepair() {}

    /**
     * Repaired trees and what the repair did.
     *
     * @param trees        one tree per root, on the original network
     * @param interestSets per root the members its tree reaches (W_n within its live component)
     * @param repaired     how many roots got a new tree
     * @param nanos        wall time of the repair
     */
    public record Result(List<RoutingTree> trees, int[][] interestSets, int repaired, long nanos) {
        /**
         * The metrics of the repaired trees (loads over the reached members only).
         *
         * @param network   the original network
         * @param transport the transport whose C_max is wanted
         * @return the metrics
         */
        public TreeMetrics metrics(Network network, Transport transport) {
            return TreeMetrics.of(network, trees, interestSets).withTransport(transport);
        }
    }

    /**
     * Whether a designer name can be repaired here.
     *
     * @param designer a designer name
     * @return true for spt, kmb, mehlhorn (and other per-root designers), joint-heuristic and joint
     */
    public static boolean supports(String designer) {
        return designer.equals(JointHeuristicDesigner.NAME) || designer.equals(JOINT)
                || TreeDesigners.byName(designer).isPresent();
    }

    /** The joint MILP designer's name ({@code io.ddam.solver.milp.JointMilpDesigner.NAME}), without loading that class. */
    static final String JOINT = "joint";

    /**
     * Repairs {@code current} for the live graph {@code up} with a configured joint designer: its transport,
     * delay slack and λ (and, for {@code joint}, backend and time limit) are those of the live re-design.
     *
     * @param joint    a {@link JointHeuristicDesigner} or {@link io.ddam.solver.milp.JointMilpDesigner}
     * @param network  the original network G
     * @param interest W
     * @param current  the trees in force, one per root
     * @param up       per edge of G, whether it is up now
     * @param restored whether a link came back since the trees were designed (then every root counts as affected)
     * @return the repaired trees
     * @throws DdamInputException if the designer is of another kind, or OR-Tools is missing for {@code joint}
     */
    public static Result repair(JointTreeDesigner joint, Network network, InterestMatrix interest, List<RoutingTree> current,
                                boolean[] up, boolean restored) {
        return repair(joint.name(), joint, network, interest, current, up, restored, transportOf(joint));
    }

    /**
     * Repairs {@code current} for the live graph {@code up}.
     *
     * @param designer  {@code spt}, {@code kmb}, {@code mehlhorn}, …, {@code joint-heuristic} or {@code joint} (the
     *                  joint designers with their default options for {@code transport})
     * @param network   the original network G
     * @param interest  W
     * @param current   the trees in force, one per root
     * @param up        per edge of G, whether it is up now
     * @param restored  whether a link came back since the trees were designed (then every root is redesigned)
     * @param transport the transport (for {@code joint-heuristic})
     * @return the repaired trees
     * @throws DdamInputException if the designer is unknown
     */
    public static Result repair(String designer, Network network, InterestMatrix interest, List<RoutingTree> current,
                                boolean[] up, boolean restored, Transport transport) {
        JointTreeDesigner joint = null;
        if (designer.equals(JointHeuristicDesigner.NAME)) {
            joint = new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(transport));
        } else if (designer.equals(JOINT)) {
            joint = JointMilp.defaults(transport);
        }
        return repair(designer, joint, network, interest, current, up, restored, transport);
    }

    private static Result repair(String designer, JointTreeDesigner joint, Network network, InterestMatrix interest,
                                 List<RoutingTree> current, boolean[] up, boolean restored, Transport transport) {
        long t0 = System.nanoTime();
        int n = network.nodeCount();
        // The live graph: same node ids in the same order (so node indices agree), the up links only.
        Network.Builder b = Network.builder();
        for (int i = 0; i < n; i++) b.addNode(network.id(i), network.label(i));
        int[] original = new int[network.edgeCount()];
        int live = 0;
        for (int e = 0; e < network.edgeCount(); e++) {
            if (!up[e]) continue;
            b.addEdge(network.id(network.edgeU(e)), network.id(network.edgeV(e)), network.delay(e), network.cost(e), network.capacity(e));
            original[live++] = e;
        }
        Network g = b.build();
        int[] comp = g.components();
        int[][] sets = new int[n][];
        double[][] rows = new double[n][n];
        for (int r = 0; r < n; r++) {
            int[] s = interest.interestSet(r);
            int c = 0;
            for (int m : s) if (comp[m] == comp[r]) s[c++] = m;
            sets[r] = java.util.Arrays.copyOf(s, c);
            // The designers read only the support of W; renormalised so that it is still a valid W.
            double sum = 0;
            for (int m : sets[r]) sum += interest.weight(r, m);
            for (int m : sets[r]) rows[r][m] = interest.weight(r, m) / sum;
            if (sum == 0) rows[r][r] = 1; // nothing reachable: the root alone
        }
        boolean[] affected = new boolean[n];
        int repaired = 0;
        for (int r = 0; r < n; r++) {
            RoutingTree t = current.get(r);
            boolean bad = restored;
            for (int e : t.edges()) bad |= !up[e];
            for (int m : sets[r]) bad |= !t.contains(m);
            affected[r] = bad;
            if (bad) repaired++;
        }
        List<RoutingTree> out = new ArrayList<>(current);
        if (joint != null) {
            // At ε = 0 trees that use no down link still route every member on a shortest path, so D* and W are
            // unchanged and an optimum stays optimal on the smaller live graph. With a slack, D* (hence the
            // budget) can grow when a link no tree uses goes down, so the MILP re-solves even then.
            if (repaired > 0 || !(joint instanceof JointHeuristicDesigner) && JointMilp.slack(joint) > 0) {
                InterestMatrix w = InterestMatrix.of(rows);
                JointProblem p = JointProblem.of(g, w);
                int[][] start = p.shortestPathParents();
                for (int r = 0; r < n; r++) {
                    if (!affected[r]) start[r] = p.parentsOf(toLive(g, network, current.get(r), up));
                }
                JointHeuristicDesigner h = joint instanceof JointHeuristicDesigner jh ? jh : JointMilp.heuristic(joint);
                int[][] parents;
                try {
                    parents = h.improve(p, start);
                } catch (DdamInputException over) {
                    parents = h.improve(p, p.shortestPathParents()); // the kept trees exceed the live delay budget
                }
                TreeDesign design = p.toDesign(designer, parents, SolveStatus.APPROXIMATE);
                if (!(joint instanceof JointHeuristicDesigner)) design = JointMilp.solve(joint, g, w, design);
                repaired = 0;
                for (int r = 0; r < n; r++) {
                    RoutingTree t = toOriginal(network, design.tree(r), original);
                    if (!t.equals(current.get(r))) repaired++;
                    out.set(r, t);
                }
            }
        } else {
            TreeDesigner d = TreeDesigners.byName(designer)
                    .orElseThrow(() -> new DdamInputException("cannot repair trees of designer '" + designer + "'"));
            for (int r = 0; r < n; r++) {
                if (affected[r]) out.set(r, toOriginal(network, d.design(g, r, sets[r]).tree(), original));
            }
        }
        return new Result(List.copyOf(out), sets, repaired, System.nanoTime() - t0);
    }

    /** The transport whose loads a joint designer minimises. */
    private static Transport transportOf(JointTreeDesigner joint) {
        if (joint instanceof JointHeuristicDesigner h) return h.options().transport();
        return JointMilp.transport(joint);
    }

    /**
     * Everything that names {@link io.ddam.solver.milp.JointMilpDesigner}, kept apart so that the other
     * repairs never load it (nor OR-Tools).
     */
    private static final class JointMilp {
        private JointMilp() {}

        static JointTreeDesigner defaults(Transport transport) {
            io.ddam.solver.milp.OrTools.require();
            return new io.ddam.solver.milp.JointMilpDesigner(io.ddam.solver.milp.JointMilpDesigner.Options.defaults()
                    .withTransport(transport));
        }

        static io.ddam.solver.milp.JointMilpDesigner milp(JointTreeDesigner joint) {
            if (joint instanceof io.ddam.solver.milp.JointMilpDesigner m) return m;
            throw new DdamInputException("cannot repair trees of designer '" + joint.name() + "'");
        }

        static Transport transport(JointTreeDesigner joint) { return milp(joint).options().transport(); }

        static double slack(JointTreeDesigner joint) { return milp(joint).options().delaySlack(); }

        /** The joint heuristic with the MILP's transport, ε and λ: the warm start's improver. */
        static JointHeuristicDesigner heuristic(JointTreeDesigner joint) {
            var o = milp(joint).options();
            return new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(o.transport())
                    .withDelaySlack(o.delaySlack()).withLambda(o.lambda()));
        }

        /**
         * The MILP on the live graph with the initial design's options, started from {@code warm} only (the warm
         * start is the repair's point; the heuristic from scratch would cost a second search); no LP bound, which
         * a repair does not report.
         */
        static TreeDesign solve(JointTreeDesigner joint, Network live, InterestMatrix w, TreeDesign warm) {
            io.ddam.solver.milp.OrTools.require();
            var o = milp(joint).options().withLpBound(false).withStart(io.ddam.solver.milp.JointMilpDesigner.Start.NONE);
            return new io.ddam.solver.milp.JointMilpDesigner(o).design(live, w, warm).design();
        }
    }

    /** A tree of the live graph on the original network. */
    private static RoutingTree toOriginal(Network network, RoutingTree t, int[] original) {
        int[] edges = t.edges();
        for (int i = 0; i < edges.length; i++) edges[i] = original[edges[i]];
        return RoutingTree.fromEdges(network, t.root(), edges);
    }

    /** A tree of the original network (using up links only) on the live graph. */
    private static RoutingTree toLive(Network live, Network network, RoutingTree t, boolean[] up) {
        int[] edges = t.edges();
        for (int i = 0; i < edges.length; i++) edges[i] = live.edgeBetween(network.edgeU(edges[i]), network.edgeV(edges[i]));
        return RoutingTree.fromEdges(live, t.root(), edges);
    }

    /**
     * The trees in force over a run: the initial design, then a repair {@code delay} steps after every
     * step at which the live graph changed (repairs that would fall on the same step are one), each
     * against the live graph at its own step.
     *
     * @param designer  the designer whose trees are repaired
     * @param network   G
     * @param interest  W
     * @param initial   the trees designed on the intact graph
     * @param schedule  the failures
     * @param delay     detection delay in steps, ≥ 0
     * @param horizon   the last schedule step
     * @param transport the transport
     * @return the epochs (first from step 1 with {@code initial}) and totals
     */
    public static Timeline timeline(String designer, Network network, InterestMatrix interest, List<RoutingTree> initial,
                                    LinkSchedule schedule, long delay, long horizon, Transport transport) {
        return timeline(designer, null, network, interest, initial, schedule, delay, horizon, transport);
    }

    /**
     * As {@link #timeline(String, Network, InterestMatrix, List, LinkSchedule, long, long, Transport)} with a
     * configured joint designer, whose options every repair uses ({@link #repair(JointTreeDesigner, Network,
     * InterestMatrix, List, boolean[], boolean)}).
     *
     * @param joint    a {@link JointHeuristicDesigner} or {@link io.ddam.solver.milp.JointMilpDesigner}
     * @param network  G
     * @param interest W
     * @param initial  the trees designed on the intact graph
     * @param schedule the failures
     * @param delay    detection delay in steps, ≥ 0
     * @param horizon  the last schedule step
     * @return the epochs and totals
     */
    public static Timeline timeline(JointTreeDesigner joint, Network network, InterestMatrix interest, List<RoutingTree> initial,
                                    LinkSchedule schedule, long delay, long horizon) {
        return timeline(joint.name(), joint, network, interest, initial, schedule, delay, horizon, transportOf(joint));
    }

    private static Timeline timeline(String designer, JointTreeDesigner joint, Network network, InterestMatrix interest,
                                     List<RoutingTree> initial, LinkSchedule schedule, long delay, long horizon, Transport transport) {
        if (delay < 0) throw new DdamInputException("--repair-delay must be at least 0, not " + delay);
        List<Long> from = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        from.add(1L);
        int[][] all = new int[network.nodeCount()][];
        for (int r = 0; r < all.length; r++) all[r] = interest.interestSet(r);
        results.add(new Result(List.copyOf(initial), all, 0, 0));
        boolean[] up = new boolean[network.edgeCount()];
        boolean[] before = new boolean[network.edgeCount()];
        java.util.Arrays.fill(before, true);
        long repairs = 0, nanos = 0, roots = 0;
        long last = 0;
        for (long c : schedule.changeTimes(horizon)) {
            long at = Math.max(c + delay, 1);
            if (at > horizon || at <= last) continue;
            last = at;
            schedule.liveAt(at, up);
            boolean restored = false, changed = false;
            for (int e = 0; e < up.length; e++) {
                restored |= up[e] && !before[e];
                changed |= up[e] != before[e];
            }
            if (!changed) continue;
            Result cur = results.get(results.size() - 1);
            Result next = joint != null ? repair(designer, joint, network, interest, cur.trees(), up, restored, transport)
                    : repair(designer, network, interest, cur.trees(), up, restored, transport);
            System.arraycopy(up, 0, before, 0, up.length);
            repairs++;
            roots += next.repaired();
            nanos += next.nanos();
            if (at == 1) results.set(0, next);
            else {
                from.add(at);
                results.add(next);
            }
        }
        return new Timeline(from.stream().mapToLong(Long::longValue).toArray(), List.copyOf(results), repairs, roots, nanos);
    }

    /**
     * Trees over time.
     *
     * @param from    per epoch its first step, ascending, from[0] = 1
     * @param trees   per epoch the trees in force
     * @param repairs how many repairs ran
     * @param roots   how many trees they replaced in total
     * @param nanos   time spent repairing
     */
    public record Timeline(long[] from, List<Result> trees, long repairs, long roots, long nanos) {}
}
