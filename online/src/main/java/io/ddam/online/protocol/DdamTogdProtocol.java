package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.DeltaNetBatch;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.tree.TreeMetrics;

import java.util.List;

/**
 * DDAM-TOGD, the proposed protocol of method.md §2.4 (Algorithm 1), eq. (14):
 * <pre>X_{n,t+1} = Π[X_{n,t} − η_n Σ_{m∈W_n} w_{n,m} ∇f_{m,t−τ_{n,m}}(X_{n,t−τ_{n,m}}) · 1{t &gt; τ_{n,m}}]</pre>
 * over any set of routing trees, given as the round-trip delays τ_{n,m} = 2τ̃_{n,m} (τ_{n,n} = 0).
 *
 * <p><b>Delay convention (exact).</b> At step s agent n sends X_{n,s}; agent m evaluates
 * ∇f_{m,s}(X_{n,s}) on its data of time s; that gradient is <em>applied at step s + τ_{n,m}</em>, i.e. it is
 * one of the terms in the update of step t = s + τ_{n,m}, which produces X_{n,s+τ_{n,m}+1}. So the first
 * gradient from m enters the update of step t = τ_{n,m} + 1 (s = 1) and first influences
 * X_{n,τ_{n,m}+2}; at steps t ≤ τ_{n,m} nothing from m has arrived yet (the indicator 1{t &gt; τ_{n,m}}).
 * With τ_{n,n} = 0 the own gradient is used in the same step. With every τ = 0 this is OGD (eq. 6), and
 * the arithmetic is arranged so that the two agree bitwise. Example: path 0–1–2 with unit hops,
 * τ_{0,1} = 2, τ_{0,2} = 4: agent 0's update at step t includes m = 1 from t = 3 and m = 2 from t = 5.
 *
 * <p><b>Memory.</b> The simulation computes each gradient as soon as both of its inputs exist (at step s)
 * and parks it, already scaled by w_{n,m}, in a ring of pending sums indexed by the step it will be
 * applied: agent n keeps min(τ_{n,max}, T) + 1 accumulators of size d_v × d_φ, so memory is bounded by the
 * delays, not the run length, and each step costs the same as OGD. This is equivalent to the real
 * protocol, in which m keeps its last max τ̃ data pairs and computes on arrival: the gradient's value
 * depends only on X_{n,s} and (k_{m,s}, v_{m,s}), not on when it is evaluated. Gradients that would
 * arrive after the last iteration are never computed.
 *
 * <p>The same class is {@code ddam-star} and {@code ddam-st} (or any other tree set): only the delay
 * table and the {@link #name()} differ.
 */
public final class DdamTogdProtocol implements Protocol {
    /** Default command-line name. */
    public static final String NAME = "ddam";

    private final String name;
    private final int agents;
    private final int[][] support;
    private final double[][] weight;
    private final long[][] delay;
    private final long[] delayMax;
    private final MemoryCost cost;
    private final Projection projection;
    private final double[] eta;
    private final int threads;
    private final StepRule rule;      // null: constant η (eta)
    private final Failures failures;  // null: a fixed graph (the round-1 code path)

    /**
     * DDAM-TOGD with an explicit table of round-trip delays; {@link #overTrees} reads it from routing trees.
     *
     * @param name       name in results (e.g. {@code ddam-star}, {@code ddam-st})
     * @param interest   W
     * @param roundTrip  τ_{n,m} (steps, round trip), row n either N entries indexed by m or |W_n| entries in
     *                   the order of {@code interest.interestSet(n)} ({@link #roundTripRows}, O(nnz(W)) memory);
     *                   only entries with m ∈ W_n are read; they must be ≥ 0 and τ_{n,n} must be 0
     * @param cost       the per-sample cost f
     * @param projection Π onto 𝒳
     * @param eta        η_n per agent (Corollary 2: {@link StepSizes#ddamTheory})
     * @throws DdamInputException if the delay table does not fit W, a delay is negative, τ_{n,n} ≠ 0, or a
     *                            step size is bad
     */
    public DdamTogdProtocol(String name, InterestMatrix interest, long[][] roundTrip, MemoryCost cost,
                            Projection projection, double[] eta) {
        this.name = name;
        this.agents = interest.size();
        if (roundTrip.length != agents) {
            throw new DdamInputException(name + ": the delay table has " + roundTrip.length + " rows for " + agents + " agents");
        }
        this.support = new int[agents][];
        this.weight = new double[agents][];
        this.delay = new long[agents][];
        this.delayMax = new long[agents];
        for (int n = 0; n < agents; n++) {
            support[n] = interest.interestSet(n);
            int k = support[n].length;
            weight[n] = new double[k];
            delay[n] = new long[k];
            for (int i = 0; i < k; i++) {
                int m = support[n][i];
                weight[n][i] = interest.weight(n, m);
                if (roundTrip[n].length != agents && roundTrip[n].length != k) {
                    throw new DdamInputException(name + ": delay table row " + n + " has " + roundTrip[n].length + " entries");
                }
                long tau = delayEntry(roundTrip[n], i, m, agents);
                if (tau < 0) throw new DdamInputException(name + ": negative delay τ(" + n + "," + m + ") = " + tau);
                if (m == n && tau != 0) {
                    throw new DdamInputException(name + ": agent " + n + " must use its own gradient at once (τ_nn = 0), not " + tau);
                }
                delay[n][i] = tau;
                delayMax[n] = Math.max(delayMax[n], tau);
            }
        }
        this.cost = cost;
        this.projection = projection;
        this.eta = ProtocolSupport.checkEta(name, eta, agents);
        this.threads = 1;
        this.rule = null;
        this.failures = null;
    }

    private DdamTogdProtocol(DdamTogdProtocol o, int threads) {
        this(o, threads, o.rule);
    }

    private DdamTogdProtocol(DdamTogdProtocol o, int threads, StepRule rule) {
        this(o, threads, rule, o.failures);
    }

    private DdamTogdProtocol(DdamTogdProtocol o, int threads, StepRule rule, Failures failures) {
        this.failures = failures;
        this.rule = rule;
        this.name = o.name;
        this.agents = o.agents;
        this.support = o.support;
        this.weight = o.weight;
        this.delay = o.delay;
        this.delayMax = o.delayMax;
        this.cost = o.cost;
        this.projection = o.projection;
        this.eta = o.eta;
        this.threads = ProtocolSupport.checkThreads(threads);
    }

    @Override
    public DdamTogdProtocol withThreads(int threads) { return new DdamTogdProtocol(this, threads); }

    /**
     * The same protocol with a step-size rule in place of the constant η_n, applied to the gradient sum
     * that has arrived at each step (the delayed gradients the agent actually has).
     *
     * @param rule the rule ({@link StepRule#adagrad}, {@link StepRule#coinBetting}), or {@code null} for constant η
     * @return a copy using {@code rule}
     */
    public DdamTogdProtocol withStepRule(StepRule rule) { return new DdamTogdProtocol(this, threads, rule); }

    /**
     * A set of routing trees in force from a step of the failure schedule on (trees repaired after a
     * failure, {@code io.ddam.solver.failures.TreeRepair}).
     *
     * @param from  the first schedule step at which these trees carry the messages, ≥ 1
     * @param trees the trees' metrics (for the same W)
     */
    public record TreeEpoch(long from, TreeMetrics trees) {}

    /**
     * The same protocol on a network whose links fail as {@code schedule} says, over fixed trees (see
     * {@link #withFailures(LinkSchedule, List, double, MessageLoss)}).
     *
     * @param schedule when links are down
     * @param trees    the trees whose round trips the constructor was given
     * @param loss     receives the message counts of each run (may be {@code null})
     * @return the failure-aware protocol
     * @throws DdamInputException if the trees do not give this protocol's delays
     */
    public DdamTogdProtocol withFailures(LinkSchedule schedule, TreeMetrics trees, MessageLoss loss) {
        return withFailures(schedule, List.of(new TreeEpoch(1, trees)), 1.0, loss);
    }

    /**
     * The same protocol on a network whose links fail. <b>Which gradients arrive.</b> The gradient term
     * (n, m, s) travels the tree path from n to m (X_{n,s}, out) and back (the gradient): on the k-th hop
     * e_k of the path, with a_k the delay of the hops before it and b_k = a_k + d(e_k), it is on e_k during
     * the iterations s + a_k … s + b_k going out and s + τ − b_k … s + τ − a_k coming back (τ = τ_{n,m}, the
     * round trip, both ends inclusive). It is lost if e_k is down at any of those iterations, for any k;
     * otherwise it is applied at s + τ as without failures. Agent n knows which terms it lost and does
     * not wait for them; its own gradient (m = n) never crosses a link. The trees (and so τ and the paths)
     * of the message are those in force at the iteration s it was sent. With an empty schedule every
     * iterate equals the fixed-graph protocol's, bitwise.
     *
     * <p><b>Clock.</b> Iteration k happens at schedule step ⌊(k − 1) · pace⌋ + 1: pace = 1 when DDAM-TOGD runs
     * as many iterations as there are schedule steps; pace = T / iterations under the fair-time rule, so
     * that a failure at step t of the schedule hits every protocol at the same wall time.
     *
     * @param schedule when links are down (on the trees' network)
     * @param epochs   trees in force from a step on, by increasing {@code from}; the first from step 1, with
     *                 the round trips this protocol was built with
     * @param pace     schedule steps per iteration, ≥ 1
     * @param loss     receives the message counts of each run (may be {@code null})
     * @return the failure-aware protocol
     * @throws DdamInputException if the epochs are out of order, for another W, or the first does not give
     *                            this protocol's delays
     */
    public DdamTogdProtocol withFailures(LinkSchedule schedule, List<TreeEpoch> epochs, double pace, MessageLoss loss) {
        return withFailures(schedule, epochs, pace, null, loss);
    }

    /**
     * As {@link #withFailures(LinkSchedule, List, double, MessageLoss)} with an explicit clock: iteration k
     * happens at schedule step {@code clock[k]} (non-decreasing; entry 0 unused), e.g. when the fair-time
     * rule charges each iteration the C_max of the trees in force at that time. Iterations past the end of
     * {@code clock} (none are needed when it covers the run) fall back to {@code pace}.
     *
     * @param schedule when links are down
     * @param epochs   trees in force from a step on (see the other overload)
     * @param pace     schedule steps per iteration beyond the clock, ≥ 1
     * @param clock    per iteration its schedule step, or {@code null}
     * @param loss     receives the message counts of each run (may be {@code null})
     * @return the failure-aware protocol
     * @throws DdamInputException as the other overload, or if the clock decreases
     */
    public DdamTogdProtocol withFailures(LinkSchedule schedule, List<TreeEpoch> epochs, double pace, long[] clock, MessageLoss loss) {
        if (clock != null) {
            for (int k = 2; k < clock.length; k++) {
                if (clock[k] < clock[k - 1]) throw new DdamInputException(name + ": the iteration clock decreases at iteration " + k);
            }
            clock = clock.clone();
        }
        if (epochs.isEmpty() || epochs.get(0).from() != 1) throw new DdamInputException(name + ": the first trees must be in force from step 1");
        if (!(pace >= 1) || Double.isInfinite(pace)) throw new DdamInputException(name + ": pace must be finite and >= 1, not " + pace);
        Routing[] r = new Routing[epochs.size()];
        long last = 0;
        for (int k = 0; k < r.length; k++) {
            TreeEpoch ep = epochs.get(k);
            if (ep.from() <= last) throw new DdamInputException(name + ": tree epochs must start at increasing steps");
            last = ep.from();
            r[k] = new Routing(ep.from(), ep.trees(), k == 0 ? null : r[k - 1]);
            if (ep.trees().network().edgeCount() != schedule.network().edgeCount()) {
                throw new DdamInputException(name + ": the trees and the failure schedule are for different networks");
            }
        }
        for (int n = 0; n < agents; n++) {
            if (!java.util.Arrays.equals(r[0].delay[n], delay[n])) {
                throw new DdamInputException(name + ": the first trees give other delays than the protocol's for agent " + n);
            }
        }
        return new DdamTogdProtocol(this, threads, rule, new Failures(schedule, r, pace, clock, loss, false));
    }

    /**
     * The same failure-aware protocol deciding which terms are lost by the first implementation (per step the
     * links down during the longest round trip, then per exposed term two binary searches per hop): the
     * oracle the tests compare the per-term cursors of {@link #runWithFailures} against.
     */
    DdamTogdProtocol withReferenceLossCheck() {
        if (failures == null) throw new IllegalStateException(name + ": no failures to check");
        Failures f = failures;
        return new DdamTogdProtocol(this, threads, rule, new Failures(f.schedule, f.epochs, f.pace, f.clock, f.loss, true));
    }

    /**
     * The failure-aware state: schedule, trees over time, clock and where to report; {@code reference} selects
     * the oracle loss check ({@link ReferenceCheck}) instead of the cursors ({@link CursorCheck}).
     */
    private record Failures(LinkSchedule schedule, Routing[] epochs, double pace, long[] clock, MessageLoss loss,
                            boolean reference) {
        long stepOf(long iteration) {
            if (clock == null && pace == 1.0) return iteration;
            if (clock != null && iteration >= 1 && iteration < clock.length) return clock[(int) iteration];
            return (long) Math.floor((iteration - 1) * pace) + 1;
        }
    }

    private static final int[] UNREACHABLE = {-1};

    /** One set of trees as the update uses it: per (n, i) the delay and the hops of the path. */
    private final class Routing {
        final long from;
        final long[][] delay;
        final long[] delayMax;
        final long[][] groupDelay;
        final int[][][] groups;
        final int[][][] hopEdge;
        final io.ddam.solver.graph.Network net; // hop k of a path starts a_k = Σ of the delays before it, ends b_k = a_k + d(e_k)
        final int[][] remote;       // remote[n][q]: members m ≠ n of delay class q (messages per step)
        final int[][] rootsOnEdge;  // per edge, the roots whose tree paths to W_n use it
        final boolean[] cutOff;     // per root: some member of W_n is not in its tree (its terms are all lost)
        final io.ddam.solver.tree.RoutingTree[] tree; // per root: its tree

        /**
         * @param prev the trees in force before, or null: a root whose tree is unchanged (a repair redesigns
         *             few) shares their per-root tables, which also tells the loss cursors to keep its state
         */
        Routing(long from, TreeMetrics trees, Routing prev) {
            this.from = from;
            if (trees.agentCount() != agents) throw new DdamInputException(name + ": the trees are for " + trees.agentCount() + " agents");
            tree = new io.ddam.solver.tree.RoutingTree[agents];
            delay = new long[agents][];
            delayMax = new long[agents];
            hopEdge = new int[agents][][];
            groupDelay = new long[agents][];
            groups = new int[agents][][];
            net = trees.network();
            for (int n = 0; n < agents; n++) {
                tree[n] = trees.tree(n);
                if (prev != null && prev.tree[n].equals(tree[n])) { // the same paths and delays (RoutingTree.equals)
                    delay[n] = prev.delay[n];
                    delayMax[n] = prev.delayMax[n];
                    hopEdge[n] = prev.hopEdge[n];
                    groupDelay[n] = prev.groupDelay[n];
                    groups[n] = prev.groups[n];
                    continue;
                }
                int[] s = support[n];
                delay[n] = new long[s.length];
                hopEdge[n] = new int[s.length][];
                for (int i = 0; i < s.length; i++) {
                    int m = s[i];
                    if (m == n) {
                        hopEdge[n][i] = new int[0];
                        continue;
                    }
                    var tree = trees.tree(n);
                    if (!tree.contains(m)) {
                        // m is cut off from n in these trees: every term is lost until trees that reach it are in
                        // force (the fixed-graph delay only sizes the pending ring).
                        hopEdge[n][i] = UNREACHABLE;
                        delay[n][i] = DdamTogdProtocol.this.delay[n][i];
                        delayMax[n] = Math.max(delayMax[n], delay[n][i]);
                        continue;
                    }
                    int[] path = tree.pathEdges(m);
                    hopEdge[n][i] = path;
                    delay[n][i] = 2 * tree.delayTo(m);
                    delayMax[n] = Math.max(delayMax[n], delay[n][i]);
                }
                groupDelay[n] = delayClasses(delay[n]);
                groups[n] = delayGroups(delay[n], groupDelay[n]);
            }
            remote = new int[agents][];
            int edges = net.edgeCount();
            // Per edge the roots whose paths use it, in increasing order: count, then fill (a root is added
            // once per edge however many of its paths share it: seen[e] is the last root added).
            int[] seen = new int[edges];
            int[] count = new int[edges];
            java.util.Arrays.fill(seen, -1);
            for (int n = 0; n < agents; n++) {
                remote[n] = new int[groups[n].length];
                for (int q = 0; q < groups[n].length; q++) for (int i : groups[n][q]) if (support[n][i] != n) remote[n][q]++;
                for (int[] hops : hopEdge[n]) {
                    for (int e : hops) {
                        if (e >= 0 && seen[e] != n) {
                            seen[e] = n;
                            count[e]++;
                        }
                    }
                }
            }
            rootsOnEdge = new int[edges][];
            for (int e = 0; e < edges; e++) rootsOnEdge[e] = new int[count[e]];
            java.util.Arrays.fill(seen, -1);
            java.util.Arrays.fill(count, 0);
            for (int n = 0; n < agents; n++) {
                for (int[] hops : hopEdge[n]) {
                    for (int e : hops) {
                        if (e >= 0 && seen[e] != n) {
                            seen[e] = n;
                            rootsOnEdge[e][count[e]++] = n;
                        }
                    }
                }
            }
            cutOff = new boolean[agents];
            for (int n = 0; n < agents; n++) for (int[] hops : hopEdge[n]) cutOff[n] |= hops == UNREACHABLE;
        }

        /** Whether some term of n may be lost now: n's paths cross a risky link or reach a cut-off member. */
        boolean exposed(int n, boolean[] treeRisky) {
            if (treeRisky[n]) return true;
            for (int[] hops : hopEdge[n]) if (hops == UNREACHABLE) return true;
            return false;
        }

        /**
         * Whether term (n, i) sent at iteration s is lost (every window mapped to schedule steps). {@code risky[e]}
         * says whether e is down at all during the longest round trip that starts at s: a path with no risky
         * link is delivered without the exact window checks, which is the common case.
         */
        boolean lost(Failures f, boolean[] risky, int n, int i, long s) {
            int[] hops = hopEdge[n][i];
            if (hops.length == 0) return false;
            if (hops == UNREACHABLE) return true;
            boolean any = false;
            for (int e : hops) any |= risky[e];
            if (!any) return false;
            long tau = delay[n][i];
            LinkSchedule sch = f.schedule;
            long a = 0;
            for (int k = 0; k < hops.length; k++) {
                long b = a + net.delay(hops[k]);
                if (sch.downWithin(hops[k], f.stepOf(s + a), f.stepOf(s + b))
                        || sch.downWithin(hops[k], f.stepOf(s + tau - b), f.stepOf(s + tau - a))) return true;
                a = b;
            }
            return false;
        }
    }

    /**
     * Which gradient terms a down link loses, kept per root as the delivered members of each delay class, so
     * that the update adds them as the fixed-graph loop adds whole classes. {@link #step} runs on the calling
     * thread before the agents' updates of a step; {@link #prepare} runs on agent n's worker before n's terms
     * of step t are added and touches only n's state (and the chunk's scratch); afterwards {@code kept[n][q]}
     * members of {@code keep[n][q]} (in class order) are delivered, {@code lostIn[n][q]} of the class's other
     * members are lost, and {@code lostNow[n][i]} says it per term. Only classes due within the run are
     * meaningful.
     */
    private abstract class LossCheck {
        int[][][] keep = new int[agents][][];
        int[][] kept = new int[agents][];
        int[][] lostIn = new int[agents][];
        final boolean[][] lostNow = new boolean[agents][];
        Routing r;

        LossCheck() {
            for (int n = 0; n < agents; n++) lostNow[n] = new boolean[support[n].length];
        }

        /** Step t begins under trees {@code routing}; {@code changed} when they differ from the previous step's (or t = 1). */
        abstract void step(int t, Routing routing, boolean changed);

        /** Brings root n's delivered lists up to date for the terms it sends at iteration t. */
        abstract void prepare(int chunk, int n, int t);

        /** Whether root n has the same tree in {@code prev} as in the trees now in force (so keeps its state). */
        final boolean same(Routing prev, int n) { return prev != null && prev.hopEdge[n] == r.hopEdge[n]; }

        /**
         * New trees: for each root whose tree changed, lists sized for its delay classes with every term
         * delivered (allocated per set of trees in force, not per step).
         */
        void resize(Routing routing) {
            Routing prev = r;
            r = routing;
            for (int n = 0; n < agents; n++) {
                if (same(prev, n)) continue;
                int[][] g = routing.groups[n];
                keep[n] = new int[g.length][];
                kept[n] = new int[g.length];
                lostIn[n] = new int[g.length];
                for (int q = 0; q < g.length; q++) {
                    keep[n][q] = g[q].clone();
                    kept[n][q] = g[q].length;
                }
                java.util.Arrays.fill(lostNow[n], false);
            }
        }

        /** Records whether term i of class q of root n is lost; call for the members of a class in order, after {@link #clear}. */
        final void mark(int n, int q, int i, boolean lost) {
            lostNow[n][i] = lost;
            if (lost) lostIn[n][q]++;
            else keep[n][q][kept[n][q]++] = i;
        }

        final void clear(int n, int q) {
            kept[n][q] = 0;
            lostIn[n][q] = 0;
        }
    }

    /**
     * The first implementation, kept as the tests' oracle ({@link #withReferenceLossCheck}): per step the links
     * down at some schedule step of the longest round trip that starts now ("risky") and the roots whose paths
     * use one; per term of such a root the exact hop windows, two binary searches per hop, every step.
     */
    private final class ReferenceCheck extends LossCheck {
        private final Failures f;
        private final int iterations;
        private final boolean[] risky;
        private final boolean[] treeRisky = new boolean[agents]; // per root: some path of its trees meets a risky link
        private final long longest; // the longest round trip of any tree set

        ReferenceCheck(Failures f, int iterations) {
            this.f = f;
            this.iterations = iterations;
            this.risky = new boolean[f.schedule.network().edgeCount()];
            long most = 0;
            for (Routing e : f.epochs) for (long d : e.delayMax) most = Math.max(most, d);
            this.longest = most;
        }

        @Override
        void step(int t, Routing routing, boolean changed) {
            if (changed) resize(routing);
            long at = f.stepOf(t);
            long until = f.stepOf(Math.min((long) t + longest, iterations));
            java.util.Arrays.fill(treeRisky, false);
            for (int e = 0; e < risky.length; e++) {
                risky[e] = f.schedule.downWithin(e, at, until);
                if (risky[e]) for (int root : r.rootsOnEdge[e]) treeRisky[root] = true;
            }
        }

        @Override
        void prepare(int chunk, int n, int t) {
            boolean exposed = r.exposed(n, treeRisky);
            long[] gd = r.groupDelay[n];
            for (int q = 0; q < gd.length; q++) {
                if (t + gd[q] > iterations) continue;
                clear(n, q);
                for (int i : r.groups[n][q]) mark(n, q, i, exposed && r.lost(f, risky, n, i, t));
            }
        }
    }

    /**
     * The loss check by per-term cursors. Term (n, i) sent at iteration s is lost when some hop e_k of its
     * path is down at a schedule step of one of its two windows, [step(s + a_k), step(s + b_k)] out and
     * [step(s + τ − b_k), step(s + τ − a_k)] back (step(·) the non-decreasing iteration clock). For one hop,
     * one direction and one down interval [start, end) of e_k the iterations s that lose the term are those
     * with step(s + b) ≥ start and step(s + a) &lt; end, a contiguous range, since the clock is monotone.
     * So each term keeps the next range [lossFrom, lossTo] of iterations at which it is lost (found by
     * walking the down intervals of its hops forward from the current iteration; a hop whose link is up for
     * the rest of the run is skipped) and the iteration at which its state next changes (lossFrom while
     * delivered, lossTo + 1 while lost). Each root keeps its terms in a min-heap by that iteration: a step
     * looks only at the terms whose state changes now and rebuilds only the delivered lists of their delay
     * classes, so a root whose terms keep their state costs what it costs on the fixed graph, however many of
     * them are lost. New trees (an epoch) reset every cursor. Exactly the terms {@link ReferenceCheck} loses
     * are lost; the tests compare both on random graphs and schedules.
     */
    private final class CursorCheck extends LossCheck {
        private static final long NEVER = Long.MAX_VALUE;
        private final Failures f;
        private final LinkSchedule sch;
        private final boolean identity;   // iteration i happens at schedule step i
        private final int iterations;
        private final long[][] lossFrom, lossTo; // per (n, i); lossTo < t: to be found again from t
        private final long[][] changeAt; // per (n, i): the next iteration at which its state must be looked at
        private final int[][] heap;      // per root: its terms with changeAt < NEVER, a min-heap on changeAt
        private final int[] heapSize;
        private final boolean[] fresh;   // per root: cursors still to be set up for the current trees
        private final int[][] classOf = new int[agents][];      // per (n, i): the delay class of the current trees
        private final boolean[][] dirty = new boolean[agents][]; // per (n, q): the class's delivered list must be rebuilt
        private final boolean[] active;  // per link: down at some schedule step from the epoch's start to the end
        private final long[] found;      // per chunk: the end of the range firstLost found

        CursorCheck(Failures f, int iterations, int chunks) {
            this.f = f;
            this.sch = f.schedule;
            this.identity = f.clock == null && f.pace == 1.0;
            this.iterations = iterations;
            lossFrom = new long[agents][];
            lossTo = new long[agents][];
            changeAt = new long[agents][];
            heap = new int[agents][];
            for (int n = 0; n < agents; n++) {
                int k = support[n].length;
                lossFrom[n] = new long[k];
                lossTo[n] = new long[k];
                changeAt[n] = new long[k];
                heap[n] = new int[k];
            }
            heapSize = new int[agents];
            fresh = new boolean[agents];
            active = new boolean[sch.network().edgeCount()];
            found = new long[chunks];
        }

        @Override
        void step(int t, Routing routing, boolean changed) {
            if (!changed) return;
            Routing prev = r;
            resize(routing);
            // A root whose tree is unchanged keeps its cursors, heap and lists: the links down from now on are
            // a subset of those down from the previous trees' first step, which its cursors already account for.
            for (int n = 0; n < agents; n++) {
                if (same(prev, n)) continue;
                int[][] g = r.groups[n];
                classOf[n] = new int[support[n].length];
                dirty[n] = new boolean[g.length];
                for (int q = 0; q < g.length; q++) for (int i : g[q]) classOf[n][i] = q;
                heapSize[n] = 0;
                fresh[n] = r.cutOff[n];
            }
            long a = f.stepOf(t), b = f.stepOf(iterations);
            for (int e = 0; e < active.length; e++) {
                active[e] = sch.downWithin(e, a, b);
                if (active[e]) for (int root : r.rootsOnEdge[e]) if (!same(prev, root)) fresh[root] = true;
            }
        }

        @Override
        void prepare(int chunk, int n, int t) {
            if (fresh[n]) {
                start(chunk, n, t);
                return;
            }
            int size = heapSize[n];
            int[] h = heap[n];
            long[] key = changeAt[n];
            if (size == 0 || key[h[0]] > t) return; // no term of n changes state now: the lists hold
            boolean[] gone = lostNow[n];
            boolean[] redo = dirty[n];
            while (size > 0 && key[h[0]] <= t) {
                int i = h[0];
                boolean lost = look(chunk, n, i, t);
                if (lost != gone[i]) {
                    gone[i] = lost;
                    redo[classOf[n][i]] = true;
                }
                if (key[i] == NEVER) h[0] = h[--size];
                siftDown(h, size, key, 0);
            }
            heapSize[n] = size;
            for (int q = 0; q < redo.length; q++) {
                if (!redo[q]) continue;
                redo[q] = false;
                rebuild(n, q);
            }
        }

        /** Root n's first look under new trees: every term's cursor from t, the heap and the lists. */
        private void start(int chunk, int n, int t) {
            fresh[n] = false;
            int[] h = heap[n];
            long[] key = changeAt[n];
            int size = 0;
            for (int i = 0; i < support[n].length; i++) {
                lossTo[n][i] = -1;
                lostNow[n][i] = look(chunk, n, i, t);
                if (key[i] != NEVER) h[size++] = i;
            }
            for (int k = size / 2 - 1; k >= 0; k--) siftDown(h, size, key, k);
            heapSize[n] = size;
            for (int q = 0; q < r.groups[n].length; q++) rebuild(n, q);
        }

        /** Whether term (n, i) is lost at t (its cursor moved on if its range has passed); sets its changeAt. */
        private boolean look(int chunk, int n, int i, int t) {
            if (lossTo[n][i] < t) find(chunk, n, i, t);
            long from = lossFrom[n][i], to = lossTo[n][i];
            boolean lost = from <= t;
            changeAt[n][i] = lost ? (to == NEVER ? NEVER : to + 1) : from;
            return lost;
        }

        /** The delivered list of class q of root n from the terms' states. */
        private void rebuild(int n, int q) {
            int[] out = keep[n][q];
            boolean[] gone = lostNow[n];
            int c = 0, l = 0;
            for (int i : r.groups[n][q]) {
                if (gone[i]) l++;
                else out[c++] = i;
            }
            kept[n][q] = c;
            lostIn[n][q] = l;
        }

        private static void siftDown(int[] h, int size, long[] key, int k) {
            if (size == 0) return;
            int x = h[k];
            long kx = key[x];
            while (true) {
                int c = 2 * k + 1;
                if (c >= size) break;
                if (c + 1 < size && key[h[c + 1]] < key[h[c]]) c++;
                if (key[h[c]] >= kx) break;
                h[k] = h[c];
                k = c;
            }
            h[k] = x;
        }

        /** The next range of iterations ≥ t at which term (n, i) is lost, over all its hops and both directions. */
        private void find(int chunk, int n, int i, int t) {
            int[] hops = r.hopEdge[n][i];
            if (hops == UNREACHABLE) { // cut off: lost under these trees
                lossFrom[n][i] = t;
                lossTo[n][i] = NEVER;
                return;
            }
            long tau = r.delay[n][i];
            long last = iterations - tau; // the last iteration whose term is due within the run
            long best = NEVER, bestTo = NEVER;
            long ha = 0; // where hop k starts and ends on the way out: ha .. hb
            for (int k = 0; k < hops.length; k++) {
                int e = hops[k];
                long hb = ha + r.net.delay(e);
                if (!active[e]) {
                    ha = hb;
                    continue;
                }
                long s = firstLost(chunk, e, t, last, ha, hb);
                if (s < best || (s == best && s != NEVER && found[chunk] > bestTo)) {
                    best = s;
                    bestTo = found[chunk];
                }
                s = firstLost(chunk, e, t, last, tau - hb, tau - ha);
                if (s < best || (s == best && s != NEVER && found[chunk] > bestTo)) {
                    best = s;
                    bestTo = found[chunk];
                }
                ha = hb;
            }
            lossFrom[n][i] = best;
            lossTo[n][i] = best == NEVER ? NEVER : bestTo;
        }

        /**
         * The first iteration s in [from, last] at which link e is down at some schedule step of
         * [step(s + a), step(s + b)], or NEVER; {@code found[chunk]} gets the last iteration of the range from s on
         * that the same down interval loses.
         */
        private long firstLost(int chunk, int e, long from, long last, long a, long b) {
            long s = from;
            while (s <= last) {
                int k = sch.firstDownEndingAfter(e, at(s + a));
                if (k < 0) return NEVER;
                long start = sch.downStart(e, k);
                if (start <= at(s + b)) {
                    found[chunk] = Math.min(lastAtOrBefore(sch.downEnd(e, k) - 1) - a, last);
                    return s;
                }
                s = Math.max(s + 1, firstAtOrAfter(start) - b);
            }
            return NEVER;
        }

        /** The schedule step of iteration i. */
        private long at(long i) { return identity ? i : f.stepOf(i); }

        /** The first iteration whose schedule step is ≥ x, or T + 1. */
        private long firstAtOrAfter(long x) {
            if (identity) return Math.max(1, Math.min(x, iterations + 1L));
            int lo = 1, hi = iterations, k = iterations + 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (f.stepOf(mid) >= x) { k = mid; hi = mid - 1; } else lo = mid + 1;
            }
            return k;
        }

        /** The last iteration whose schedule step is ≤ x, or 0. */
        private long lastAtOrBefore(long x) {
            if (identity) return Math.max(0, Math.min(x, iterations));
            int lo = 1, hi = iterations, k = 0;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (f.stepOf(mid) <= x) { k = mid; lo = mid + 1; } else hi = mid - 1;
            }
            return k;
        }
    }

    @Override
    public int threads() { return threads; }

    /**
     * W, as given to the constructor (rebuilt from the supports and weights the updates use).
     *
     * @return W
     */
    @Override
    public InterestMatrix interest() { return ProtocolSupport.interest(support, weight); }

    /**
     * The per-sample cost f.
     *
     * @return f
     */
    @Override
    public MemoryCost cost() { return cost; }

    /**
     * The projection Π onto 𝒳.
     *
     * @return 𝒳
     */
    @Override
    public Projection projection() { return projection; }

    /**
     * DDAM-TOGD over the routing trees summarised by {@code metrics} (τ_{n,m} = {@link TreeMetrics#roundTripDelay}).
     * This is the usual way to build it: design trees, take their metrics, run.
     *
     * @param name       name in results, e.g. {@code ddam-star}
     * @param interest   W, the same the trees were designed for
     * @param metrics    the trees' metrics ({@link io.ddam.solver.tree.TreeDesign#metrics()})
     * @param cost       the per-sample cost f
     * @param projection Π onto 𝒳
     * @param eta        η_n per agent
     * @return the protocol
     * @throws DdamInputException if the trees are for another number of agents, or as the constructor
     */
    public static DdamTogdProtocol overTrees(String name, InterestMatrix interest, TreeMetrics metrics, MemoryCost cost,
                                             Projection projection, double[] eta) {
        return new DdamTogdProtocol(name, interest, roundTrips(interest, metrics), cost, projection, eta);
    }

    /**
     * The N × N table of round trips τ_{n,m} for m ∈ W_n (0 elsewhere and on the diagonal) read from tree
     * metrics built for the same W.
     *
     * @param interest W
     * @param metrics  tree metrics built for the same W
     * @return a new N × N table in time steps
     * @throws DdamInputException if the trees are for another number of agents
     */
    public static long[][] roundTrips(InterestMatrix interest, TreeMetrics metrics) {
        long[][] rows = roundTripRows(interest, metrics);
        int n = interest.size();
        long[][] tau = new long[n][n];
        for (int a = 0; a < n; a++) {
            int[] s = interest.interestSet(a);
            for (int i = 0; i < s.length; i++) tau[a][s[i]] = rows[a][i];
        }
        return tau;
    }

    /**
     * The round trips τ_{n,m} for m ∈ W_n as compact rows: row n has |W_n| entries in the order of
     * {@code interest.interestSet(n)} (τ_{n,n} = 0), so the table takes O(nnz(W)) memory where
     * {@link #roundTrips} takes N² (800 MB at N = 10,000). Every consumer of a delay table (the constructor,
     * {@link StepSizes#ddamTheory}, the theorem bounds) accepts both forms.
     *
     * @param interest W
     * @param metrics  tree metrics built for the same W
     * @return the compact rows in time steps
     * @throws DdamInputException if the trees are for another number of agents
     */
    public static long[][] roundTripRows(InterestMatrix interest, TreeMetrics metrics) {
        int n = interest.size();
        if (metrics.agentCount() != n) {
            throw new DdamInputException("the trees are for " + metrics.agentCount() + " agents but W has " + n);
        }
        long[][] tau = new long[n][];
        for (int a = 0; a < n; a++) {
            int[] s = interest.interestSet(a);
            tau[a] = new long[s.length];
            for (int i = 0; i < s.length; i++) tau[a][i] = s[i] == a ? 0 : metrics.roundTripDelay(a, s[i]);
        }
        return tau;
    }

    /**
     * τ_{n,m} from row n of a delay table in either form: N entries indexed by m, or compact (|W_n| entries
     * in interest-set order, {@link #roundTripRows}). When |W_n| = N both forms coincide (W_n is 0..N−1).
     *
     * @param row    row n of the table
     * @param i      the position of m in W_n's interest set
     * @param m      the agent m
     * @param agents N
     * @return τ_{n,m}
     */
    public static long delayEntry(long[] row, int i, int m, int agents) {
        return row.length == agents ? row[m] : row[i];
    }

    @Override
    public String name() { return name; }

    /**
     * τ_{n,m} as used by this protocol: the age of m's gradient in n's update.
     *
     * @param n the agent, 0..N-1
     * @param m a member of W_n
     * @return the round-trip delay in steps
     * @throws IllegalArgumentException if m is not in W_n
     */
    public long roundTrip(int n, int m) {
        int[] s = support[n];
        for (int i = 0; i < s.length; i++) if (s[i] == m) return delay[n][i];
        throw new IllegalArgumentException("agent " + m + " is not in W_" + n);
    }

    /**
     * τ_{n,max} over W_n.
     *
     * @param n the agent, 0..N-1
     * @return the largest round-trip delay of n's gradients, in steps
     */
    public long maxRoundTrip(int n) { return delayMax[n]; }

    @Override
    public void run(DataStream data, int iterations, IterateListener listener) {
        ProtocolSupport.checkRun(name, data, cost, agents, iterations);
        if (failures != null) {
            runWithFailures(data, iterations, listener);
            return;
        }
        int size = cost.rows() * cost.cols();
        double[][] x = new double[agents][size];
        // pending[n][r]: Σ w_{n,m} ∇f_{m,s}(X_{n,s}) over all (m, s) with s + τ_{n,m} ≡ r (mod ring length)
        // that are still to be applied; slot t mod len is consumed (and cleared) by the update of step t.
        double[][][] pending = new double[agents][][];
        int[] ring = new int[agents];
        for (int n = 0; n < agents; n++) {
            ring[n] = (int) Math.min(delayMax[n], iterations) + 1;
            pending[n] = new double[ring[n]][size];
        }
        double[][] keys = new double[agents][data.keyDim()];
        double[][] values = new double[agents][data.valueDim()];
        DataStream.Cursor cursor = data.cursor();
        int[] step = new int[1]; // the current t, read by the update body
        StepListener sl = listener instanceof StepListener l ? l : null;
        // DeltaNet: one residual per pair, agent-minor (DeltaNetBatch), for the gradients and the meter.
        DeltaNetBatch batch = cost instanceof DeltaNetCost ? new DeltaNetBatch(cost.cols(), cost.rows(), agents) : null;
        boolean[] identity = new boolean[agents];
        for (int n = 0; n < agents; n++) identity[n] = DeltaNetBatch.isIdentity(support[n], agents);
        boolean report = sl != null && batch != null;
        int chunks = AgentPool.workers(agents, threads);
        StepRule.Stepper stepper = rule == null ? null : rule.start(agents, size, projection);
        DeltaNetBatch.Scratch[] kernel = new DeltaNetBatch.Scratch[chunks];
        // Agent n's support split by delay: groups[n][q] = the members with τ_{n,m} = groupDelay[n][q], increasing.
        long[][] groupDelay = new long[agents][];
        int[][][] groups = new int[agents][][];
        for (int n = 0; n < agents; n++) {
            groupDelay[n] = delayClasses(delay[n]);
            groups[n] = delayGroups(delay[n], groupDelay[n]);
        }
        if (batch != null) for (int c = 0; c < chunks; c++) kernel[c] = batch.scratch(DeltaNetBatch.capacity(support));
        // Agent n's update touches only x[n] and pending[n], so agents can be updated by any thread.
        AgentPool.Body update = (chunk, from, to) -> {
            int t = step[0];
            for (int n = from; n < to; n++) {
                double[] xn = x[n];
                int[] s = support[n];
                long[] tau = delay[n];
                int len = ring[n];
                // Send X_{n,t}; each m answers with ∇f_{m,t}(X_{n,t}), applied at step t + τ_{n,m}
                // (left out when that is after the run ends).
                if (batch != null) {
                    DeltaNetBatch.Scratch sc = kernel[chunk];
                    batch.residuals(xn, s, identity[n], sc);
                    long[] gd = groupDelay[n];
                    for (int q = 0; q < gd.length; q++) { // one delay class at a time: all go to one pending sum
                        long due = t + gd[q];
                        if (due > iterations) continue;
                        batch.addGradientGroup(weight[n], groups[n][q], sc, pending[n][(int) (due % len)]);
                    }
                    if (sl != null) sl.measure(chunk, t, n, xn, report ? sc.e : null);
                } else {
                    for (int i = 0; i < s.length; i++) {
                        long due = t + tau[i];
                        if (due > iterations) continue;
                        cost.addGradient(xn, keys[s[i]], values[s[i]], weight[n][i], pending[n][(int) (due % len)]);
                    }
                    if (sl != null) sl.measure(chunk, t, n, xn, null);
                }
                update(n, xn, pending[n][t % len], stepper, eta[n], projection);
            }
        };
        try (AgentPool pool = new AgentPool(agents, threads)) {
            if (sl != null) sl.begin(pool.workers());
            for (int t = 1; t <= iterations; t++) {
                ProtocolSupport.advance(cursor, keys, values, t);
                if (batch != null) batch.load(keys, values);
                step[0] = t;
                if (sl != null) sl.startStep(t);
                else for (int n = 0; n < agents; n++) listener.iterate(t, n, x[n]);
                pool.run(update);
                if (sl != null) sl.endStep(t);
            }
        }
    }

    /** The distinct delays of one root's members, increasing: its delay classes. */
    private static long[] delayClasses(long[] delay) {
        return java.util.Arrays.stream(delay).distinct().sorted().toArray();
    }

    /**
     * The members (indices into the support) of each delay class, increasing. In a method of its own: run
     * once per root before the first step, these loops made {@link #run} itself hot enough for the JIT to
     * compile it on-stack, step loop and all inlined (0.48 s of compile time at N = 100), for a loop that
     * never runs again.
     */
    private static int[][] delayGroups(long[] delay, long[] classes) {
        int[][] groups = new int[classes.length][];
        int[] members = new int[delay.length];
        for (int q = 0; q < classes.length; q++) {
            int c = 0;
            for (int i = 0; i < delay.length; i++) if (delay[i] == classes[q]) members[c++] = i;
            groups[q] = java.util.Arrays.copyOf(members, c);
        }
        return groups;
    }

    /**
     * {@link #run} on a failing network: the same update, except that each term is checked against the
     * schedule when it is computed and left out (counted) when lost, and that the trees in force may change.
     * Kept apart from the fixed-graph loop so that that loop stays exactly the round-1 code.
     */
    private void runWithFailures(DataStream data, int iterations, IterateListener listener) {
        Failures f = failures;
        Routing[] epochs = f.epochs();
        int size = cost.rows() * cost.cols();
        double[][] x = new double[agents][size];
        double[][][] pending = new double[agents][][];
        int[] ring = new int[agents];
        for (int n = 0; n < agents; n++) {
            long most = 0;
            for (Routing r : epochs) most = Math.max(most, r.delayMax[n]);
            ring[n] = (int) Math.min(most, iterations) + 1;
            pending[n] = new double[ring[n]][size];
        }
        double[][] keys = new double[agents][data.keyDim()];
        double[][] values = new double[agents][data.valueDim()];
        DataStream.Cursor cursor = data.cursor();
        int[] step = new int[1];
        Routing[] now = new Routing[1];
        StepListener sl = listener instanceof StepListener l ? l : null;
        DeltaNetBatch batch = cost instanceof DeltaNetCost ? new DeltaNetBatch(cost.cols(), cost.rows(), agents) : null;
        boolean[] identity = new boolean[agents];
        for (int n = 0; n < agents; n++) identity[n] = DeltaNetBatch.isIdentity(support[n], agents);
        boolean report = sl != null && batch != null;
        int chunks = AgentPool.workers(agents, threads);
        StepRule.Stepper stepper = rule == null ? null : rule.start(agents, size, projection);
        DeltaNetBatch.Scratch[] kernel = new DeltaNetBatch.Scratch[chunks];
        if (batch != null) for (int c = 0; c < chunks; c++) kernel[c] = batch.scratch(DeltaNetBatch.capacity(support));
        long[] sent = new long[chunks], lost = new long[chunks];
        // The cursors need the iteration clock non-decreasing: withFailures checks the explicit clock and the
        // pace rule is; only a run past the end of the clock could step back, and then the oracle decides.
        long[] clk = f.clock();
        boolean monotone = clk == null || iterations < clk.length || clk.length < 2 || f.stepOf(clk.length) >= clk[clk.length - 1];
        LossCheck check = f.reference() || !monotone ? new ReferenceCheck(f, iterations)
                : new CursorCheck(f, iterations, chunks);
        AgentPool.Body update = (chunk, from, to) -> {
            int t = step[0];
            Routing r = now[0];
            for (int n = from; n < to; n++) {
                double[] xn = x[n];
                int[] s = support[n];
                int len = ring[n];
                long[] gd = r.groupDelay[n];
                if (batch != null) {
                    DeltaNetBatch.Scratch sc = kernel[chunk];
                    batch.residuals(xn, s, identity[n], sc);
                    check.prepare(chunk, n, t);
                    int[][] keep = check.keep[n];
                    int[] kept = check.kept[n], lostIn = check.lostIn[n];
                    for (int q = 0; q < gd.length; q++) {
                        long due = t + gd[q];
                        if (due > iterations) continue;
                        int[] group = r.groups[n][q];
                        sent[chunk] += r.remote[n][q];
                        lost[chunk] += lostIn[q];
                        int c = kept[q];
                        double[] target = pending[n][(int) (due % len)];
                        if (c == group.length) batch.addGradientGroup(weight[n], group, sc, target);
                        else if (c > 0) batch.addGradientGroup(weight[n], keep[q], c, sc, target);
                    }
                    if (sl != null) sl.measure(chunk, t, n, xn, report ? sc.e : null);
                } else {
                    long[] tau = r.delay[n];
                    check.prepare(chunk, n, t);
                    boolean[] gone = check.lostNow[n];
                    for (int i = 0; i < s.length; i++) {
                        long due = t + tau[i];
                        if (due > iterations) continue;
                        if (s[i] != n) sent[chunk]++;
                        if (gone[i]) {
                            lost[chunk]++;
                            continue;
                        }
                        cost.addGradient(xn, keys[s[i]], values[s[i]], weight[n][i], pending[n][(int) (due % len)]);
                    }
                    if (sl != null) sl.measure(chunk, t, n, xn, null);
                }
                update(n, xn, pending[n][t % len], stepper, eta[n], projection);
            }
        };
        try (AgentPool pool = new AgentPool(agents, threads)) {
            if (sl != null) sl.begin(pool.workers());
            int epoch = 0;
            for (int t = 1; t <= iterations; t++) {
                ProtocolSupport.advance(cursor, keys, values, t);
                if (batch != null) batch.load(keys, values);
                long at = f.stepOf(t);
                int was = epoch;
                while (epoch + 1 < epochs.length && epochs[epoch + 1].from <= at) epoch++;
                now[0] = epochs[epoch];
                check.step(t, epochs[epoch], t == 1 || epoch != was);
                step[0] = t;
                if (sl != null) sl.startStep(t);
                else for (int n = 0; n < agents; n++) listener.iterate(t, n, x[n]);
                pool.run(update);
                if (sl != null) sl.endStep(t);
            }
        }
        if (f.loss() != null) {
            long a = 0, b = 0;
            for (int c = 0; c < chunks; c++) {
                a += sent[c];
                b += lost[c];
            }
            f.loss().set(a, b);
        }
    }

    /**
     * Agent n's update from the gradient sum {@code g} due now (eq. 14): the step rule's step if there is one,
     * else X ← Π(X − η g); {@code g} is cleared for its next use in the ring. Shared by the fixed-graph and the
     * failure-aware runs, so both apply the same arithmetic.
     */
    private static void update(int n, double[] xn, double[] g, StepRule.Stepper stepper, double eta, Projection projection) {
        if (stepper != null) {
            stepper.step(n, xn, g);
        } else {
            for (int j = 0; j < xn.length; j++) xn[j] -= eta * g[j];
            projection.project(xn);
        }
        java.util.Arrays.fill(g, 0.0);
    }
}
