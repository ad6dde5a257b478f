package io.ddam.solver.tree;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The quantities of method.md §2.4–2.5 for a set of routing trees T_n (one per agent n, rooted at n)
 * and the interest sets W_n. Delays are whole time steps. Immutable.
 *
 * <p>Definitions (m ranges over W_n, which contains n itself exactly when w_{n,n} &gt; 0):
 * <ul>
 * <li>one-way delay τ̃_{n,m} = Σ of edge delays on T_n's path n→m (0 for m = n);
 *     round trip τ_{n,m} = 2τ̃_{n,m};</li>
 * <li>τ_{n,sum} = Σ_{m∈W_n} τ_{n,m} (round trips, as in Theorem 3);</li>
 * <li>τ_{n,max} = max_{m∈W_n} τ_{n,m}, τ_{n,min} = min_{m∈W_n} τ_{n,m}, Δτ_n = τ_{n,max} − τ_{n,min}.
 *     Because n ∈ W_n when w_{n,n} &gt; 0 and τ_{n,n} = 0, τ_{n,min} is then 0; it is positive only when
 *     the agent does not use its own data. (W_n is never empty for a row-stochastic W.)</li>
 * <li>depth_n = max_{m∈W_n} hops on the path n→m; cost_n = Σ of edge costs over all edges of T_n;</li>
 * <li>link load L_e = Σ_n Σ_{m∈W_n∖{n}} C_{n,m,e} (C = 1 when e is on T_n's path n→m) and
 *     C_max^𝒯 = 2·max_e L_e, eq. (15) (memory forward plus gradient back). The busiest edge is the
 *     lowest edge index attaining the maximum.</li>
 * <li>with link capacities κ_e and a {@link Transport}, the messages per iteration on e are
 *     2·L_e (unicast) or 2·#{n : T_n's paths to W_n∖{n} use e} (aggregate), and
 *     C_max = max_e messages_e / κ_e ({@link #loads(Transport)}). {@link #cMax()} and
 *     {@link #busiestEdge()} are those of this object's {@link #transport()}, unicast unless
 *     {@link #withTransport} chose otherwise; with unit capacities and unicast they are eq. (15)'s.</li>
 * </ul>
 */
public final class TreeMetrics {
    private final Network network;
    private final List<RoutingTree> trees;
    private final int[][] interestSets;
    private final long[][] oneWay;
    private final long[] tauSum;
    private final long[] tauMax;
    private final long[] tauMin;
    private final int[] depth;
    private final double[] cost;
    private final long[] load;
    private final long[] treesOn;
    private final Transport transport;
    private final LinkLoads unicast;
    private final LinkLoads aggregate;

    private TreeMetrics(TreeMetrics base, Transport transport) {
        this.network = base.network;
        this.trees = base.trees;
        this.interestSets = base.interestSets;
        this.oneWay = base.oneWay;
        this.tauSum = base.tauSum;
        this.tauMax = base.tauMax;
        this.tauMin = base.tauMin;
        this.depth = base.depth;
        this.cost = base.cost;
        this.load = base.load;
        this.treesOn = base.treesOn;
        this.unicast = base.unicast;
        this.aggregate = base.aggregate;
        this.transport = transport;
    }

    private TreeMetrics(Network network, List<RoutingTree> trees, int[][] sets) {
        this.network = network;
        this.trees = Collections.unmodifiableList(new ArrayList<>(trees));
        int n = network.nodeCount();
        this.interestSets = sets;
        this.oneWay = new long[n][];
        this.tauSum = new long[n];
        this.tauMax = new long[n];
        this.tauMin = new long[n];
        this.depth = new int[n];
        this.cost = new double[n];
        this.load = new long[network.edgeCount()];
        this.treesOn = new long[network.edgeCount()];
        // lastRoot[e] = the last agent whose tree was counted on e, so each tree counts once per edge.
        int[] lastRoot = new int[network.edgeCount()];
        Arrays.fill(lastRoot, -1);
        for (int a = 0; a < n; a++) {
            RoutingTree t = trees.get(a);
            int[] w = sets[a];
            long[] ow = new long[w.length];
            long sum = 0, max = 0, min = w.length == 0 ? 0 : Long.MAX_VALUE;
            int dep = 0;
            for (int i = 0; i < w.length; i++) {
                int m = w[i];
                long d = t.delayTo(m);
                ow[i] = d;
                long rt = 2 * d;
                sum += rt;
                max = Math.max(max, rt);
                min = Math.min(min, rt);
                dep = Math.max(dep, t.depth(m));
                // Walk m's path up to the root: O(path length), no allocation.
                for (int v = m, e = t.parentEdge(v); e >= 0; e = t.parentEdge(v)) {
                    load[e]++;
                    if (lastRoot[e] != a) {
                        lastRoot[e] = a;
                        treesOn[e]++;
                    }
                    v = network.opposite(e, v);
                }
            }
            oneWay[a] = ow;
            tauSum[a] = sum;
            tauMax[a] = max;
            tauMin[a] = min;
            depth[a] = dep;
            cost[a] = t.cost();
        }
        long[] uni = new long[load.length], agg = new long[load.length];
        for (int e = 0; e < load.length; e++) {
            uni[e] = 2 * load[e];
            agg[e] = 2 * treesOn[e];
        }
        this.unicast = new LinkLoads(network, Transport.UNICAST, uni);
        this.aggregate = new LinkLoads(network, Transport.AGGREGATE, agg);
        this.transport = Transport.UNICAST;
    }

    /**
     * These metrics with C_max and the busiest link taken under another transport (the delays, the
     * trees and {@link #loads(Transport)} are shared, nothing is recomputed).
     *
     * @param t the transport DDAM-TOGD uses over these trees
     * @return this object if it already has {@code t}, else a copy with {@code t}
     */
    public TreeMetrics withTransport(Transport t) {
        return t == transport ? this : new TreeMetrics(this, java.util.Objects.requireNonNull(t));
    }

    /**
     * The transport {@link #cMax()} and {@link #busiestEdge()} refer to.
     *
     * @return unicast unless {@link #withTransport} chose otherwise
     */
    public Transport transport() { return transport; }

    /**
     * Link loads of these trees under a transport, with the network's capacities.
     *
     * @param t unicast or aggregate
     * @return messages per link and iteration, link times and C_max
     */
    public LinkLoads loads(Transport t) { return t == Transport.UNICAST ? unicast : aggregate; }

    /**
     * Link loads under this object's {@link #transport()}.
     *
     * @return {@code loads(transport())}
     */
    public LinkLoads loads() { return loads(transport); }

    /**
     * How many trees use edge e on a path to one of their targets.
     *
     * @param e an edge index, 0..|E|-1
     * @return #{n : e on T_n's path to some m ∈ W_n∖{n}}
     */
    public long treesOnEdge(int e) { return treesOn[e]; }

    /**
     * Metrics of a whole design (every agent must have a tree). Validates first.
     *
     * @param design the trees of every agent with their W
     * @return the metrics
     * @throws DdamInputException if an agent has no tree or its tree misses part of W_n
     */
    public static TreeMetrics of(TreeDesign design) {
        return of(design.network(), design.trees(), design.interest());
    }

    /**
     * Metrics of {@code trees} (index n = agent n's tree) under W. Validates first.
     *
     * @param network  the network the trees live in
     * @param trees    N trees; entry n must be rooted at n
     * @param interest W; only its support W_n matters here, not the weights
     * @return the metrics
     * @throws DdamInputException as {@link #validate(Network, List, int[][])}
     */
    public static TreeMetrics of(Network network, List<RoutingTree> trees, InterestMatrix interest) {
        return of(network, trees, interestSets(network, interest));
    }

    /**
     * Metrics of {@code trees} with explicit interest sets ({@code interestSets[n]} = W_n, distinct
     * node indices). Validates first.
     *
     * @param network      the network the trees live in
     * @param trees        N trees; entry n must be rooted at n
     * @param interestSets per agent, the node indices its tree must reach (any order; copied)
     * @return the metrics
     * @throws DdamInputException if a set lists a node twice, or as {@link #validate(Network, List, int[][])}
     */
    public static TreeMetrics of(Network network, List<RoutingTree> trees, int[][] interestSets) {
        int[][] sets = copySorted(network, interestSets);
        validate(network, trees, sets);
        return new TreeMetrics(network, trees, sets);
    }

    /**
     * {@link #validate(Network, List, int[][])} with W_n taken from W.
     *
     * @param network  the network the trees must live in
     * @param trees    N trees; entry n must be rooted at n
     * @param interest W, N x N
     * @throws DdamInputException naming the first agent whose tree is missing or wrong
     */
    public static void validate(Network network, List<RoutingTree> trees, InterestMatrix interest) {
        validate(network, trees, interestSets(network, interest));
    }

    /**
     * Checks that there is one tree per agent and that agent n's tree exists, lies in
     * {@code network}, is rooted at n and reaches every node of W_n (that it is a tree is checked when
     * a {@link RoutingTree} is built). Throws a {@link DdamInputException} naming the first offending
     * agent (lowest index) and the problem.
     *
     * @param network      the network the trees must live in
     * @param trees        N trees; entry n must be rooted at n
     * @param interestSets per agent n, the node indices W_n its tree must reach
     * @throws DdamInputException naming the first agent whose tree is missing or wrong
     */
    public static void validate(Network network, List<RoutingTree> trees, int[][] interestSets) {
        int n = network.nodeCount();
        if (trees.size() != n) {
            throw new DdamInputException("expected one routing tree per agent (" + n + "), got " + trees.size());
        }
        if (interestSets.length != n) {
            throw new DdamInputException("expected one interest set per agent (" + n + "), got " + interestSets.length);
        }
        for (int a = 0; a < n; a++) {
            RoutingTree t = trees.get(a);
            String who = Workspace.agentName(network, a);
            if (t == null) throw new DdamInputException(who + " has no routing tree");
            if (t.network() != network && !t.network().equals(network)) {
                throw new DdamInputException("the tree of " + who + " lies in another network");
            }
            if (t.root() != a) {
                throw new DdamInputException("the tree of " + who + " is rooted at " + network.describe(t.root())
                        + ", not at the agent");
            }
            for (int m : interestSets[a]) {
                if (m < 0 || m >= n) throw new DdamInputException("W of " + who + " names index " + m + ", not a node");
                if (!t.contains(m)) {
                    throw new DdamInputException("the tree of " + who + " does not reach " + network.describe(m)
                            + ", which is in its interest set W_n");
                }
            }
        }
    }

    private static int[][] interestSets(Network network, InterestMatrix interest) {
        interest.requireSize(network.nodeCount());
        int[][] s = new int[interest.size()][];
        for (int a = 0; a < s.length; a++) s[a] = interest.interestSet(a);
        return s;
    }

    private static int[][] copySorted(Network network, int[][] sets) {
        int[][] c = new int[sets.length][];
        for (int a = 0; a < sets.length; a++) {
            c[a] = sets[a].clone();
            Arrays.sort(c[a]);
            for (int i = 1; i < c[a].length; i++) {
                if (c[a][i] == c[a][i - 1]) {
                    throw new DdamInputException("interest set of " + Workspace.agentName(network, a) + " lists "
                            + network.describe(c[a][i]) + " twice");
                }
            }
        }
        return c;
    }

    /**
     * The network the trees live in.
     *
     * @return the physical network
     */
    public Network network() { return network; }

    /**
     * Number of agents N.
     *
     * @return the number of trees
     */
    public int agentCount() { return trees.size(); }

    /**
     * Agent n's tree T_n.
     *
     * @param n the agent, 0..N-1
     * @return the tree rooted at n
     */
    public RoutingTree tree(int n) { return trees.get(n); }

    /**
     * W_n, the agents n's tree reaches and its gradients come from.
     *
     * @param n the agent, 0..N-1
     * @return a fresh array of node indices, ascending
     */
    public int[] interestSet(int n) { return interestSets[n].clone(); }

    /**
     * |W_n|.
     *
     * @param n the agent, 0..N-1
     * @return the size of n's interest set
     */
    public int interestSetSize(int n) { return interestSets[n].length; }

    /**
     * One-way delay τ̃_{n,m}: the steps n's memory takes to reach m along T_n (method.md §2.4).
     *
     * @param n the agent (tree root), 0..N-1
     * @param m a member of W_n
     * @return the Σ of edge delays on the tree path n→m, in time steps; 0 for m = n
     * @throws IllegalArgumentException if m is not in W_n
     */
    public long oneWayDelay(int n, int m) {
        int i = Arrays.binarySearch(interestSets[n], m);
        if (i < 0) {
            throw new IllegalArgumentException(network.describe(m) + " is not in the interest set of "
                    + Workspace.agentName(network, n));
        }
        return oneWay[n][i];
    }

    /**
     * Round-trip delay τ_{n,m} = 2τ̃_{n,m}: the age of the gradient n receives from m (eq. 14).
     *
     * @param n the agent (tree root), 0..N-1
     * @param m a member of W_n
     * @return the round trip in time steps; 0 for m = n
     * @throws IllegalArgumentException if m is not in W_n
     */
    public long roundTripDelay(int n, int m) { return 2 * oneWayDelay(n, m); }

    /**
     * τ_{n,sum} = Σ_{m∈W_n} τ_{n,m} (round trips), the delay term that drives Theorem 3's bound (eq. 16).
     *
     * @param n the agent, 0..N-1
     * @return the sum in time steps
     */
    public long tauSum(int n) { return tauSum[n]; }

    /**
     * Σ_{m∈W_n} τ̃_{n,m} (one-way): the (E-1) objective of agent n's tree (method.md §3.1).
     *
     * @param n the agent, 0..N-1
     * @return half of {@link #tauSum(int)}, in time steps
     */
    public long oneWaySum(int n) { return tauSum[n] / 2; }

    /**
     * τ_{n,max} = max_{m∈W_n} τ_{n,m}, the oldest gradient agent n waits for.
     *
     * @param n the agent, 0..N-1
     * @return the largest round trip in time steps
     */
    public long tauMax(int n) { return tauMax[n]; }

    /**
     * τ_{n,min} = min_{m∈W_n} τ_{n,m}.
     *
     * @param n the agent, 0..N-1
     * @return the smallest round trip in time steps; 0 whenever w_{n,n} &gt; 0
     */
    public long tauMin(int n) { return tauMin[n]; }

    /**
     * Δτ_n = τ_{n,max} − τ_{n,min}, which enters Theorem 3 (eq. 16) and Corollary 2.
     *
     * @param n the agent, 0..N-1
     * @return the spread of round trips in time steps, ≥ 0
     */
    public long deltaTau(int n) { return tauMax[n] - tauMin[n]; }

    /**
     * Max hops from n to any m ∈ W_n.
     *
     * @param n the agent, 0..N-1
     * @return the depth of T_n over W_n, in edges
     */
    public int depth(int n) { return depth[n]; }

    /**
     * Σ of edge costs of T_n.
     *
     * @param n the agent, 0..N-1
     * @return the tree's total edge cost
     */
    public double cost(int n) { return cost[n]; }

    /**
     * Link load L_e = number of (n, m ≠ n) pairs whose tree path uses edge e (eq. 15 without the factor 2).
     *
     * @param e an edge index, 0..|E|-1
     * @return the number of messages the edge carries each way per iteration
     */
    public long edgeLoad(int e) { return load[e]; }

    /**
     * All link loads by edge index.
     *
     * @return a fresh array of L_e, length |E|
     */
    public long[] edgeLoads() { return load.clone(); }

    /**
     * C_max = max_e load_e / κ_e under {@link #transport()}: the link time the busiest link needs per
     * DDAM-TOGD iteration, which sets the fair-time budget ⌊T / C_max⌋ (method.md §2.4). With unit
     * capacities and unicast it is C_max^𝒯 = 2·max_e L_e of eq. (15), a whole number.
     *
     * @return C_max ≥ 0; 0 when no pair needs a link
     */
    public double cMax() { return loads().cMax(); }

    /**
     * The busiest link under {@link #transport()}.
     *
     * @return the lowest-index edge attaining C_max, or -1 when no edge carries anything
     */
    public int busiestEdge() { return loads().busiestEdge(); }

    /**
     * Σ_n τ_{n,sum}, the network-wide delay the delay-optimal trees minimise.
     *
     * @return the sum in time steps
     */
    public long totalTauSum() {
        long s = 0;
        for (long x : tauSum) s += x;
        return s;
    }

    /**
     * Σ_n cost_n (an edge used by several trees counts once per tree).
     *
     * @return the total tree cost
     */
    public double totalCost() {
        double s = 0;
        for (double x : cost) s += x;
        return s;
    }

    /**
     * max_n depth_n.
     *
     * @return the deepest tree's depth, in edges
     */
    public int maxDepth() {
        int d = 0;
        for (int x : depth) d = Math.max(d, x);
        return d;
    }

    /**
     * max_n τ_{n,max}.
     *
     * @return the longest round trip of any pair, in time steps
     */
    public long maxTauMax() {
        long d = 0;
        for (long x : tauMax) d = Math.max(d, x);
        return d;
    }

    @Override
    public String toString() {
        return "TreeMetrics[" + agentCount() + " agents, Στ_sum=" + totalTauSum() + ", " + transport + " Cmax=" + cMax()
                + ", cost=" + totalCost() + "]";
    }
}
