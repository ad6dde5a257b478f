package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

import java.util.Arrays;

/**
 * The pricing problem of the joint decomposition (docs/algorithms.md, "joint by column generation"): for one
 * root n, link prices π_e ≥ 0 and a delay price φ ≥ 0, the tree T reaching W_n∖{n} that minimises
 * Σ_e π_e·load_e(T) + φ·Σ_m τ̃_{n,m}(T), using only the arcs a delay budget leaves to n
 * ({@link JointProblem#allowedArcs}). Every answer comes with a lower bound on that minimum over all trees.
 *
 * <ul>
 *   <li><b>Unicast</b>: load_e = 2·(targets below e), so the price is a sum over targets of path prices with
 *       arc weight 2π_e + φ·d_e ≥ 0. A shortest-path tree in that weight is optimal for every target at once:
 *       exact, one Dijkstra (ties broken towards lower delay).</li>
 *   <li><b>Aggregate</b>: load_e = 2 on every tree edge, so the price is a Steiner arborescence with fixed
 *       arc cost 2π_e and flow cost φ·d_e per target below. For few targets an Erickson–Monma–Veinott
 *       dynamic program solves it exactly (the flow cost of an arc depends only on the target set below it,
 *       so it decomposes like the fixed cost). Otherwise a greedy arborescence (targets joined one at a time
 *       by the cheapest path from the tree, charging each its delay from the root) gives the column, and
 *       the bound is φ·Σ_m dist(n,m) + Σ_m min over arcs a into m of (2π_e + φ·rd_a), rd the reduced delay
 *       (every target has its own entering arc; a path's delay is the distance plus its arcs' reduced delays).</li>
 * </ul>
 * Not thread-safe: each thread uses its own pricer (they share nothing but the immutable problem).
 */
public final class TreePricer {
    /** Largest 3^k·n for which the aggregate dynamic program runs. */
    static final double DP_WORK_LIMIT = 3e7;
    /** Largest target count for the aggregate dynamic program. */
    static final int DP_MAX_TARGETS = 12;

    /**
     * A priced tree.
     *
     * @param column     the tree
     * @param price      its price Σ π·load + φ·delay
     * @param lowerBound a lower bound on the price of every tree of this root (= price when exact)
     * @param exact      whether the tree is proven cheapest
     */
    public record Priced(TreeColumn column, double price, double lowerBound, boolean exact) {}

    private final JointProblem p;
    private final Network g;
    private final Transport transport;
    private final long slack;
    private final int n;
    private final boolean dpAllowed;

    // Scratch, sized once.
    private final double[] label;
    private final long[] labelDelay;
    private final int[] predArc;
    private final boolean[] inTree;
    private final long[] treeDelay;
    private final int[] parent;
    private final int[] edgeScratch;
    private final boolean[] targetMark;
    private final int[] pathBuffer;
    private final Heap heap;
    private final int[] arcFrom;
    private final int[] arcTo;
    private final double[] arcWeight;
    private final double[] arbIn;
    private final int[] arbPre;
    private final int[] arbId;
    private final int[] arbMark;
    private final int[] arcEdge;
    private final int[] arbParent;
    private final MinimumArborescence arborescence = new MinimumArborescence();
    // Dual ascent (aggregate bounds): reduced costs per arc, W's stamp and list, forward-reach stamps, the cut,
    // and per target index its last cut size (negative once it is done).
    private final double[] daRc;
    private final int[] daInW;
    private final int[] daReach;
    private final int[] daList;
    private final int[] daQueue;
    private final int[] daCut;
    private final int[] daLastCut;
    private int daStamp;
    private boolean[] forbidden;
    private double[] dpCost = new double[0];
    private int[] dpArc = new int[0];
    private int[] dpSplit = new int[0];

    /**
     * A pricer for one problem, transport and delay slack.
     *
     * @param p          the joint problem
     * @param transport  whose loads the columns carry
     * @param slackSteps the delay slack in steps ({@link JointProblem#slackSteps}), MAX_VALUE for none
     * @param exactDp    whether the aggregate dynamic program may be used (false: greedy columns and relaxed bounds only)
     */
    public TreePricer(JointProblem p, Transport transport, long slackSteps, boolean exactDp) {
        this.p = p;
        this.g = p.network();
        this.transport = transport;
        this.slack = slackSteps;
        this.n = g.nodeCount();
        this.dpAllowed = exactDp;
        label = new double[n];
        labelDelay = new long[n];
        predArc = new int[n];
        inTree = new boolean[n];
        treeDelay = new long[n];
        parent = new int[n];
        edgeScratch = new int[g.edgeCount()];
        targetMark = new boolean[n];
        pathBuffer = new int[n];
        heap = new Heap(Math.max(16, 2 * n));
        arcFrom = new int[2 * g.edgeCount()];
        arcTo = new int[2 * g.edgeCount()];
        arcWeight = new double[2 * g.edgeCount()];
        arbIn = new double[n];
        arbPre = new int[n];
        arbId = new int[n];
        arbMark = new int[n];
        arcEdge = new int[2 * g.edgeCount()];
        arbParent = new int[n];
        daRc = new double[2 * g.edgeCount()];
        daInW = new int[n];
        daReach = new int[n];
        daList = new int[n];
        daQueue = new int[n];
        daCut = new int[2 * g.edgeCount()];
        daLastCut = new int[n];
        Arrays.fill(parent, -1);
    }

    /**
     * Whether arc a may carry root r's flow: it does not enter r and its reduced delay fits the slack.
     *
     * @param r a root
     * @param a an arc
     * @return allowed
     */
    boolean allowed(int r, int a) {
        return p.head(a) != r && p.reducedDelay(r, a) <= slack && (forbidden == null || !forbidden[a]);
    }

    /**
     * The cheapest tree of root r that uses none of the forbidden arcs, priced exactly (for the enumeration of
     * near-optimal trees); null when no such tree reaches every target.
     *
     * @param r         the root
     * @param pi        per-edge prices
     * @param phi       delay price
     * @param forbidden per arc, true where the tree may not use it
     * @return the tree and its price, or null
     * @throws IllegalStateException if root r's aggregate pricing is not exact ({@link #exactFor})
     */
    public Priced priceWithout(int r, double[] pi, double phi, boolean[] forbidden) {
        if (!exactFor(r)) throw new IllegalStateException("root " + r + " has no exact pricing");
        this.forbidden = forbidden;
        try {
            return price(r, pi, phi, true);
        } catch (IllegalStateException unreachable) {
            return null;
        } finally {
            this.forbidden = null;
        }
    }

    /**
     * A cheap tree of root r that uses none of the forbidden arcs: exact for unicast (one Dijkstra), the greedy
     * arborescence for aggregate. For repairs and local search, where a good tree matters and a bound does not.
     *
     * @param r         the root
     * @param pi        per-edge prices
     * @param phi       delay price
     * @param forbidden per arc, true where the tree may not use it
     * @return the tree and its price, or null when the allowed arcs do not reach every target
     */
    public Priced priceAvoiding(int r, double[] pi, double phi, boolean[] forbidden) {
        this.forbidden = forbidden;
        try {
            return price(r, pi, phi, false);
        } catch (IllegalStateException unreachable) {
            return null;
        } finally {
            this.forbidden = null;
        }
    }

    /**
     * The transport priced for.
     *
     * @return unicast or aggregate
     */
    public Transport transport() { return transport; }

    /**
     * The network priced on.
     *
     * @return the problem's network
     */
    public Network network() { return g; }

    /**
     * Marks every arc entering the head of arc a, other than a itself, in {@code forbidden}.
     *
     * @param forbidden per arc
     * @param a         the arc to keep as the only way into its head
     */
    public void forbidOtherArcsInto(boolean[] forbidden, int a) {
        int v = p.head(a);
        for (int q = g.adjacencyStart(v); q < g.adjacencyStart(v + 1); q++) {
            int e = g.adjacentEdge(q);
            int in = g.edgeV(e) == v ? 2 * e : 2 * e + 1;
            if (in != a) forbidden[in] = true;
        }
    }

    /**
     * Whether the aggregate dynamic program would price root r exactly.
     *
     * @param r a root
     * @return true for unicast, or when the target count is small enough
     */
    public boolean exactFor(int r) {
        if (transport == Transport.UNICAST) return true;
        int k = p.targetCount(r);
        return dpAllowed && k <= DP_MAX_TARGETS && Math.pow(3, k) * n <= DP_WORK_LIMIT;
    }

    /**
     * The cheapest tree of root r under prices π (per edge, per message) and φ (per step of delay), or for
     * aggregate roots with many targets a good tree and a lower bound.
     *
     * @param r     the root (with at least one target)
     * @param pi    per-edge prices, ≥ 0
     * @param phi   delay price, ≥ 0
     * @param exact for aggregate: run the dynamic program when {@link #exactFor} allows it (else greedy + bound)
     * @return the tree, its price and a lower bound
     */
    public Priced price(int r, double[] pi, double phi, boolean exact) {
        if (transport == Transport.UNICAST) return unicast(r, pi, phi);
        if (exact && exactFor(r)) return aggregateDp(r, pi, phi);
        TreeColumn c = aggregateGreedy(r, pi, phi);
        double price = c.price(pi, phi);
        if (p.targetCount(r) != n - 1) {
            double lb = Math.min(price, Math.max(enteringArcBound(r, pi, phi), dualAscentBound(r, pi, phi)));
            return new Priced(c, price, lb, price <= lb + 1e-9 * Math.max(1, Math.abs(lb)));
        }
        // Every other node is a target: the cheapest spanning arborescence in weights 2π_e + φ·rd_a is both a bound
        // and a tree. With φ = 0 its weight is the tree's price, so it is the cheapest tree; with φ > 0 it is
        // priced in full and kept when it beats the greedy tree (it charges each arc's extra delay once, not once
        // per target below it).
        double lb = spanningBound(r, pi, phi, arbParent);
        if (lb == Double.POSITIVE_INFINITY) return new Priced(c, price, enteringArcBound(r, pi, phi), false);
        for (int v = 0; v < n; v++) parent[v] = v == r || arbParent[v] < 0 ? -1 : arcEdge[arbParent[v]];
        TreeColumn arb = TreeColumn.of(p, r, parent, transport, edgeScratch);
        Arrays.fill(parent, -1);
        double arbPrice = arb.price(pi, phi);
        if (arbPrice < price) {
            c = arb;
            price = arbPrice;
        }
        lb = Math.max(lb, enteringArcBound(r, pi, phi));
        return new Priced(c, price, Math.min(lb, price), price <= lb + 1e-9 * Math.max(1, Math.abs(lb)));
    }

    /**
     * A valid lower bound on root r's aggregate price without solving: φ·D_r plus each target's cheapest
     * entering arc in weight 2π_e + φ·rd_a; when every other node is a target, φ·D_r plus the cheapest spanning
     * arborescence in those weights (at least as large).
     *
     * @param r   the root
     * @param pi  per-edge prices
     * @param phi delay price
     * @return the bound
     */
    public double aggregateBound(int r, double[] pi, double phi) {
        double entering = enteringArcBound(r, pi, phi);
        if (p.targetCount(r) != n - 1) return entering;
        // Every other node is a target (dense W): the tree is a spanning arborescence, and the cheapest one in the
        // same weights (Chu–Liu/Edmonds) bounds it; the entering-arc bound is its first step.
        return Math.max(entering, spanningBound(r, pi, phi, null));
    }

    /**
     * φ·D_r plus the cheapest spanning arborescence of root r in weights 2π_e + φ·rd_a over its allowed arcs.
     *
     * @param r      the root (every other node a target)
     * @param pi     per-edge prices
     * @param phi    delay price
     * @param parent where to write, per node, the index into {@link #arcEdge} of the arc entering it; null for the
     *               weight alone
     * @return the bound (+∞ when some node cannot be reached)
     */
    private double spanningBound(int r, double[] pi, double phi, int[] parent) {
        int arcs = 0;
        for (int a = 0; a < 2 * g.edgeCount(); a++) {
            if (!allowed(r, a)) continue;
            arcFrom[arcs] = p.tail(a);
            arcTo[arcs] = p.head(a);
            arcEdge[arcs] = a >> 1;
            arcWeight[arcs++] = 2 * pi[a >> 1] + phi * p.reducedDelay(r, a);
        }
        double arb = parent == null ? minArborescence(n, r, arcFrom, arcTo, arcWeight, arcs, arbIn, arbPre, arbId, arbMark)
                : arborescence.solve(n, r, arcFrom, arcTo, arcWeight, arcs, parent);
        double dr = 0;
        for (int m : p.targetsView(r)) dr += p.distance(r, m);
        return phi * dr + arb;
    }

    /**
     * Weight of a minimum spanning arborescence rooted at {@code root} (Chu–Liu/Edmonds, O(V·E)): every node but the root
     * takes its cheapest entering arc; cycles are contracted with the arcs into them re-weighted by the arc they replace,
     * until no cycle is left. The arrays are overwritten (contracted in place).
     *
     * @param nodes  node count
     * @param root   the root
     * @param from   arc tails (first {@code arcs} entries used)
     * @param to     arc heads
     * @param weight arc weights
     * @param arcs   the number of arcs
     * @return the weight, or +∞ when some node cannot be reached from the root
     */
    static double minArborescence(int nodes, int root, int[] from, int[] to, double[] weight, int arcs) {
        return minArborescence(nodes, root, from, to, weight, arcs, new double[nodes], new int[nodes], new int[nodes], new int[nodes]);
    }

    /** As above, with the caller's scratch arrays (each at least {@code nodes} long), so pricing rounds allocate nothing. */
    private static double minArborescence(int nodes, int root, int[] from, int[] to, double[] weight, int arcs,
                                          double[] in, int[] pre, int[] id, int[] mark) {
        double total = 0;
        while (true) {
            Arrays.fill(in, 0, nodes, Double.POSITIVE_INFINITY);
            for (int e = 0; e < arcs; e++) {
                int u = from[e], v = to[e];
                if (u != v && v != root && weight[e] < in[v]) {
                    in[v] = weight[e];
                    pre[v] = u;
                }
            }
            for (int v = 0; v < nodes; v++) if (v != root && in[v] == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
            Arrays.fill(id, 0, nodes, -1);
            Arrays.fill(mark, 0, nodes, -1);
            in[root] = 0;
            int cycles = 0;
            for (int v = 0; v < nodes; v++) {
                total += in[v];
                int u = v;
                while (mark[u] != v && id[u] == -1 && u != root) {
                    mark[u] = v;
                    u = pre[u];
                }
                if (u != root && id[u] == -1) {
                    // u lies on a cycle found from v: contract it into one node
                    for (int x = pre[u]; x != u; x = pre[x]) id[x] = cycles;
                    id[u] = cycles++;
                }
            }
            if (cycles == 0) return total;
            for (int v = 0; v < nodes; v++) if (id[v] == -1) id[v] = cycles++;
            for (int e = 0; e < arcs; e++) {
                int v = to[e];
                from[e] = id[from[e]];
                to[e] = id[v];
                if (from[e] != to[e]) weight[e] -= in[v];
            }
            nodes = cycles;
            root = id[root];
        }
    }

    /** Most W-members plus cut arcs that one {@link #dualAscentBound} visits, per arc of the network. */
    static final int DUAL_ASCENT_WORK_PER_ARC = 64;

    /**
     * φ·D_r plus Wong's dual-ascent bound on the cheapest Steiner arborescence of root r in weights 2π_e + φ·rd_a
     * over its allowed arcs (docs/algorithms.md, "Dual-ascent pricing bound"). For each target t in turn, W is the
     * set of nodes that reach t over arcs of reduced cost 0; while W holds neither the root nor another target that
     * t does not reach, the cut δ⁻(W) is raised by its smallest reduced cost. The raises are a feasible dual of the
     * directed-cut relaxation, so their sum bounds every arborescence from r that reaches the targets; stopping early
     * (the work cap) leaves a smaller sum, still a bound. Each target's own first cut is its entering arcs, so the
     * result is at least {@link #enteringArcBound} up to the order of the raises.
     *
     * @param r   the root
     * @param pi  per-edge prices
     * @param phi delay price
     * @return the bound (+∞ when a target cannot be reached over the allowed arcs)
     */
    double dualAscentBound(int r, double[] pi, double phi) {
        int arcs = 2 * g.edgeCount();
        for (int a = 0; a < arcs; a++) daRc[a] = allowed(r, a) ? 2 * pi[a >> 1] + phi * p.reducedDelay(r, a) : Double.POSITIVE_INFINITY;
        int[] targets = p.targetsView(r);
        int k = targets.length;
        boolean[] isTarget = targetMark;
        for (int m : targets) isTarget[m] = true;
        Arrays.fill(daLastCut, 0, k, 0);
        int active = k;
        double lower = 0;
        long work = 0, cap = (long) DUAL_ASCENT_WORK_PER_ARC * arcs;
        try {
            while (active > 0 && work <= cap) {
                // The active target whose last cut was smallest: small cuts raise the bound fastest.
                int ti = -1;
                for (int i = 0; i < k; i++) if (daLastCut[i] >= 0 && (ti < 0 || daLastCut[i] < daLastCut[ti])) ti = i;
                int t = targets[ti];
                if (++daStamp == Integer.MAX_VALUE) {
                    Arrays.fill(daInW, 0);
                    Arrays.fill(daReach, 0);
                    daStamp = 1;
                }
                int stamp = daStamp;
                int wSize = 0;
                daList[wSize++] = t;
                daInW[t] = stamp;
                boolean hasRoot = false, otherTarget = false;
                for (int i = 0; i < wSize; i++) {
                    int w = daList[i];
                    for (int q = g.adjacencyStart(w); q < g.adjacencyStart(w + 1); q++) {
                        int e = g.adjacentEdge(q);
                        int x = g.opposite(e, w);
                        if (daInW[x] == stamp) continue;
                        int in = g.edgeV(e) == w ? 2 * e : 2 * e + 1;   // x → w
                        if (daRc[in] != 0) continue;
                        daInW[x] = stamp;
                        daList[wSize++] = x;
                        if (x == r) hasRoot = true;
                        else if (isTarget[x]) otherTarget = true;
                    }
                }
                work += wSize;
                if (hasRoot || (otherTarget && !reachesEveryTarget(t, wSize, stamp, isTarget))) {
                    // Connected to the root, or another target's component comes first and carries t along.
                    daLastCut[ti] = -1;
                    active--;
                    continue;
                }
                int cutSize = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int i = 0; i < wSize; i++) {
                    int w = daList[i];
                    for (int q = g.adjacencyStart(w); q < g.adjacencyStart(w + 1); q++) {
                        int e = g.adjacentEdge(q);
                        int x = g.opposite(e, w);
                        if (daInW[x] == stamp) continue;
                        int in = g.edgeV(e) == w ? 2 * e : 2 * e + 1;
                        daCut[cutSize++] = in;
                        if (daRc[in] < delta) delta = daRc[in];
                    }
                }
                work += cutSize;
                if (delta == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;   // t is cut off from the root
                lower += delta;
                for (int i = 0; i < cutSize; i++) {
                    int a = daCut[i];
                    double rest = daRc[a] - delta;
                    daRc[a] = rest <= 1e-12 * Math.max(1, delta) ? 0 : rest;
                }
                daLastCut[ti] = cutSize;
            }
        } finally {
            for (int m : targets) isTarget[m] = false;
        }
        double dr = 0;
        for (int m : targets) dr += p.distance(r, m);
        return phi * dr + lower;
    }

    /** Whether t reaches, over arcs of reduced cost 0 inside the current W, every target in W. */
    private boolean reachesEveryTarget(int t, int wSize, int stamp, boolean[] isTarget) {
        int need = 0;
        for (int i = 0; i < wSize; i++) if (isTarget[daList[i]]) need++;
        int head = 0, tail = 0;
        daQueue[tail++] = t;
        daReach[t] = stamp;
        int found = 1;
        while (head < tail) {
            int w = daQueue[head++];
            for (int q = g.adjacencyStart(w); q < g.adjacencyStart(w + 1); q++) {
                int e = g.adjacentEdge(q);
                int x = g.opposite(e, w);
                if (daInW[x] != stamp || daReach[x] == stamp) continue;
                int out = g.edgeU(e) == w ? 2 * e : 2 * e + 1;   // w → x
                if (daRc[out] != 0) continue;
                daReach[x] = stamp;
                daQueue[tail++] = x;
                if (isTarget[x]) found++;
            }
        }
        return found == need;
    }

    /** φ·D_r plus each target's cheapest entering arc in weight 2π_e + φ·rd_a (see {@link #aggregateBound}). */
    double enteringArcBound(int r, double[] pi, double phi) {
        double lb = 0;
        for (int m : p.targetsView(r)) {
            lb += phi * p.distance(r, m);
            double best = Double.POSITIVE_INFINITY;
            for (int q = g.adjacencyStart(m); q < g.adjacencyStart(m + 1); q++) {
                int e = g.adjacentEdge(q);
                int a = g.edgeV(e) == m ? 2 * e : 2 * e + 1;   // the arc entering m
                if (!allowed(r, a)) continue;
                best = Math.min(best, 2 * pi[e] + phi * p.reducedDelay(r, a));
            }
            lb += best;
        }
        return lb;
    }

    // ---- unicast: one lexicographic (price, delay) Dijkstra

    private Priced unicast(int r, double[] pi, double phi) {
        Arrays.fill(label, Double.POSITIVE_INFINITY);
        Arrays.fill(predArc, -1);
        heap.clear();
        label[r] = 0;
        labelDelay[r] = 0;
        heap.push(0, 0, r);
        while (!heap.isEmpty()) {
            double k = heap.topKey();
            long kd = heap.topDelay();
            int u = heap.pop();
            if (k != label[u] || kd != labelDelay[u]) continue;
            relaxOut(r, u, k, kd, pi, phi, false);
        }
        double value = 0;
        for (int m : p.targetsView(r)) {
            if (predArc[m] < 0) throw new IllegalStateException("root " + r + " cannot reach " + m + " on its allowed arcs");
            value += label[m];
        }
        for (int v = 0; v < n; v++) parent[v] = predArc[v] < 0 ? -1 : predArc[v] >> 1;
        TreeColumn c = TreeColumn.of(p, r, parent, transport, edgeScratch);
        return new Priced(c, value, value, true);
    }

    /**
     * Relaxes root r's allowed arcs out of u in the lexicographic (price, delay) order, arc weight 2π_e + φ·d_e;
     * with {@code skipTree}, arcs into nodes already in the greedy tree are left alone.
     */
    private void relaxOut(int r, int u, double k, long kd, double[] pi, double phi, boolean skipTree) {
        for (int q = g.adjacencyStart(u); q < g.adjacencyStart(u + 1); q++) {
            int e = g.adjacentEdge(q);
            int a = g.edgeU(e) == u ? 2 * e : 2 * e + 1;
            int v = g.adjacentNode(q);
            if ((skipTree && inTree[v]) || !allowed(r, a)) continue;
            double nk = k + 2 * pi[e] + phi * g.delay(e);
            long nd = kd + g.delay(e);
            if (nk < label[v] || (nk == label[v] && nd < labelDelay[v])) {
                label[v] = nk;
                labelDelay[v] = nd;
                predArc[v] = a;
                heap.push(nk, nd, v);
            }
        }
    }

    // ---- aggregate, exact: Erickson–Monma–Veinott over target subsets

    private Priced aggregateDp(int r, double[] pi, double phi) {
        int[] targets = p.targetsView(r);
        int k = targets.length;
        int sets = 1 << k;
        int size = sets * n;
        if (dpCost.length < size) {
            dpCost = new double[size];
            dpArc = new int[size];
            dpSplit = new int[size];
        }
        for (int s = 1; s < sets; s++) {
            int base = s * n;
            Arrays.fill(dpCost, base, base + n, Double.POSITIVE_INFINITY);
            Arrays.fill(dpArc, base, base + n, -1);
            Arrays.fill(dpSplit, base, base + n, 0);
            if (Integer.bitCount(s) == 1) {
                dpCost[base + targets[Integer.numberOfTrailingZeros(s)]] = 0;
            } else {
                int low = s & -s;
                for (int v = 0; v < n; v++) {
                    double best = Double.POSITIVE_INFINITY;
                    int split = 0;
                    // Subsets s1 holding s's lowest target, so each split is tried once.
                    for (int s1 = (s - 1) & s; s1 > 0; s1 = (s1 - 1) & s) {
                        if ((s1 & low) == 0) continue;
                        double c = dpCost[s1 * n + v] + dpCost[(s ^ s1) * n + v];
                        if (c < best) {
                            best = c;
                            split = s1;
                        }
                    }
                    dpCost[base + v] = best;
                    dpSplit[base + v] = split;
                }
            }
            // Grow each subtree upwards: cost(u) ≤ cost(v) + 2π_e + φ·d_e·|s| over allowed arcs u→v.
            int size1 = Integer.bitCount(s);
            heap.clear();
            for (int v = 0; v < n; v++) if (dpCost[base + v] < Double.POSITIVE_INFINITY) heap.push(dpCost[base + v], 0, v);
            while (!heap.isEmpty()) {
                double kk = heap.topKey();
                int v = heap.pop();
                if (kk != dpCost[base + v]) continue;
                for (int q = g.adjacencyStart(v); q < g.adjacencyStart(v + 1); q++) {
                    int e = g.adjacentEdge(q);
                    int a = g.edgeV(e) == v ? 2 * e : 2 * e + 1;   // arc u→v entering v
                    if (!allowed(r, a)) continue;
                    int u = g.adjacentNode(q);
                    double c = kk + 2 * pi[e] + phi * (double) g.delay(e) * size1;
                    if (c < dpCost[base + u]) {
                        dpCost[base + u] = c;
                        dpArc[base + u] = a;
                        dpSplit[base + u] = 0;
                        heap.push(c, 0, u);
                    }
                }
            }
        }
        double value = dpCost[(sets - 1) * n + r];
        if (value == Double.POSITIVE_INFINITY) throw new IllegalStateException("root " + r + " cannot reach its targets on its allowed arcs");
        // Rebuild: extensions give parent arcs; splits recurse into both halves at the same node.
        Arrays.fill(parent, -1);
        int[] stackS = new int[4 * k + 8], stackV = new int[4 * k + 8];
        int top = 0;
        stackS[top] = sets - 1;
        stackV[top++] = r;
        boolean conflict = false;
        while (top > 0) {
            int s = stackS[--top], v = stackV[top];
            int idx = s * n + v;
            if (top + 2 >= stackS.length) {
                stackS = Arrays.copyOf(stackS, 2 * stackS.length);
                stackV = Arrays.copyOf(stackV, 2 * stackV.length);
            }
            if (dpArc[idx] >= 0) {
                int a = dpArc[idx];
                int w = p.head(a);
                if (parent[w] >= 0 && parent[w] != (a >> 1)) conflict = true;
                else parent[w] = a >> 1;
                stackS[top] = s;
                stackV[top++] = w;
            } else if (dpSplit[idx] != 0) {
                stackS[top] = dpSplit[idx];
                stackV[top++] = v;
                stackS[top] = s ^ dpSplit[idx];
                stackV[top++] = v;
            }
        }
        TreeColumn c;
        try {
            c = conflict ? null : TreeColumn.of(p, r, parent, transport, edgeScratch);
        } catch (IllegalStateException cycle) {
            c = null;
        }
        // With zero-price arcs two optimal halves may share a node; the greedy tree is then the column and the
        // program's value still bounds every tree.
        if (c == null) c = aggregateGreedy(r, pi, phi);
        double price = c.price(pi, phi);
        boolean exact = price <= value + 1e-9 * Math.max(1, Math.abs(value));
        return new Priced(c, price, Math.min(value, price), exact);
    }

    // ---- aggregate, greedy: join targets one by one along the cheapest path from the tree

    private TreeColumn aggregateGreedy(int r, double[] pi, double phi) {
        int[] targets = p.targetsView(r);
        Arrays.fill(label, Double.POSITIVE_INFINITY);
        Arrays.fill(predArc, -1);
        Arrays.fill(inTree, false);
        Arrays.fill(parent, -1);
        boolean[] isTarget = targetMark;
        for (int m : targets) isTarget[m] = true;
        try {
            return greedyFromMarks(r, targets, pi, phi);
        } finally {
            // Cleared on every exit: a root that cannot reach its targets (with forbidden arcs) must not leave marks
            // that would count as targets for the next root.
            for (int m : targets) isTarget[m] = false;
        }
    }

    private TreeColumn greedyFromMarks(int r, int[] targets, double[] pi, double phi) {
        boolean[] isTarget = targetMark;
        int[] path = pathBuffer;
        heap.clear();
        inTree[r] = true;
        treeDelay[r] = 0;
        label[r] = 0;
        labelDelay[r] = 0;
        heap.push(0, 0, r);
        int joined = 0;
        while (joined < targets.length) {
            if (heap.isEmpty()) throw new IllegalStateException("root " + r + " cannot reach its targets on its allowed arcs");
            double k = heap.topKey();
            long kd = heap.topDelay();
            int u = heap.pop();
            if (k != label[u] || kd != labelDelay[u]) continue;
            if (isTarget[u] && !inTree[u]) {
                // Join u's path; its nodes become tree nodes whose attachment price is their delay from the root.
                int len = 0;
                for (int v = u; !inTree[v]; v = p.tail(predArc[v])) path[len++] = v;
                for (int i = len - 1; i >= 0; i--) {
                    int v = path[i];
                    int a = predArc[v];
                    inTree[v] = true;
                    parent[v] = a >> 1;
                    treeDelay[v] = treeDelay[p.tail(a)] + g.delay(a >> 1);
                    double lv = phi * treeDelay[v];
                    label[v] = lv;
                    labelDelay[v] = treeDelay[v];
                    heap.push(lv, treeDelay[v], v);
                }
                joined++;
                continue;
            }
            relaxOut(r, u, k, kd, pi, phi, true);
        }
        return TreeColumn.of(p, r, parent, transport, edgeScratch);
    }

    /** A binary min-heap of (key, delay, node) with lazy deletion: stale entries are skipped by the caller. */
    private static final class Heap {
        private double[] key;
        private long[] delay;
        private int[] node;
        private int size;

        Heap(int capacity) {
            key = new double[capacity];
            delay = new long[capacity];
            node = new int[capacity];
        }

        void clear() { size = 0; }

        boolean isEmpty() { return size == 0; }

        double topKey() { return key[0]; }

        long topDelay() { return delay[0]; }

        private boolean less(int i, int j) { return key[i] < key[j] || (key[i] == key[j] && (delay[i] < delay[j] || (delay[i] == delay[j] && node[i] < node[j]))); }

        private void swap(int i, int j) {
            double k = key[i];
            key[i] = key[j];
            key[j] = k;
            long d = delay[i];
            delay[i] = delay[j];
            delay[j] = d;
            int x = node[i];
            node[i] = node[j];
            node[j] = x;
        }

        void push(double k, long d, int v) {
            if (size == key.length) {
                key = Arrays.copyOf(key, 2 * size);
                delay = Arrays.copyOf(delay, 2 * size);
                node = Arrays.copyOf(node, 2 * size);
            }
            int i = size++;
            key[i] = k;
            delay[i] = d;
            node[i] = v;
            while (i > 0) {
                int par = (i - 1) >> 1;
                if (!less(i, par)) break;
                swap(i, par);
                i = par;
            }
        }

        int pop() {
            int top = node[0];
            size--;
            if (size > 0) {
                key[0] = key[size];
                delay[0] = delay[size];
                node[0] = node[size];
                int i = 0;
                while (true) {
                    int l = 2 * i + 1, rr = l + 1, m = i;
                    if (l < size && less(l, m)) m = l;
                    if (rr < size && less(rr, m)) m = rr;
                    if (m == i) break;
                    swap(i, m);
                    i = m;
                }
            }
            return top;
        }
    }
}
