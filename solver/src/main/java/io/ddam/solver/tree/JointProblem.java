package io.ddam.solver.tree;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.Arrays;

/**
 * The data every joint (load-aware) designer needs, computed once: per root n its targets
 * W_n ∖ {n}, the delay distances dist(n, ·) by Dijkstra, the shortest-path optimum
 * D* = Σ_n Σ_{m∈W_n} dist(n, m) of the delay budget, and the arcs that may carry root n's flow.
 * Arcs are the two orientations of each edge: arc 2e runs edgeU(e)→edgeV(e), arc 2e+1 the other way.
 * An arc u→v has reduced delay dist(n,u) + d_e − dist(n,v) ≥ 0; a tree path to m exceeds dist(n, m) by at
 * least the reduced delay of every arc on it, so with a global delay slack of S = ε·D* steps no arc with
 * reduced delay above S can be used, and at ε = 0 only arcs of the shortest-path DAG (reduced delay 0)
 * remain. Immutable after construction.
 */
public final class JointProblem {
    private final Network network;
    private final InterestMatrix interest;
    private final int[][] targets;
    private final long[][] dist;
    private final long shortestDelaySum;

    private JointProblem(Network network, InterestMatrix interest) {
        interest.requireSize(network.nodeCount());
        this.network = network;
        this.interest = interest;
        int n = network.nodeCount();
        this.targets = new int[n][];
        this.dist = new long[n][];
        Dijkstra dj = new Dijkstra(network, Network.Weight.DELAY);
        long total = 0;
        for (int r = 0; r < n; r++) {
            int root = r;
            targets[r] = Arrays.stream(interest.interestSet(r)).filter(m -> m != root).toArray();
            dj.run(r);
            long[] d = new long[n];
            int[] missing = new int[targets[r].length];
            int missingCount = 0;
            for (int v = 0; v < n; v++) d[v] = dj.reached(v) ? Math.round(dj.distance(v)) : Long.MAX_VALUE;
            for (int m : targets[r]) {
                if (d[m] == Long.MAX_VALUE) missing[missingCount++] = m;
                else total += d[m];
            }
            if (missingCount > 0) throw Workspace.unreachable(network, r, missing, missingCount);
            dist[r] = d;
        }
        this.shortestDelaySum = total;
    }

    /**
     * Prepares the joint problem of a network and W.
     *
     * @param network  the physical network
     * @param interest W, N x N
     * @return the problem data
     * @throws DdamInputException if W does not fit or a root cannot reach one of its targets
     */
    public static JointProblem of(Network network, InterestMatrix interest) {
        return new JointProblem(network, interest);
    }

    /**
     * The network.
     *
     * @return the physical network
     */
    public Network network() { return network; }

    /**
     * W.
     *
     * @return the interest matrix
     */
    public InterestMatrix interest() { return interest; }

    /**
     * Number of agents (= nodes).
     *
     * @return N
     */
    public int size() { return targets.length; }

    /**
     * Root n's targets W_n ∖ {n}, ascending.
     *
     * @param n a root
     * @return a fresh array
     */
    public int[] targets(int n) { return targets[n].clone(); }

    /** Root n's targets without copying, for this package's hot loops; callers must not write to it. */
    int[] targetsView(int n) { return targets[n]; }

    /**
     * |W_n ∖ {n}|: the flow root n sends.
     *
     * @param n a root
     * @return the number of targets other than the root
     */
    public int targetCount(int n) { return targets[n].length; }

    /**
     * dist(n, v) by edge delay.
     *
     * @param n a root
     * @param v a node
     * @return the distance in time steps, {@link Long#MAX_VALUE} when unreachable
     */
    public long distance(int n, int v) { return dist[n][v]; }

    /**
     * D* = Σ_n Σ_{m∈W_n∖{n}} dist(n, m): the one-way delay sum of shortest-path trees, which no trees beat.
     *
     * @return D* in time steps
     */
    public long shortestDelaySum() { return shortestDelaySum; }

    /**
     * The tail of an arc.
     *
     * @param a an arc index, 0..2|E|-1
     * @return the node the arc leaves
     */
    public int tail(int a) { return (a & 1) == 0 ? network.edgeU(a >> 1) : network.edgeV(a >> 1); }

    /**
     * The head of an arc.
     *
     * @param a an arc index
     * @return the node the arc enters
     */
    public int head(int a) { return (a & 1) == 0 ? network.edgeV(a >> 1) : network.edgeU(a >> 1); }

    /**
     * Reduced delay of arc a for root n: dist(n, tail) + d_e − dist(n, head) ≥ 0.
     *
     * @param n a root
     * @param a an arc
     * @return the extra delay every path through the arc pays over the shortest path; MAX_VALUE when unreachable
     */
    public long reducedDelay(int n, int a) {
        long du = dist[n][tail(a)], dv = dist[n][head(a)];
        if (du == Long.MAX_VALUE || dv == Long.MAX_VALUE) return Long.MAX_VALUE;
        return du + network.delay(a >> 1) - dv;
    }

    /**
     * The arcs root n's flow may use under a total delay slack of {@code slackSteps}: those not entering
     * the root, between reachable nodes, with reduced delay ≤ slackSteps.
     *
     * @param n          a root
     * @param slackSteps allowed excess over D*, in time steps (0 = shortest-path DAG only)
     * @return arc indices, ascending
     */
    public int[] allowedArcs(int n, long slackSteps) {
        int[] out = new int[2 * network.edgeCount()];
        int k = 0;
        for (int a = 0; a < out.length; a++) {
            if (head(a) == n || targets[n].length == 0) continue;
            if (reducedDelay(n, a) <= slackSteps) out[k++] = a;
        }
        return Arrays.copyOf(out, k);
    }

    /**
     * The slack in whole steps that ε allows: ⌊ε·D*⌋ (delays are whole steps), or MAX_VALUE for infinite ε.
     *
     * @param epsilon ε ≥ 0, or infinite for no budget
     * @return the slack in steps
     * @throws DdamInputException if ε is negative or NaN
     */
    public long slackSteps(double epsilon) {
        if (!(epsilon >= 0)) throw new DdamInputException("delay slack must be >= 0, not " + epsilon);
        if (Double.isInfinite(epsilon)) return Long.MAX_VALUE;
        // The tiny allowance keeps ε·D* that is a whole number in exact arithmetic (0.1 * 30) from rounding down.
        return (long) Math.floor(epsilon * shortestDelaySum + 1e-9);
    }

    /**
     * Messages each edge carries per iteration for root n's tree given as a parent-edge array, added to
     * {@code into}: unicast 2 per target below the edge, aggregate 2 per edge on a path to a target.
     *
     * @param n          the root
     * @param parentEdge per node the edge towards n, -1 for n and nodes outside the tree
     * @param t          the transport
     * @param sign       +1 to add the tree's load, -1 to remove it
     * @param into       per-edge message counts to update
     * @param mark       scratch per-edge ints, all ≠ {@code stamp} on entry (used for aggregate)
     * @param stamp      a value unique to this call, for {@code mark}
     * @return the one-way delay sum Σ_m τ̃_{n,m} of the tree
     */
    long addLoad(int n, int[] parentEdge, Transport t, int sign, long[] into, int[] mark, int stamp) {
        long delay = 0;
        for (int m : targets[n]) {
            int v = m;
            while (v != n) {
                int e = parentEdge[v];
                if (e < 0) throw new IllegalStateException("tree of root " + n + " does not reach " + m);
                delay += network.delay(e);
                if (t == Transport.UNICAST) {
                    into[e] += 2L * sign;
                } else if (mark[e] != stamp) {
                    mark[e] = stamp;
                    into[e] += 2L * sign;
                }
                v = network.opposite(e, v);
            }
        }
        return delay;
    }

    /**
     * The trees of parent-edge arrays as a {@link TreeDesign}, each pruned to W_n, with {@code status}
     * and objective Σ_m τ̃_{n,m} per tree (no per-tree bound or time: joint designs are timed as a whole).
     *
     * @param designer the designer's name
     * @param parents  per root n, per node the edge towards n (-1 for n and nodes outside the tree)
     * @param status   how the trees were obtained
     * @return the design
     * @throws DdamInputException if a tree does not reach its targets
     */
    public TreeDesign toDesign(String designer, int[][] parents, SolveStatus status) {
        java.util.List<DesignedTree> out = new java.util.ArrayList<>(targets.length);
        int[] all = new int[0];
        for (int r = 0; r < targets.length; r++) {
            RoutingTree t = RoutingTree.fromParentEdges(network, r, parents[r]);
            t.requireReaches(targets[r]);
            t = t.pruneTo(targets[r].length == 0 ? all : targets[r]);
            long d = 0;
            for (int m : targets[r]) d += t.delayTo(m);
            out.add(new DesignedTree(t, status, d, Double.NaN, 0));
        }
        return new TreeDesign(designer, network, interest, out);
    }

    /**
     * As {@link #toDesign(String, int[][], SolveStatus)} from one column per root (null for roots without
     * targets), with one scratch array instead of N parent arrays.
     *
     * @param designer the designer's name
     * @param trees    per root its tree
     * @param status   how the trees were obtained
     * @return the design
     */
    public TreeDesign toDesign(String designer, TreeColumn[] trees, SolveStatus status) {
        java.util.List<DesignedTree> out = new java.util.ArrayList<>(targets.length);
        int[] parent = new int[network.nodeCount()];
        Arrays.fill(parent, -1);
        int[] all = new int[0];
        for (int r = 0; r < targets.length; r++) {
            if (trees[r] != null) trees[r].writeParents(parent);
            RoutingTree t = RoutingTree.fromParentEdges(network, r, parent);
            if (trees[r] != null) trees[r].clearParents(parent);
            t.requireReaches(targets[r]);
            t = t.pruneTo(targets[r].length == 0 ? all : targets[r]);
            out.add(new DesignedTree(t, status, trees[r] == null ? 0 : trees[r].delay(), Double.NaN, 0));
        }
        return new TreeDesign(designer, network, interest, out);
    }

    /**
     * Per root, the parent-edge array of its shortest-path tree ({@link ShortestPathTreeDesigner}), pruned to W_n:
     * the delay-optimal start of every joint design.
     *
     * @return N parent-edge arrays of length N
     */
    public int[][] shortestPathParents() {
        ShortestPathTreeDesigner spt = new ShortestPathTreeDesigner();
        int n = targets.length;
        int[][] out = new int[n][];
        for (int r = 0; r < n; r++) out[r] = parentsOf(spt.design(network, r, interest.interestSet(r)).tree());
        return out;
    }

    /**
     * The parent-edge array of a tree.
     *
     * @param t a routing tree in this network
     * @return per node its parent edge, -1 for the root and nodes outside the tree
     */
    public int[] parentsOf(RoutingTree t) {
        int[] p = new int[network.nodeCount()];
        for (int v = 0; v < p.length; v++) p[v] = t.parentEdge(v);
        return p;
    }
}
