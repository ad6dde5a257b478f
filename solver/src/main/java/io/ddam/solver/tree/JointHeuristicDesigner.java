package io.ddam.solver.tree;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Designer {@code joint-heuristic}: load-aware routing trees for large networks, without a MILP solver.
 * It starts from the shortest-path trees and re-routes one tree at a time on congestion-weighted shortest
 * paths (multiplicative-weights style), keeping the delay budget Σ τ̃ ≤ (1+ε)·D* of the joint MILP.
 *
 * <p>The congestion measure is the p-norm ‖t‖_p of the link times t_e = load_e / κ_e, which is at least
 * C_max = ‖t‖_∞ and approaches it as p grows; p runs through 4, 8, 16, 32, 64. In a round every root n in
 * turn takes its own load off the links and gets candidate trees: the shortest-path tree on the
 * shortest-path DAG of n (delay-optimal) weighted by the marginal congestion ∂‖t‖_p/∂t_e, and, when
 * the budget leaves slack (ε &gt; 0) or the objective weighs delay (λ &gt; 0), Dijkstra trees on the
 * congestion weight plus μ·delay for a fixed ladder of μ. Each candidate is evaluated exactly
 * (‖t‖_p + λ·Σ τ̃ with its loads added, and the budget), the best replaces the tree only if strictly
 * better, so the objective never rises within a p-phase and the search ends. The best trees seen by
 * exact C_max + λ·Σ τ̃ (ties: lower delay) are returned. Every choice is made in a fixed order with
 * ties to the lower index: deterministic, no randomness. The result's bound is the cut bound of
 * {@link LoadBounds} (plus λ·D*), so its gap is stated without OR-Tools.
 */
public final class JointHeuristicDesigner implements JointTreeDesigner {
    /** The name used on the command line. */
    public static final String NAME = "joint-heuristic";

    private static final int[] NORMS = {4, 8, 16, 32, 64};
    /** μ ladder for delay-weighted candidates, in units of the typical marginal congestion weight. */
    private static final double[] MU = {4, 1, 0.25, 0.0625, 0.015625, 0};

    /**
     * Immutable options.
     *
     * @param transport  whose link loads to minimise
     * @param delaySlack ε of the budget Σ τ̃ ≤ (1+ε)·D*, ≥ 0, or infinite for no budget
     * @param lambda     λ ≥ 0 of the objective C_max + λ·Σ τ̃ (0: minimise C_max within the budget)
     * @param rounds     the most rounds per p-phase, ≥ 1
     */
    public record Options(Transport transport, double delaySlack, double lambda, int rounds) {
        /**
         * Validates.
         *
         * @param transport  the transport
         * @param delaySlack ε
         * @param lambda     λ
         * @param rounds     rounds per phase
         * @throws DdamInputException if ε or λ is negative or NaN, λ infinite, or rounds &lt; 1
         */
        public Options {
            Objects.requireNonNull(transport, "transport");
            if (!(delaySlack >= 0)) throw new DdamInputException("--delay-slack must be >= 0, not " + delaySlack);
            if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new DdamInputException("--lambda must be a finite number >= 0, not " + lambda);
            if (rounds < 1) throw new DdamInputException("rounds must be >= 1, not " + rounds);
        }

        /**
         * Unicast, ε = 0 (delay-optimal trees only), λ = 0, 20 rounds per phase.
         *
         * @return the defaults
         */
        public static Options defaults() { return new Options(Transport.UNICAST, 0, 0, 20); }

        /**
         * With another transport.
         *
         * @param t the transport
         * @return a copy
         */
        public Options withTransport(Transport t) { return new Options(t, delaySlack, lambda, rounds); }

        /**
         * With another delay slack.
         *
         * @param eps ε ≥ 0, or infinite
         * @return a copy
         */
        public Options withDelaySlack(double eps) { return new Options(transport, eps, lambda, rounds); }

        /**
         * With another delay weight.
         *
         * @param l λ ≥ 0
         * @return a copy
         */
        public Options withLambda(double l) { return new Options(transport, delaySlack, l, rounds); }

        /**
         * With another round limit.
         *
         * @param r rounds per phase, ≥ 1
         * @return a copy
         */
        public Options withRounds(int r) { return new Options(transport, delaySlack, lambda, r); }
    }

    private final Options options;

    /** With {@link Options#defaults()}. */
    public JointHeuristicDesigner() { this(Options.defaults()); }

    /**
     * With the given options.
     *
     * @param options transport, ε, λ, rounds
     */
    public JointHeuristicDesigner(Options options) { this.options = Objects.requireNonNull(options); }

    /**
     * The options.
     *
     * @return the options given to the constructor
     */
    public Options options() { return options; }

    @Override
    public String name() { return NAME; }

    @Override
    public JointDesign design(Network network, InterestMatrix interest) {
        long t0 = System.nanoTime();
        JointProblem p = JointProblem.of(network, interest);
        int[][] parents = improve(p, p.shortestPathParents());
        TreeDesign d = p.toDesign(NAME, parents, SolveStatus.APPROXIMATE);
        Map<String, Double> bounds = new LinkedHashMap<>();
        bounds.put("cut", LoadBounds.objectiveBound(p, options.transport(), options.lambda()));
        return new JointDesign(d, options.transport(), SolveStatus.APPROXIMATE, options.delaySlack(), options.lambda(),
                p.shortestDelaySum(), bounds, System.nanoTime() - t0);
    }

    /**
     * Improves feasible start trees (within the delay budget) by the rounds of the class comment; the
     * joint MILP uses it for its starting solution.
     *
     * @param p     the joint problem
     * @param start per root a parent-edge array reaching its targets, within the budget together (not changed)
     * @return the best parent-edge arrays found, pruned to the targets
     * @throws DdamInputException if the start trees exceed the delay budget
     */
    public int[][] improve(JointProblem p, int[][] start) {
        return new Search(p, options, start, Long.MAX_VALUE).run();
    }

    /**
     * As {@link #improve(JointProblem, int[][])}, stopping its rounds at a deadline (the best trees found by then
     * are returned; callers with a time limit give it a share of theirs).
     *
     * @param p             the joint problem
     * @param start         per root a parent-edge array
     * @param deadlineNanos {@link System#nanoTime()} value after which no new round starts; Long.MAX_VALUE for none
     * @return the improved parent-edge arrays
     */
    public int[][] improve(JointProblem p, int[][] start, long deadlineNanos) {
        return new Search(p, options, start, deadlineNanos).run();
    }

    /** The state of one search: trees, loads and scratch arrays, reused for every candidate. */
    private static final class Search {
        final JointProblem p;
        final Network g;
        final Options o;
        final int n, m;
        final int[][] parents;
        final long[] delay;
        final long[] messages;
        final double[] cap;
        final long budget;
        final boolean slack;
        boolean useSlack;
        long totalDelay;
        // scratch
        final long[] candLoad;
        final int[] mark;
        int stamp = 1;
        final double[] weight;
        final int[][] order;
        final double[] dist;
        final int[] heapNode;
        final double[] heapKey;
        final boolean[] done;

        final long deadline;

        Search(JointProblem p, Options o, int[][] start, long deadline) {
            this.deadline = deadline;
            this.p = p;
            this.g = p.network();
            this.o = o;
            this.n = g.nodeCount();
            this.m = g.edgeCount();
            this.parents = new int[n][];
            this.delay = new long[n];
            this.messages = new long[m];
            this.cap = new double[m];
            for (int e = 0; e < m; e++) cap[e] = g.capacity(e);
            long s = p.slackSteps(o.delaySlack());
            this.slack = s > 0 || o.lambda() > 0;
            this.budget = s == Long.MAX_VALUE ? Long.MAX_VALUE : p.shortestDelaySum() + s;
            this.candLoad = new long[m];
            this.mark = new int[m];
            for (int r = 0; r < n; r++) {
                parents[r] = start[r].clone();
                delay[r] = p.addLoad(r, parents[r], o.transport(), 1, messages, mark, stamp++);
                totalDelay += delay[r];
            }
            if (totalDelay > budget) {
                throw new DdamInputException("the start trees have delay sum " + totalDelay + " > budget " + budget);
            }
            this.weight = new double[m];
            this.order = new int[n][];
            this.dist = new double[n];
            this.heapNode = new int[2 * m + n + 1];
            this.heapKey = new double[2 * m + n + 1];
            this.done = new boolean[n];
        }

        int[][] run() {
            int[][] best = copy(parents);
            double bestObj = exactObjective();
            long bestDelay = totalDelay;
            // Delay-optimal trees first (DAG candidates only), then, if the budget or λ allows, trees that
            // trade delay for load, continuing from there: the lexicographic best of both is kept.
            boolean allowSlack = slack;
            for (int phase = 0; phase < (allowSlack ? 2 : 1); phase++) {
            useSlack = phase == 1;
            for (int pNorm : NORMS) {
                for (int round = 0; round < o.rounds() && System.nanoTime() < deadline; round++) {
                    boolean changed = false;
                    for (int r = 0; r < n; r++) {
                        if (p.targetCount(r) == 0) continue;
                        changed |= reroute(r, pNorm);
                    }
                    double obj = exactObjective();
                    if (obj < bestObj - 1e-12 * Math.max(1, Math.abs(bestObj)) || (obj <= bestObj + 1e-12 * Math.max(1, Math.abs(bestObj)) && totalDelay < bestDelay)) {
                        best = copy(parents);
                        bestObj = obj;
                        bestDelay = totalDelay;
                    }
                    if (!changed) break;
                }
            }
            }
            if (slack && System.nanoTime() < deadline) best = polish(best);
            for (int r = 0; r < n; r++) best[r] = prune(r, best[r]);
            return best;
        }

        /**
         * Lowers the delay of the best trees without raising C_max: each root in turn may switch to a
         * shorter candidate whose loads keep every link within the current C_max (rounds until no change).
         */
        int[][] polish(int[][] best) {
            Transport t = o.transport();
            Arrays.fill(messages, 0);
            totalDelay = 0;
            for (int r = 0; r < n; r++) {
                parents[r] = best[r].clone();
                delay[r] = p.addLoad(r, parents[r], t, 1, messages, mark, stamp++);
                totalDelay += delay[r];
            }
            double cStar = 0;
            for (int e = 0; e < m; e++) cStar = Math.max(cStar, messages[e] / cap[e]);
            double tol = 1e-9 * Math.max(1, cStar);
            for (int round = 0; round < o.rounds(); round++) {
                boolean changed = false;
                for (int r = 0; r < n; r++) {
                    if (p.targetCount(r) == 0) continue;
                    p.addLoad(r, parents[r], t, -1, messages, mark, stamp++);
                    long restDelay = totalDelay - delay[r];
                    // Links already at C_max are expensive, the rest cost their delay only.
                    for (int e = 0; e < m; e++) weight[e] = (messages[e] + 2) / cap[e] > cStar + tol ? 1e6 : 0;
                    int[] bestTree = parents[r];
                    long bestDelay = delay[r];
                    for (double mu : new double[] {1e-3, 1, 1e3}) {
                        int[] cand = mu == 1e-3 ? dagTree(r) : dijkstraTree(r, mu);
                        Arrays.fill(candLoad, 0);
                        long d = p.addLoad(r, cand, t, 1, candLoad, mark, stamp++);
                        if (d >= bestDelay) continue;
                        boolean fits = true;
                        for (int e = 0; e < m && fits; e++) fits = candLoad[e] == 0 || (messages[e] + candLoad[e]) / cap[e] <= cStar + tol;
                        if (fits) { bestTree = cand; bestDelay = d; }
                    }
                    changed |= bestTree != parents[r];
                    parents[r] = bestTree;
                    delay[r] = p.addLoad(r, parents[r], t, 1, messages, mark, stamp++);
                    totalDelay = restDelay + delay[r];
                }
                if (!changed) break;
            }
            return copy(parents);
        }

        double exactObjective() {
            double c = 0;
            for (int e = 0; e < m; e++) c = Math.max(c, messages[e] / cap[e]);
            return c + o.lambda() * totalDelay;
        }

        /** Re-routes root r's tree under the p-norm; true if it changed. */
        boolean reroute(int r, int pNorm) {
            Transport t = o.transport();
            p.addLoad(r, parents[r], t, -1, messages, mark, stamp++);
            long restDelay = totalDelay - delay[r];
            double scale = 0;
            for (int e = 0; e < m; e++) scale = Math.max(scale, messages[e] / cap[e]);
            if (scale == 0) scale = 1;
            double phiRest = 0;
            for (int e = 0; e < m; e++) phiRest += Math.pow(messages[e] / cap[e] / scale, pNorm);
            // Marginal congestion per message crossing e: d‖t‖_p / dt_e · 1/κ_e, up to the common factor.
            double meanW = 0;
            for (int e = 0; e < m; e++) {
                double te = messages[e] / cap[e] / scale;
                weight[e] = 2.0 / cap[e] * Math.pow(te, pNorm - 1) + 1e-9;
                meanW += weight[e];
            }
            meanW /= Math.max(1, m);

            int[] bestTree = parents[r];
            double bestVal = value(r, parents[r], phiRest, scale, pNorm, restDelay);
            int[] cand = dagTree(r);
            double v = value(r, cand, phiRest, scale, pNorm, restDelay);
            if (v < bestVal - 1e-12 * Math.abs(bestVal)) { bestVal = v; bestTree = cand; }
            if (useSlack) {
                double avgDelay = 0;
                for (int e = 0; e < m; e++) avgDelay += g.delay(e);
                double unit = meanW / Math.max(1e-12, avgDelay / Math.max(1, m));
                // λ per delay step in the weights' units: ∂‖t‖_p per target on e is weight_e·Φ^((1-p)/p).
                double lambdaUnit = o.lambda() * Math.pow(Math.max(phiRest, 1e-300), (pNorm - 1.0) / pNorm);
                for (double mu : MU) {
                    cand = dijkstraTree(r, mu * unit + lambdaUnit);
                    v = value(r, cand, phiRest, scale, pNorm, restDelay);
                    if (v < bestVal - 1e-12 * Math.abs(bestVal)) { bestVal = v; bestTree = cand; }
                }
            }
            boolean changed = bestTree != parents[r];
            parents[r] = bestTree;
            delay[r] = p.addLoad(r, parents[r], t, 1, messages, mark, stamp++);
            totalDelay = restDelay + delay[r];
            return changed;
        }

        /** ‖t‖_p (with the candidate's load added) + λ·delay, or +∞ if the budget is exceeded. */
        double value(int r, int[] tree, double phiRest, double scale, int pNorm, long restDelay) {
            Arrays.fill(candLoad, 0);
            long d = p.addLoad(r, tree, o.transport(), 1, candLoad, mark, stamp++);
            if (budget != Long.MAX_VALUE && restDelay + d > budget) return Double.POSITIVE_INFINITY;
            double phi = phiRest;
            for (int e = 0; e < m; e++) {
                if (candLoad[e] == 0) continue;
                double before = messages[e] / cap[e] / scale, after = (messages[e] + candLoad[e]) / cap[e] / scale;
                phi += Math.pow(after, pNorm) - Math.pow(before, pNorm);
            }
            return scale * Math.pow(Math.max(phi, 0), 1.0 / pNorm) + o.lambda() * (restDelay + d);
        }

        /** Shortest-path tree by congestion weight among the delay-shortest paths of r (the shortest-path DAG). */
        int[] dagTree(int r) {
            int[] ord = order[r];
            if (ord == null) {
                Integer[] idx = new Integer[n];
                for (int v = 0; v < n; v++) idx[v] = v;
                Arrays.sort(idx, (a, b) -> a.equals(b) ? 0 : Long.compare(p.distance(r, a), p.distance(r, b)) != 0
                        ? Long.compare(p.distance(r, a), p.distance(r, b)) : Integer.compare(a, b));
                ord = new int[n];
                for (int v = 0; v < n; v++) ord[v] = idx[v];
                order[r] = ord;
            }
            int[] par = new int[n];
            Arrays.fill(par, -1);
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            dist[r] = 0;
            for (int v : ord) {
                if (v == r || p.distance(r, v) == Long.MAX_VALUE) continue;
                long dv = p.distance(r, v);
                for (int k = g.adjacencyStart(v); k < g.adjacencyStart(v + 1); k++) {
                    int u = g.adjacentNode(k), e = g.adjacentEdge(k);
                    if (p.distance(r, u) == Long.MAX_VALUE || p.distance(r, u) + g.delay(e) != dv) continue;
                    double c = dist[u] + weight[e];
                    if (c < dist[v] || (c == dist[v] && e < par[v])) {
                        dist[v] = c;
                        par[v] = e;
                    }
                }
            }
            return par;
        }

        /** Dijkstra tree from r on weight[e] + mu·delay(e) (a lazy binary heap; ties to the lower edge index). */
        int[] dijkstraTree(int r, double mu) {
            int[] par = new int[n];
            Arrays.fill(par, -1);
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(done, false);
            int size = 0;
            dist[r] = 0;
            size = push(size, r, 0);
            while (size > 0) {
                int u = heapNode[0];
                double du = heapKey[0];
                size = pop(size);
                if (done[u] || du > dist[u]) continue;
                done[u] = true;
                for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                    int v = g.adjacentNode(k), e = g.adjacentEdge(k);
                    if (done[v]) continue;
                    double c = du + weight[e] + mu * g.delay(e);
                    if (c < dist[v] || (c == dist[v] && e < par[v])) {
                        dist[v] = c;
                        par[v] = e;
                        size = push(size, v, c);
                    }
                }
            }
            return par;
        }

        int push(int size, int v, double key) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >> 1;
                if (heapKey[parent] <= key) break;
                heapKey[i] = heapKey[parent];
                heapNode[i] = heapNode[parent];
                i = parent;
            }
            heapKey[i] = key;
            heapNode[i] = v;
            return size;
        }

        int pop(int size) {
            size--;
            if (size == 0) return 0;
            double key = heapKey[size];
            int v = heapNode[size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) break;
                if (c + 1 < size && heapKey[c + 1] < heapKey[c]) c++;
                if (heapKey[c] >= key) break;
                heapKey[i] = heapKey[c];
                heapNode[i] = heapNode[c];
                i = c;
            }
            heapKey[i] = key;
            heapNode[i] = v;
            return size;
        }

        /** Keeps only the parent edges on paths to r's targets. */
        int[] prune(int r, int[] par) {
            int[] out = new int[n];
            Arrays.fill(out, -1);
            for (int t : p.targets(r)) {
                for (int v = t; v != r && out[v] < 0; v = g.opposite(par[v], v)) out[v] = par[v];
            }
            return out;
        }

        static int[][] copy(int[][] a) {
            int[][] c = new int[a.length][];
            for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
            return c;
        }
    }
}
