package io.ddam.solver.milp;

import io.ddam.solver.InOrder;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.JointDesign;
import io.ddam.solver.tree.JointProblem;
import io.ddam.solver.tree.LoadBounds;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeColumn;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreePricer;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The joint design by Dantzig–Wolfe decomposition and column generation (docs/algorithms.md, "joint by
 * column generation"; constraint groups DW-1 … DW-3). The master chooses, per root n, a convex combination
 * of generated trees (DW-1), with C ≥ load_e/κ_e on every link (DW-2) and the delay budget
 * Σ τ̃ ≤ (1+ε)·D* (DW-3); the objective is C + λ·Σ τ̃ as in the compact model. Pricing ({@link TreePricer})
 * is per root: the cheapest tree in dual-weighted load plus delay.
 *
 * <p>Every pricing round gives a Lagrangian (Farley) lower bound Σ_n min_T(Σ_e π_e·load_e + (λ+μ)·τ̃(T))
 * − μ·(D*+S), valid for any π ≥ 0 with Σ κ_e π_e ≤ 1 and μ ≥ 0, so a bound is known at every iteration, also
 * when the aggregate pricing is heuristic (it then uses the pricer's relaxation). Duals are stabilised by
 * Wentges smoothing towards the duals of the best bound, with a fall-back to the plain duals on mispricing.
 * Integer trees come from the best of: the start (joint heuristic or shortest paths), a column-swap local
 * search on the generated trees, and the restricted master solved as a MILP over the generated trees. When
 * λ = 0 and every 2/κ_e is whole, C_max lives on the grid gcd_e(2/κ_e)·ℤ (even integers for κ ≡ 1): the bound is
 * rounded up to it, and the restricted MILP's C is integral on it. On small networks a proof by enumeration
 * (every tree within UB − L of its root's minimum, Lawler's partition) closes what the restricted MILP leaves;
 * above 1,500 nodes a Frank–Wolfe phase replaces the master LP.
 *
 * <p>Not a public designer of its own: {@link JointMilpDesigner} calls it for {@code --method colgen}, or when
 * its automatic choice says the compact model would be slow.
 */
final class JointColumnGeneration {
    /** Share of the time limit the local searches leave for building and returning the design. */
    private static final double FINISH_SHARE = 0.05;
    /** Largest network on which the first re-routing's trees start as master columns (else they join after the LP). */
    private static final int REROUTE_COLUMNS_NODES = 500;
    /** Share of the time limit by which the first re-routing of the start ends. */
    private static final double REROUTE_SHARE = 0.2;

    /** The {@link System#nanoTime()} at which {@code share} of {@code limit} seconds has passed since t0; MAX_VALUE without a limit. */
    private static long shareOfLimit(long t0, double limit, double share) {
        return limit == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : t0 + (long) (limit * share * 1e9);
    }

    /** Wentges smoothing weight on the best-bound duals. */
    private static final double SMOOTHING = 0.5;
    /** Share of the time limit by which the LP phase ends (the integer phase has the rest; it needs little on most rows). */
    private static final double LP_SHARE = 0.8;
    /** Reduced costs above −RC_TOL·max(1, |α_n|) count as non-negative. */
    private static final double RC_TOL = 1e-7;
    /** Every how many rounds aggregate pricing runs the exact program (where it can) instead of the greedy trees. */
    private static final int EXACT_EVERY = 4;

    /** {@code -Dddam.joint.trace=true}: one stderr line per master round (LP value, best bound, columns, seconds). */
    private static final boolean TRACE = Boolean.getBoolean("ddam.joint.trace");
    private final JointMilpDesigner.Options options;
    private final int threads;

    JointColumnGeneration(JointMilpDesigner.Options options, int threads) {
        this.options = options;
        this.threads = Math.max(1, threads);
    }

    /** The master's state: columns per root and their LP variables. */
    private static final class Master {
        final List<List<TreeColumn>> columns = new ArrayList<>();
        final List<Set<TreeColumn>> seen = new ArrayList<>();
        /** Per root, the LP variables of its columns that are in the master LP. */
        final List<List<MPVariable>> vars = new ArrayList<>();
        /** Per root, the column of each entry of {@link #vars} (columns kept for the integer phase only have none). */
        final List<List<TreeColumn>> varColumns = new ArrayList<>();
        /** Per root, the column with the largest weight in the last optimal master LP (null before the first). */
        TreeColumn[] lpPick;
        MPConstraint[] convexity;
        MPConstraint[] load;
        MPConstraint delay;
        MPVariable c;
        int count;
    }

    JointDesign design(JointProblem p, int[][] start, long t0) {
        OrTools.ensureLoaded();
        Network g = p.network();
        int n = g.nodeCount();
        Transport t = options.transport();
        double lambda = options.lambda();
        long slack = p.slackSteps(options.delaySlack());
        boolean budgetRow = slack > 0 && slack != Long.MAX_VALUE;
        double budget = budgetRow ? p.shortestDelaySum() + (double) slack : Double.POSITIVE_INFINITY;
        double limit = options.timeLimitSeconds() > 0 && !Double.isInfinite(options.timeLimitSeconds()) ? options.timeLimitSeconds() : Double.POSITIVE_INFINITY;
        long deadline = limit == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : t0 + (long) (limit * 1e9);
        long lpDeadline = limit == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : t0 + (long) (limit * LP_SHARE * 1e9);
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("start", (System.nanoTime() - t0) / 1e9);

        ThreadLocal<TreePricer> pricers = ThreadLocal.withInitial(() -> new TreePricer(p, t, slack, true));
        int[] scratch = new int[g.edgeCount()];
        // GLOP keeps its basis when columns are appended (CLP through MPSolver re-solved from scratch: 12 s per
        // round on a 2,500-node grid), so each round re-optimises from the last.
        MPSolver lp = MPSolver.createSolver("GLOP");
        if (lp == null) lp = OrTools.createLpSolver();
        lp.suppressOutput();
        try {
            Master m = new Master();
            buildMaster(lp, m, p, budgetRow, budget);
            // The start's trees and the shortest-path trees are the first columns: the start is feasible.
            TreeColumn[] spt = shortestPathColumns(p, t);
            TreeColumn[] startCols = start == null ? spt : new TreeColumn[n];
            for (int r = 0; r < n; r++) {
                if (p.targetCount(r) == 0) continue;
                if (start != null) startCols[r] = TreeColumn.of(p, r, start[r], t, scratch);
                addColumn(lp, m, startCols[r], lambda);
                addColumn(lp, m, spt[r], lambda);
            }
            start = null;   // N arrays of N ints: let them go before the columns grow
            // Re-routing off the busiest links turns the start into a strong incumbent within seconds (1,000 nodes:
            // C_max 252 → 54 unicast, 154 → 46 aggregate). Up to 500 nodes its trees are master columns (AttMpls, unicast,
            // ε = 0.1: they hold the optimum's trees, 80 instead of 82); on larger networks they join the pool after the LP
            // phase, because as master columns they slowed GLOP to 3 rounds in 190 s at 1,000 nodes. Skipped on networks
            // that take the Frank–Wolfe phase: at 10,000 nodes a pass costs minutes that its rounds need.
            TreeColumn[] rerouted = lambda != 0 || n > fwNodes ? null : criticalReroute(p, startCols, budget, new TreePricer(p, t, slack, false),
                    Math.min(lpDeadline, shareOfLimit(t0, limit, REROUTE_SHARE)));
            if (rerouted != null && n <= REROUTE_COLUMNS_NODES) for (TreeColumn c : rerouted) if (c != null) addColumn(lp, m, c, lambda);
            phases.put("reroute", (System.nanoTime() - t0) / 1e9 - phases.get("start"));

            // ---- LP phase: price until no column has negative reduced cost (or time runs out)
            long tLp = System.nanoTime();
            BestBound lagr = new BestBound();
            boolean lpOptimal = false;
            double lpValue = Double.NaN;
            int iterations = 0;
            double[] pi = new double[g.edgeCount()];
            double[] alpha = new double[n];
            double[] smoothPi = new double[g.edgeCount()];
            long solveNanos = 0;
            final boolean fast = n > fwNodes;
            // Periodic exact aggregate rounds only where they are cheap; elsewhere the program runs when the greedy
            // trees stop improving the master (at 1,000 nodes and 8 targets a pass took 60–80 s, a greedy one 0.6 s).
            final boolean periodicExact = t == Transport.AGGREGATE && exactWork(p, pricers.get()) <= PERIODIC_EXACT_WORK;
            if (fast) {
                // ---- Large networks: Frank–Wolfe on the smoothed C_max instead of the master LP (whose solves
                // dominate there); every round still prices every root and gives a Lagrangian bound.
                iterations = frankWolfe(p, m, pricers, startCols, lambda, budgetRow, budget, lpDeadline, lagr);
            }
            while (!fast && System.nanoTime() < lpDeadline) {
                if (lpDeadline != Long.MAX_VALUE) lp.setTimeLimit(Math.max(1, (lpDeadline - System.nanoTime()) / 1_000_000));
                long ts = System.nanoTime();
                MPSolver.ResultStatus rs = OrTools.solveWithin(lp, null, lpDeadline);
                if (rs == MPSolver.ResultStatus.ABNORMAL && System.nanoTime() < lpDeadline) {
                    // GLOP's warm start from the last basis sometimes ends ABNORMAL after columns were appended (150- and
                    // 300-node networks with dense W, rounds 5–23); the LP from scratch solves. Dropping the basis costs one
                    // cold solve instead of ending the LP phase with its bound unproven.
                    lp.reset();
                    if (lpDeadline != Long.MAX_VALUE) lp.setTimeLimit(Math.max(1, (lpDeadline - System.nanoTime()) / 1_000_000));
                    rs = OrTools.solveWithin(lp, null, lpDeadline);
                }
                solveNanos += System.nanoTime() - ts;
                if (rs != MPSolver.ResultStatus.OPTIMAL) break;
                double previousValue = lpValue;
                lpValue = lp.objective().value();
                pickLargest(m);
                for (int e = 0; e < pi.length; e++) pi[e] = Math.max(0, m.load[e].dualValue());
                for (int r = 0; r < n; r++) alpha[r] = m.convexity[r] == null ? 0 : m.convexity[r].dualValue();
                double mu = budgetRow ? Math.max(0, -m.delay.dualValue()) : 0;
                if (t == Transport.AGGREGATE && lambda == 0 && !Double.isNaN(previousValue)
                        && lpValue >= previousValue - 1e-9 * Math.max(1, Math.abs(lpValue))) {
                    // A stalled round: many links tie at C (a chain every tree must nearly cover), the duals price one of
                    // them, and every root's new column relieves that one only. Columns that spread the roots over the
                    // tied links let the LP lower them together (they need not price out; extra columns never cut the
                    // LP's optimum off). After the duals are read: adding columns to the LP drops its solution.
                    diversify(p, m, lp, pricers, lambda + mu, lpDeadline);
                }
                normalise(pi, g);
                iterations++;

                // Price at the smoothed point; its Lagrangian bound is valid whatever the point.
                double theta = lagr.pi != null ? SMOOTHING : 0;
                for (int e = 0; e < pi.length; e++) smoothPi[e] = lagr.pi == null ? pi[e] : theta * lagr.pi[e] + (1 - theta) * pi[e];
                double smoothMu = lagr.pi == null ? mu : theta * lagr.mu + (1 - theta) * mu;
                // Aggregate rounds price greedily (fast columns) and every EXACT_EVERY-th round exactly, so the
                // Lagrangian bound is the strong one at least that often (not in round 1: its duals are poor).
                boolean exactRound = periodicExact && iterations % EXACT_EVERY == 0;
                TreePricer.Priced[] priced = priceAll(p, pricers, smoothPi, lambda + smoothMu, exactRound, lpDeadline);
                if (priced == null) break;
                lagr.offer(lagrangian(priced, smoothMu, budgetRow, budget), smoothPi, smoothMu);
                int added = addNegative(lp, m, priced, pi, mu, alpha, lambda);
                if (added == 0 && theta > 0) {
                    // Mispricing: nothing improves the LP at the smoothed point; price at the LP's own duals.
                    priced = priceAll(p, pricers, pi, lambda + mu, false, lpDeadline);
                    if (priced == null) break;
                    lagr.offer(lagrangian(priced, mu, budgetRow, budget), pi, mu);
                    added = addNegative(lp, m, priced, pi, mu, alpha, lambda);
                }
                if (added == 0 && t == Transport.AGGREGATE) {
                    // The greedy trees found nothing: price exactly where the dynamic program can.
                    priced = priceAll(p, pricers, pi, lambda + mu, true, lpDeadline);
                    if (priced == null) break;
                    lagr.offer(lagrangian(priced, mu, budgetRow, budget), pi, mu);
                    added = addNegative(lp, m, priced, pi, mu, alpha, lambda);
                    if (added == 0) {
                        lpOptimal = Arrays.stream(priced).allMatch(x -> x == null || x.exact());
                        break;
                    }
                } else if (added == 0) {
                    lpOptimal = true;
                    break;
                }
                if (TRACE) System.err.printf("joint round %d: LP %.4f, Lagrangian %.4f, %d added, %d columns, %.1f s%n",
                        iterations, lpValue, lagr.value, added, m.count, (System.nanoTime() - t0) / 1e9);
                if (lagr.value >= lpValue - 1e-9 * Math.max(1, Math.abs(lpValue))) {
                    lpOptimal = true;
                    break;
                }
            }
            if (lpOptimal && !Double.isNaN(lpValue)) lagr.value = Math.max(lagr.value, lpValue);
            phases.put("lp", (System.nanoTime() - tLp) / 1e9);
            phases.put("lp-solves", solveNanos / 1e9);   // of which the master LP's own solves (the rest is pricing)

            // ---- Integer phase: local search over the columns, then the restricted master as a MILP.
            long tInt = System.nanoTime();
            Incumbent best = new Incumbent(p, lambda, budget);
            best.offer(startCols);
            best.offer(rerouted);
            if (rerouted != null) for (TreeColumn c : rerouted) if (c != null) addColumn(null, m, c, lambda);
            // The searches leave 5 % of the limit for what follows them (writing N trees took 50 s at 10,000 nodes).
            long searchDeadline = limit == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : deadline - (long) (FINISH_SHARE * limit * 1e9);
            best.offer(columnSwap(p, m, startCols, lambda, budget, searchDeadline));
            // The master LP's own choice, rounded to its heaviest tree per root and repaired into the budget.
            if (m.lpPick != null) best.offer(columnSwap(p, m, m.lpPick, lambda, budget, searchDeadline));
            // Trees off the busiest links, one root at a time, with new trees from the pricer (not only the columns).
            if (lambda == 0) {
                TreeColumn[] again = criticalReroute(p, best.trees, budget, new TreePricer(p, t, slack, false), searchDeadline);
                best.offer(again);
                for (TreeColumn c : again) if (c != null) addColumn(null, m, c, lambda);   // for the restricted MILP
            }
            phases.put("local-search", (System.nanoTime() - tInt) / 1e9);
            double rounded = roundUp(lagr.value, g, lambda);
            // The phases below only try to close the gap: none runs once a bound, the cut's included, meets the incumbent.
            double cutBound = LoadBounds.objectiveBound(p, t, lambda);
            if (lpOptimal && !fast && p.size() > DIVE_MILP_ROOTS && best.value > Math.max(rounded, cutBound) + 1e-9) {
                // Diving from the LP optimum (the master is still in lp), with the time the MILPs would otherwise have
                // to themselves halved.
                long tDive = System.nanoTime();
                long diveDeadline = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : tDive + (long) (DIVE_SHARE * Math.max(0, deadline - tDive));
                // A second dive, when the first finds nothing better, fixes one fractional root per step instead of 5 %.
                double before = best.value;
                for (int d = 0; d < DIVES && best.value >= before - 1e-9 && best.value > Math.max(rounded, cutBound) + 1e-9; d++) {
                    long now0 = System.nanoTime();
                    long thisDive = diveDeadline == Long.MAX_VALUE ? Long.MAX_VALUE : now0 + (diveDeadline - now0) / (DIVES - d);
                    if (now0 > thisDive) break;
                    List<TreeColumn[]> fixings = dive(p, m, lp, pricers, lambda, best.value, d == 0 ? DIVE_FIX_SHARE : 0, thisDive);
                    // The dive leaves its last roots free: a MILP over their columns, the fixed roots' loads as constants.
                    // When that finds nothing better, the fixing from a few steps earlier (about twice the free roots) gets a try.
                    int i = fixings.size() - 1;
                    for (int tries = 0; i >= 0 && tries < DIVE_MILP_TRIES && best.value >= before - 1e-9; tries++) {
                        TreeColumn[] fixed = fixings.get(i);
                        long now = System.nanoTime();
                        long milpDeadline = thisDive == Long.MAX_VALUE ? Long.MAX_VALUE : now + (thisDive - now) / (DIVE_MILP_TRIES - tries);
                        Restricted last = restrictedMilp(p, m, best.trees, fixed, budgetRow, budget, lambda, milpDeadline);
                        if (last != null) {
                            for (TreeColumn c : last.trees) if (c != null) addColumn(null, m, c, lambda);
                            best.offer(last.trees);
                            // The last roots of a dive are fixed at fractional LP weights: re-routing off the busiest links
                            // repairs the few links that end one grid step above the LP.
                            if (lambda == 0) {
                                TreeColumn[] again = criticalReroute(p, last.trees, budget, new TreePricer(p, t, slack, false), milpDeadline);
                                best.offer(again);
                                for (TreeColumn c : again) if (c != null) addColumn(null, m, c, lambda);
                            }
                        }
                        int free = freeRoots(fixed);
                        while (i >= 0 && freeRoots(fixings.get(i)) < 2 * Math.max(1, free)) i--;
                    }
                    if (TRACE) System.err.printf("joint dive %d: %d fixings, incumbent %.4f%n", d, fixings.size(), best.value);
                }
                phases.put("dive", (System.nanoTime() - tDive) / 1e9);
            }
            long tMilp = System.nanoTime();
            // Where the enumeration can prove, the first restricted MILP leaves it most of the time: over the columns
            // alone SCIP rarely closes an integrality gap (er150, top-8, ε = 0.1: 46 s at 28 against 26), and the
            // enumerated trees make the final MILP a proof.
            boolean canEnumerate = lagr.pi != null && !fast && enumerable(p, slack, t);
            long firstMilpDeadline = canEnumerate && deadline != Long.MAX_VALUE
                    ? tMilp + (long) (FIRST_MILP_SHARE * Math.max(0, deadline - tMilp)) : deadline;
            if (best.value > Math.max(rounded, cutBound) + 1e-9 && !fast && m.count <= MILP_MAX_COLUMNS && System.nanoTime() < deadline - 200_000_000L) {
                Restricted milp = restrictedMilp(p, m, best.trees, budgetRow, budget, lambda, firstMilpDeadline);
                if (milp != null) best.offer(milp.trees);
            }
            phases.put("milp", (System.nanoTime() - tMilp) / 1e9);

            // ---- Proof by enumeration: every tree of an optimal design prices within UB − L of its root's minimum.
            boolean proven = false;
            if (best.value > Math.max(rounded, cutBound) + 1e-9 && canEnumerate
                    && System.nanoTime() < deadline - 200_000_000L) {
                long tEnum = System.nanoTime();
                TreePricer pr = new TreePricer(p, t, slack, true);
                double phi = lambda + lagr.mu;
                double[] min = new double[n];
                double exactBound = budgetRow ? -lagr.mu * budget : 0;
                for (int r = 0; r < n; r++) {
                    if (p.targetCount(r) == 0) continue;
                    TreePricer.Priced x = pr.priceWithout(r, lagr.pi, phi, new boolean[2 * g.edgeCount()]);
                    min[r] = x.price();
                    exactBound += min[r];
                }
                double exactRounded = roundUp(exactBound, g, lambda);
                if (exactRounded > rounded) {
                    rounded = exactRounded;
                    lagr.value = Math.max(lagr.value, exactBound);
                }
                boolean complete = true;
                double delta = best.value - exactBound;
                for (int r = 0; r < n && complete; r++) {
                    if (p.targetCount(r) == 0) continue;
                    complete = enumerate(lp, m, pr, r, lagr.pi, phi, min[r], delta, lambda, deadline);
                }
                phases.put("enumerate", (System.nanoTime() - tEnum) / 1e9);
                tEnum = System.nanoTime();
                if (complete && best.value > rounded + 1e-9) {
                    Restricted milp = restrictedMilp(p, m, best.trees, budgetRow, budget, lambda, deadline);
                    if (milp != null) {
                        best.offer(milp.trees);
                        proven = milp.optimal;
                    }
                } else if (complete) {
                    proven = true;
                } else if (best.value > rounded + 1e-9 && m.count <= MILP_MAX_COLUMNS && System.nanoTime() < deadline - 200_000_000L) {
                    // No proof: the time the first MILP left goes to the restricted MILP again, over more columns now.
                    Restricted milp = restrictedMilp(p, m, best.trees, budgetRow, budget, lambda, deadline);
                    if (milp != null) best.offer(milp.trees);
                }
                phases.put("milp-enumerated", (System.nanoTime() - tEnum) / 1e9);
            }

            Map<String, Double> bounds = new LinkedHashMap<>();
            bounds.put("cut", cutBound);
            if (lagr.value > Double.NEGATIVE_INFINITY) bounds.put(lpOptimal ? "colgen-lp" : "lagrangian", rounded);
            String boundKind = lpOptimal ? "colgen-lp" : "lagrangian";
            double lb = Math.max(bounds.get("cut"), bounds.getOrDefault(boundKind, Double.NEGATIVE_INFINITY));
            if (proven) {
                // The enumeration closed the gap: the optimum is the proven bound.
                bounds.put("enumeration", best.value);
                boundKind = "enumeration";
                lb = best.value;
            }
            SolveStatus status = best.value <= lb + 1e-9 * Math.max(1, lb) ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE;
            TreeDesign d = p.toDesign(JointMilpDesigner.NAME, best.trees, status);
            return new JointDesign(d, t, status, options.delaySlack(), lambda, p.shortestDelaySum(), bounds,
                    System.nanoTime() - t0, new JointDesign.SolveLog("colgen", m.count, iterations,
                    bounds.get("cut") > bounds.getOrDefault(boundKind, Double.NEGATIVE_INFINITY) ? "cut" : boundKind, phases));
        } finally {
            lp.delete();
        }
    }

    /** Largest {@link #exactWork} for which every {@link #EXACT_EVERY}-th aggregate round prices exactly. */
    private static final double PERIODIC_EXACT_WORK = 5e8;

    /** Σ over roots the aggregate dynamic program prices exactly of 3^k·N, its work per pass (0 for unicast). */
    private static double exactWork(JointProblem p, TreePricer pr) {
        double w = 0;
        for (int r = 0; r < p.size(); r++) {
            if (p.targetCount(r) > 0 && p.targetCount(r) <= 30 && pr.exactFor(r) && pr.transport() == Transport.AGGREGATE) {
                w += Math.pow(3, p.targetCount(r)) * p.size();
            }
        }
        return w;
    }

    /** Share of the time left that the first restricted MILP gets when the enumeration can follow it. */
    private static final double FIRST_MILP_SHARE = 0.3;
    /** Largest N·2|E| on which the enumeration is tried. */
    private static final long ENUMERATION_SIZE = 2_000_000;
    /** Most trees enumerated per root before giving up the proof. */
    private static final int ENUMERATION_CAP = 400;

    private static boolean enumerable(JointProblem p, long slack, Transport t) {
        Network g = p.network();
        if ((long) g.nodeCount() * 2 * g.edgeCount() > ENUMERATION_SIZE) return false;
        TreePricer pr = new TreePricer(p, t, slack, true);
        for (int r = 0; r < p.size(); r++) if (p.targetCount(r) > 0 && !pr.exactFor(r)) return false;
        return true;
    }

    /** A node of the Lawler partition: the arcs a tree may not use, and the cheapest tree that obeys that. */
    private record Sub(boolean[] forbidden, TreePricer.Priced priced, long order) {}

    /**
     * Adds every tree of root r whose price is within {@code delta} of the minimum, cheapest first, by Lawler's
     * partition on the tree's arcs (the i-th child forbids arc i and keeps arcs 1..i−1 as the only way into
     * their heads). Returns false if the cap or the deadline stopped it before the threshold.
     */
    private static boolean enumerate(MPSolver lp, Master m, TreePricer pr, int r, double[] pi, double phi, double min, double delta,
                                     double lambda, long deadline) {
        java.util.PriorityQueue<Sub> q = new java.util.PriorityQueue<>((a, b) -> {
            int c = Double.compare(a.priced().price(), b.priced().price());
            return c != 0 ? c : Long.compare(a.order(), b.order());
        });
        boolean[] none = new boolean[2 * m.load.length];
        TreePricer.Priced first = pr.priceWithout(r, pi, phi, none);
        long order = 0;
        q.add(new Sub(none, first, order++));
        int taken = 0;
        double tol = 1e-9 * Math.max(1, Math.abs(min) + Math.abs(delta));
        while (!q.isEmpty()) {
            Sub s = q.poll();
            if (s.priced().price() - min > delta + tol) return true;
            if (++taken > ENUMERATION_CAP || System.nanoTime() > deadline) return false;
            if (!s.priced().exact()) return false;
            TreeColumn col = s.priced().column();
            addColumn(lp, m, col, lambda);
            boolean[] kept = s.forbidden().clone();
            for (int i = 0; i < col.size(); i++) {
                int a = col.arc(pr.network(), i);
                boolean[] child = kept.clone();
                child[a] = true;
                TreePricer.Priced x = pr.priceWithout(r, pi, phi, child);
                if (x != null) q.add(new Sub(child, x, order++));
                // Later children keep arc a: every other arc into its head is forbidden.
                pr.forbidOtherArcsInto(kept, a);
            }
        }
        return true;
    }

    /**
     * The Lagrangian (Farley) bound at given prices, with exact pricing: Σ_n min_T (Σ_e π_e·load_e(T) + (λ+μ)·τ̃(T))
     * − μ·(D* + S), a lower bound on C_max + λ·Σ τ̃ of every design within the budget whenever π ≥ 0, Σ κ_e π_e ≤ 1
     * and μ ≥ 0 (docs/algorithms.md). μ is ignored when the slack is 0 or infinite (no budget row).
     *
     * @param p      the problem
     * @param t      the transport
     * @param slack  the delay slack in steps
     * @param pi     per-edge prices
     * @param mu     the delay-budget price
     * @param lambda λ
     * @return the bound
     */
    static double lagrangianBound(JointProblem p, Transport t, long slack, double[] pi, double mu, double lambda) {
        boolean budgetRow = slack > 0 && slack != Long.MAX_VALUE;
        double m = budgetRow ? mu : 0;
        TreePricer pr = new TreePricer(p, t, slack, true);
        double s = budgetRow ? -m * (p.shortestDelaySum() + (double) slack) : 0;
        for (int r = 0; r < p.size(); r++) if (p.targetCount(r) > 0) s += pr.price(r, pi, lambda + m, true).lowerBound();
        return s;
    }

    /** Above this many nodes the LP phase is Frank–Wolfe ({@link #frankWolfe}) instead of the master LP (tests lower it). */
    static volatile int fwNodes = 1500;
    /** Frank–Wolfe's smoothing: log-sum-exp within this fraction of C_max of the maximum. */
    private static final double FW_ACCURACY = 0.02;
    /** Largest network on which Frank–Wolfe's rounds price aggregate roots exactly (every {@link #EXACT_EVERY}-th). */
    private static final int FW_EXACT_NODES = 3000;

    /** Most columns a root keeps from the Frank–Wolfe phase. */
    private static final int FW_COLUMNS_PER_ROOT = 24;
    /**
     * Above this many columns, or on networks that take the Frank–Wolfe phase, the restricted master is not solved as
     * a MILP (local search only): on a 10,000-node grid SCIP's presolve alone took 8 GB and overran its time limit.
     */
    private static final int MILP_MAX_COLUMNS = 50_000;

    /** The best Lagrangian bound seen and the prices (π, μ) that gave it. */
    private static final class BestBound {
        double value = Double.NEGATIVE_INFINITY;
        double[] pi;
        double mu;

        void offer(double bound, double[] atPi, double atMu) {
            if (bound > value) {
                value = bound;
                pi = atPi.clone();
                mu = atMu;
            }
        }
    }

    /**
     * Frank–Wolfe on Φ(t) = (1/a)·log Σ_e exp(a·t_e), t_e the link times of fractional trees: each round prices every
     * root at π = ∇Φ (π_e = softmax_e/κ_e, so Σ κ_e π_e = 1) and μ = 0, moves the fractional trees towards the priced ones
     * (step 2/(k+3)), adds the priced trees as columns (at most 24 per root), and keeps the best Lagrangian bound. No LP solver: each round costs one pricing pass (Jansen–Zhang style block solver).
     */
    private int frankWolfe(JointProblem p, Master m, ThreadLocal<TreePricer> pricers, TreeColumn[] start,
                           double lambda, boolean budgetRow, double budget, long deadline, BestBound lagr) {
        Network g = p.network();
        int edges = g.edgeCount();
        double[] t = new double[edges], ts = new double[edges], pi = new double[edges];
        double delay = 0;
        for (TreeColumn c : start) {
            if (c == null) continue;
            apply(t, c, g, +1);
            delay += c.delay();
        }
        // μ stays 0: L(π, 0) is valid for every budget (it is the bound without one), and a subgradient step on μ
        // oscillated (a 1,000-node test: bound 8 against 20 from the LP phase).
        double mu = 0;
        int k = 0;
        while (System.nanoTime() < deadline) {
            double cmax = Arrays.stream(t).max().orElse(0);
            double a = Math.log(Math.max(2, edges)) / (FW_ACCURACY * Math.max(cmax, 1e-9));
            double z = 0;
            for (int e = 0; e < edges; e++) {
                pi[e] = Math.exp(a * (t[e] - cmax));
                z += pi[e];
            }
            for (int e = 0; e < edges; e++) pi[e] /= z * g.capacity(e);
            boolean exact = options.transport() == Transport.AGGREGATE && g.nodeCount() <= FW_EXACT_NODES && k % EXACT_EVERY == 0
                    && exactWork(p, pricers.get()) <= PERIODIC_EXACT_WORK;
            TreePricer.Priced[] priced = priceAll(p, pricers, pi, lambda + mu, exact, deadline);
            if (priced == null) break;
            lagr.offer(lagrangian(priced, mu, budgetRow, budget), pi, mu);
            Arrays.fill(ts, 0);
            double ds = 0;
            for (TreePricer.Priced x : priced) {
                if (x == null) continue;
                apply(ts, x.column(), g, +1);
                ds += x.column().delay();
                // Columns for the integer phase, a bounded number per root (hundreds of rounds would otherwise fill memory).
                if (m.columns.get(x.column().root()).size() < FW_COLUMNS_PER_ROOT) addColumn(null, m, x.column(), lambda);
            }
            double gamma = 2.0 / (k + 3);
            for (int e = 0; e < edges; e++) t[e] = (1 - gamma) * t[e] + gamma * ts[e];
            delay = (1 - gamma) * delay + gamma * ds;
            k++;
        }
        return k;
    }

    /** Scales π down so that Σ κ_e π_e ≤ 1 (the LP's own duals satisfy it up to rounding). */
    private static void normalise(double[] pi, Network g) {
        double s = 0;
        for (int e = 0; e < pi.length; e++) s += g.capacity(e) * pi[e];
        if (s > 1) for (int e = 0; e < pi.length; e++) pi[e] /= s;
    }

    /** {@link LoadBounds#gridStep} when λ = 0 (the objective is C_max); 0 otherwise (no grid). */
    static long cmaxStep(Network g, double lambda) {
        return lambda != 0 ? 0 : LoadBounds.gridStep(g);
    }

    /** {@link LoadBounds#roundUp} when λ = 0; the bound itself otherwise. */
    static double roundUp(double bound, Network g, double lambda) {
        return lambda != 0 ? bound : LoadBounds.roundUp(bound, g);
    }

    private static void buildMaster(MPSolver lp, Master m, JointProblem p, boolean budgetRow, double budget) {
        Network g = p.network();
        int n = g.nodeCount();
        double inf = MPSolver.infinity();
        m.c = lp.makeNumVar(0, inf, "C");
        lp.objective().setCoefficient(m.c, 1);
        lp.objective().setMinimization();
        // ---- (DW-1) one tree per root: Σ_T x_{n,T} = 1
        m.convexity = new MPConstraint[n];
        for (int r = 0; r < n; r++) {
            m.columns.add(new ArrayList<>());
            m.seen.add(new HashSet<>());
            m.vars.add(new ArrayList<>());
            m.varColumns.add(new ArrayList<>());
            if (p.targetCount(r) > 0) m.convexity[r] = lp.makeConstraint(1, 1, "DW-1[n=" + g.id(r) + "]");
        }
        // ---- (DW-2) κ_e C − Σ_n Σ_T load_e(T) x_{n,T} ≥ 0
        m.load = new MPConstraint[g.edgeCount()];
        for (int e = 0; e < g.edgeCount(); e++) {
            m.load[e] = lp.makeConstraint(0, inf, "DW-2[e=" + g.id(g.edgeU(e)) + "-" + g.id(g.edgeV(e)) + "]");
            m.load[e].setCoefficient(m.c, g.capacity(e));
        }
        // ---- (DW-3) Σ_n Σ_T τ̃(T) x_{n,T} ≤ D* + S (only when the slack is finite and positive)
        if (budgetRow) m.delay = lp.makeConstraint(-inf, budget, "DW-3");
    }

    /** Adds a new column to the root's list and, unless {@code lp} is null (Frank–Wolfe keeps no LP), to the master LP. */
    private static boolean addColumn(MPSolver lp, Master m, TreeColumn col, double lambda) {
        int r = col.root();
        if (!m.seen.get(r).add(col)) return false;
        if (lp != null) {
            MPVariable x = lp.makeNumVar(0, MPSolver.infinity(), "x[" + r + "," + m.columns.get(r).size() + "]");
            lp.objective().setCoefficient(x, lambda * col.delay());
            m.convexity[r].setCoefficient(x, 1);
            for (int i = 0; i < col.size(); i++) m.load[col.edge(i)].setCoefficient(x, -col.load(i));
            if (m.delay != null) m.delay.setCoefficient(x, col.delay());
            m.vars.get(r).add(x);
            m.varColumns.get(r).add(col);
        }
        m.columns.get(r).add(col);
        m.count++;
        return true;
    }

    /** Records per root the column the master LP just solved gives the largest weight (ties: the earliest). */
    /**
     * One column per root in prices spread over the links at C in the current LP solution: root n sees link e at
     * (1 + h(n, e)), h a fixed hash in [0, 1), scaled so that Σ κ_e π_e = 1, so different roots avoid different tied
     * links. Added whatever their reduced cost, for roots whose targets are every other node.
     */
    private void diversify(JointProblem p, Master m, MPSolver lp, ThreadLocal<TreePricer> pricers, double phi, long deadline) {
        Network g = p.network();
        double[] load = new double[g.edgeCount()];
        for (int r = 0; r < m.vars.size(); r++) {
            List<MPVariable> v = m.vars.get(r);
            for (int j = 0; j < v.size(); j++) {
                double x = v.get(j).solutionValue();
                if (x <= 1e-12) continue;
                TreeColumn col = m.varColumns.get(r).get(j);
                for (int i = 0; i < col.size(); i++) load[col.edge(i)] += x * col.load(i);
            }
        }
        double c = m.c.solutionValue();
        boolean[] tight = new boolean[g.edgeCount()];
        int count = 0;
        for (int e = 0; e < load.length; e++) {
            tight[e] = load[e] / g.capacity(e) >= c * (1 - 1e-7);
            if (tight[e]) count++;
        }
        if (count < 2) return;
        List<TreePricer.Priced> out = InOrder.map(p.size(), r -> {
            // Dense-W roots only: with top-8 W on 1,000 nodes the extra columns slowed GLOP (18 rounds instead of 27 in
            // 300 s, C_max 34 instead of 32), and the chains they are for bind when every tree spans the network.
            if (p.targetCount(r) != p.size() - 1 || System.nanoTime() > deadline) return null;
            double[] spread = new double[tight.length];
            double norm = 0;
            for (int e = 0; e < spread.length; e++) {
                if (!tight[e]) continue;
                long h = (r + 1) * 0x9E3779B97F4A7C15L ^ (e + 1) * 0xC2B2AE3D27D4EB4FL;
                h ^= h >>> 31;
                h *= 0xBF58476D1CE4E5B9L;
                h ^= h >>> 29;
                spread[e] = 1 + (h >>> 11) * 0x1.0p-53;
                norm += g.capacity(e) * spread[e];
            }
            for (int e = 0; e < spread.length; e++) spread[e] /= norm;
            return pricers.get().price(r, spread, phi, false);
        }, threads, "ddam-price");
        for (TreePricer.Priced x : out) if (x != null) addColumn(lp, m, x.column(), 0);
    }

    private static void pickLargest(Master m) {
        int n = m.columns.size();
        if (m.lpPick == null) m.lpPick = new TreeColumn[n];
        for (int r = 0; r < n; r++) {
            List<MPVariable> v = m.vars.get(r);
            double top = -1;
            for (int j = 0; j < v.size(); j++) {
                double x = v.get(j).solutionValue();
                if (x > top + 1e-12) {
                    top = x;
                    m.lpPick[r] = m.varColumns.get(r).get(j);
                }
            }
        }
    }

    /** Adds every priced tree whose reduced cost at the LP duals is negative; returns how many. */
    private static int addNegative(MPSolver lp, Master m, TreePricer.Priced[] priced, double[] pi, double mu, double[] alpha, double lambda) {
        int added = 0;
        for (int r = 0; r < priced.length; r++) {
            if (priced[r] == null) continue;
            TreeColumn col = priced[r].column();
            double rc = col.price(pi, lambda + mu) - alpha[r];
            if (rc < -RC_TOL * Math.max(1, Math.abs(alpha[r])) && addColumn(lp, m, col, lambda)) added++;
        }
        return added;
    }

    /** Σ_n (lower bound of n's pricing) − μ·(D*+S): the Lagrangian bound at the prices the trees were priced at. */
    private static double lagrangian(TreePricer.Priced[] priced, double mu, boolean budgetRow, double budget) {
        double s = 0;
        for (TreePricer.Priced x : priced) if (x != null) s += x.lowerBound();
        return budgetRow ? s - mu * budget : s;
    }

    /** Prices every root with targets on the threads, in root order; null if the deadline passed first. */
    private TreePricer.Priced[] priceAll(JointProblem p, ThreadLocal<TreePricer> pricers, double[] pi, double phi, boolean exact,
                                         long deadline) {
        int n = p.size();
        List<TreePricer.Priced> out = InOrder.map(n, r -> {
            if (p.targetCount(r) == 0 || System.nanoTime() > deadline) return null;
            return pricers.get().price(r, pi, phi, exact);
        }, threads, "ddam-price");
        TreePricer.Priced[] a = new TreePricer.Priced[n];
        for (int r = 0; r < n; r++) {
            a[r] = out.get(r);
            if (a[r] == null && p.targetCount(r) > 0) return null;
        }
        return a;
    }

    /** The best trees seen by C_max + λ·Σ τ̃ within the budget (ties: lower delay), as columns. */
    private static final class Incumbent {
        final JointProblem p;
        final double lambda, budget;
        final double[] time;
        TreeColumn[] trees;
        double value = Double.POSITIVE_INFINITY;
        long delay = Long.MAX_VALUE;

        Incumbent(JointProblem p, double lambda, double budget) {
            this.p = p;
            this.lambda = lambda;
            this.budget = budget;
            this.time = new double[p.network().edgeCount()];
        }

        void offer(TreeColumn[] candidate) {
            if (candidate == null) return;
            Network g = p.network();
            Arrays.fill(time, 0);
            long dl = 0;
            for (TreeColumn c : candidate) {
                if (c == null) continue;
                dl += c.delay();
                apply(time, c, g, +1);
            }
            if (dl > budget) return;
            double cmax = 0;
            for (double x : time) cmax = Math.max(cmax, x);
            double v = cmax + lambda * dl;
            if (v < value - 1e-9 || (Math.abs(v - value) <= 1e-9 && dl < delay)) {
                value = v;
                delay = dl;
                trees = candidate.clone();
            }
        }
    }

    /** Per root its shortest-path tree (as {@link JointProblem#shortestPathParents()}) as a column, one root at a time. */
    static TreeColumn[] shortestPathColumns(JointProblem p, Transport t) {
        Network g = p.network();
        int n = g.nodeCount();
        io.ddam.solver.tree.ShortestPathTreeDesigner spt = new io.ddam.solver.tree.ShortestPathTreeDesigner();
        int[] parent = new int[n];
        int[] scratch = new int[g.edgeCount()];
        TreeColumn[] out = new TreeColumn[n];
        for (int r = 0; r < n; r++) {
            if (p.targetCount(r) == 0) continue;
            io.ddam.solver.tree.RoutingTree tree = spt.design(g, r, p.interest().interestSet(r)).tree();
            for (int v : tree.nodes()) parent[v] = tree.parentEdge(v);
            out[r] = TreeColumn.of(p, r, parent, t, scratch);
        }
        return out;
    }

    /**
     * Local search over the generated trees: each root in turn takes the column that minimises the p-norm of
     * the link times plus λ·delay (p = 16, then 64), keeping the delay budget; the best trees by exact
     * C_max + λ·Σ τ̃ are returned.
     */
    private static TreeColumn[] columnSwap(JointProblem p, Master m, TreeColumn[] start, double lambda, double budget, long deadline) {
        Network g = p.network();
        int n = g.nodeCount();
        TreeColumn[] chosen = start.clone();
        double[] time = new double[g.edgeCount()];
        long delay = 0;
        for (int r = 0; r < n; r++) {
            if (chosen[r] == null) continue;
            delay += chosen[r].delay();
            for (int i = 0; i < chosen[r].size(); i++) time[chosen[r].edge(i)] += chosen[r].load(i) / g.capacity(chosen[r].edge(i));
        }
        double cmax = 0;
        for (double x : time) cmax = Math.max(cmax, x);
        double scale = Math.max(cmax, 1e-9);
        for (int pw : new int[] {16, 64}) {
            for (int round = 0; round < 20; round++) {
                boolean moved = false;
                for (int r = 0; r < n && System.nanoTime() < deadline; r++) {
                    if (chosen[r] == null || m.columns.get(r).size() < 2) continue;
                    TreeColumn cur = chosen[r];
                    apply(time, cur, g, -1);
                    long base = delay - cur.delay();
                    TreeColumn bestCol = cur;
                    double bestVal = Double.POSITIVE_INFINITY, bestExcess = Double.POSITIVE_INFINITY;
                    for (TreeColumn c : m.columns.get(r)) {
                        // A start over the budget (a rounded LP) is repaired first: least excess, then the objective.
                        double excess = Math.max(0, base + c.delay() - budget);
                        if (excess > bestExcess) continue;
                        // Scaled so that a change dt on a link at the top load counts about dt, comparable with λ·delay.
                        double v = scale * normDelta(time, c, g, pw, scale) / pw + lambda * c.delay();
                        if (excess < bestExcess || v < bestVal - 1e-12 || (v <= bestVal + 1e-12 && c == cur)) {
                            bestExcess = excess;
                            bestVal = v;
                            bestCol = c;
                        }
                    }
                    if (bestCol != cur) moved = true;
                    chosen[r] = bestCol;
                    delay = base + bestCol.delay();
                    apply(time, bestCol, g, +1);
                }
                if (!moved) break;
            }
        }
        return chosen;
    }

    /**
     * Rip-up and re-route on the busiest links (λ = 0): while some root's tree crosses a link at C_max, it is taken off
     * and re-routed on the least-delay tree (the pricer's, light congestion weights breaking ties) that avoids every
     * link where its load would reach C_max, if the delay budget allows. When no link is left at C_max, C_max has
     * dropped and the next level starts; it ends when a round moves no root or at the deadline. Returns the trees at
     * the lowest C_max reached (the start if nothing moved).
     */
    static TreeColumn[] criticalReroute(JointProblem p, TreeColumn[] start, double budget, TreePricer pr, long deadline) {
        Network g = p.network();
        int n = g.nodeCount(), edges = g.edgeCount();
        TreeColumn[] chosen = start.clone();
        double[] time = new double[edges];
        long delay = 0;
        for (TreeColumn c : chosen) {
            if (c == null) continue;
            apply(time, c, g, +1);
            delay += c.delay();
        }
        long dmin = Long.MAX_VALUE;
        for (int e = 0; e < edges; e++) if (g.delay(e) > 0) dmin = Math.min(dmin, g.delay(e));
        double unit = dmin == Long.MAX_VALUE ? 1 : dmin;
        double[] pi = new double[edges];
        boolean[] forbidden = new boolean[2 * edges];
        double tol = 1e-9;
        TreeColumn[] best = chosen.clone();
        double bestMax = Arrays.stream(time).max().orElse(0);
        while (System.nanoTime() < deadline) {
            double cmax = Arrays.stream(time).max().orElse(0);
            if (cmax <= 0) break;
            boolean moved = false;
            for (int r = 0; r < n && System.nanoTime() < deadline; r++) {
                TreeColumn cur = chosen[r];
                if (cur == null || !crosses(cur, time, cmax - tol)) continue;
                apply(time, cur, g, -1);
                long base = delay - cur.delay();
                for (int e = 0; e < edges; e++) {
                    // Even the least load this root can put on e (one message) would bring e to C_max: not allowed.
                    boolean full = time[e] + 2 / g.capacity(e) >= cmax - tol;
                    forbidden[2 * e] = full;
                    forbidden[2 * e + 1] = full;
                    double rel = time[e] / cmax;
                    pi[e] = 0.2 * unit * rel * rel * rel * rel;
                }
                TreePricer.Priced x = pr.priceAvoiding(r, pi, 1, forbidden);
                TreeColumn next = x == null ? null : x.column();
                if (next != null && base + next.delay() <= budget && below(next, time, g, cmax - tol)) {
                    chosen[r] = next;
                    delay = base + next.delay();
                    apply(time, next, g, +1);
                    moved = true;
                } else {
                    apply(time, cur, g, +1);
                }
            }
            double now = Arrays.stream(time).max().orElse(0);
            if (now < bestMax - tol) {
                bestMax = now;
                best = chosen.clone();
            }
            if (!moved) break;
        }
        return best;
    }

    /** Whether column c uses a link whose time is at least {@code level}. */
    private static boolean crosses(TreeColumn c, double[] time, double level) {
        for (int i = 0; i < c.size(); i++) if (time[c.edge(i)] >= level) return true;
        return false;
    }

    /** Whether adding column c keeps every link it uses strictly below {@code level}. */
    private static boolean below(TreeColumn c, double[] time, Network g, double level) {
        for (int i = 0; i < c.size(); i++) if (time[c.edge(i)] + c.load(i) / g.capacity(c.edge(i)) >= level) return false;
        return true;
    }

    private static void apply(double[] time, TreeColumn c, Network g, int sign) {
        for (int i = 0; i < c.size(); i++) time[c.edge(i)] += sign * c.load(i) / g.capacity(c.edge(i));
    }

    /** Increase of Σ_e (t_e/scale)^p when the column's loads are added. */
    private static double normDelta(double[] time, TreeColumn c, Network g, int pw, double scale) {
        double s = 0;
        for (int i = 0; i < c.size(); i++) {
            int e = c.edge(i);
            double before = time[e] / scale, after = (time[e] + c.load(i) / g.capacity(e)) / scale;
            s += Math.pow(after, pw) - Math.pow(before, pw);
        }
        return s;
    }

    /** Share of the time left after the local searches that diving may take. */
    private static final double DIVE_SHARE = 0.5;
    /** Pricing rounds after each fixing step of a dive (a few: the dive is a heuristic, not a bound). */
    private static final int DIVE_PRICING_ROUNDS = 3;
    /** The dive stops with this many roots free, for a MILP over their columns. */
    private static final int DIVE_MILP_ROOTS = 5;
    /** Times a dive branches the other way (forbids the trees of a fixing step that cost a grid step) before it ends. */
    private static final int DIVE_BACKTRACKS = 8;
    /** Dives tried while none finds a better design. */
    private static final int DIVES = 2;
    /** MILPs tried at the end of a dive, each from an earlier fixing with about twice the free roots. */
    private static final int DIVE_MILP_TRIES = 3;
    /** Share of the free roots fixed per dive step, beyond those whose LP tree is already integral. */
    private static final double DIVE_FIX_SHARE = 0.05;

    /**
     * Diving with column generation, a primal heuristic from the master LP's optimum (docs/algorithms.md, "Integer
     * trees"): fix every root whose LP tree has weight 1, and a share of the others ({@code fixShare} of the free roots,
     * the largest weights, at least one), to that tree; price the free roots at the new duals for up to
     * {@link #DIVE_PRICING_ROUNDS} rounds; repeat until at most {@link #DIVE_MILP_ROOTS} roots are free. When a fixing
     * step lifts the restricted LP to where it can no longer beat the incumbent, the roots it fixed at fractional weights
     * are freed again without those trees (up to {@link #DIVE_BACKTRACKS} times); after that the dive ends before that
     * step. The master's bounds are restored before it returns, so the LP stays the column-generation master.
     *
     * @return the fixings in the order they were made, each a tree per root (null for the free ones), the first with
     *         nothing fixed; empty when the first LP could not beat the incumbent
     */
    private List<TreeColumn[]> dive(JointProblem p, Master m, MPSolver lp, ThreadLocal<TreePricer> pricers, double lambda,
                                    double incumbent, double fixShare, long deadline) {
        Network g = p.network();
        int n = g.nodeCount();
        long step = cmaxStep(g, lambda);
        TreeColumn[] chosen = new TreeColumn[n];
        List<TreeColumn[]> fixings = new ArrayList<>();
        int free = 0;
        for (int r = 0; r < n; r++) if (p.targetCount(r) > 0) free++;
        double[] pi = new double[g.edgeCount()];
        double[] alpha = new double[n];
        List<int[]> lastFractional = new ArrayList<>();   // (root, column) fixed at a fractional weight in the last step
        Set<Long> forbidden = new HashSet<>();            // (root << 32 | column) branched away from
        int backtracks = 0;
        try {
            while (free > DIVE_MILP_ROOTS) {
                if (System.nanoTime() > deadline) return fixings;
                MPSolver.ResultStatus rs = MPSolver.ResultStatus.NOT_SOLVED;
                for (int round = 0; round <= DIVE_PRICING_ROUNDS; round++) {
                    if (deadline != Long.MAX_VALUE) lp.setTimeLimit(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    rs = OrTools.solveWithin(lp, null, deadline);
                    if (rs != MPSolver.ResultStatus.OPTIMAL || round == DIVE_PRICING_ROUNDS || System.nanoTime() > deadline) break;
                    for (int e = 0; e < pi.length; e++) pi[e] = Math.max(0, m.load[e].dualValue());
                    for (int r = 0; r < n; r++) alpha[r] = m.convexity[r] == null ? 0 : m.convexity[r].dualValue();
                    double mu = m.delay != null ? Math.max(0, -m.delay.dualValue()) : 0;
                    double[] prices = pi.clone();
                    normalise(prices, g);
                    List<TreePricer.Priced> out = InOrder.map(n, r -> p.targetCount(r) == 0 || chosen[r] != null
                            || System.nanoTime() > deadline ? null : pricers.get().price(r, prices, lambda + mu, false), threads, "ddam-price");
                    int added = 0;
                    for (int r = 0; r < n; r++) {
                        TreePricer.Priced x = out.get(r);
                        if (x == null) continue;
                        double rc = x.column().price(pi, lambda + mu) - alpha[r];
                        if (rc < -RC_TOL * Math.max(1, Math.abs(alpha[r])) && addColumn(lp, m, x.column(), lambda)) added++;
                    }
                    if (added == 0) break;
                }
                if (rs != MPSolver.ResultStatus.OPTIMAL) return fixings;   // e.g. the budget row no longer holds
                double value = lp.objective().value();
                double ceiling = step > 0 ? Math.ceil(value / step - 1e-9) * step : value;
                if (TRACE) System.err.printf("joint dive: %d roots free, LP %.4f%n", free, value);
                if (ceiling >= incumbent - 1e-9) {
                    // The last fixing step cost the LP a grid step. Branch the other way a few times: free the roots it
                    // fixed at fractional weights again, without the trees they were fixed to, and dive on.
                    if (backtracks >= DIVE_BACKTRACKS || lastFractional.isEmpty()) return fixings;   // they end before it
                    backtracks++;
                    for (int[] rj : lastFractional) {
                        int r = rj[0];
                        forbidden.add(((long) r << 32) | rj[1]);
                        List<MPVariable> v = m.vars.get(r);
                        for (int j = 0; j < v.size(); j++) v.get(j).setUb(forbidden.contains(((long) r << 32) | j) ? 0 : MPSolver.infinity());
                        chosen[r] = null;
                        free++;
                    }
                    lastFractional.clear();
                    fixings.remove(fixings.size() - 1);   // the next step records this state again
                    continue;
                }
                // The free roots by their heaviest LP tree: fix the integral ones, and the heaviest few of the rest.
                int[] order = new int[free];
                double[] top = new double[n];
                int[] topIndex = new int[n];
                int k = 0;
                for (int r = 0; r < n; r++) {
                    if (p.targetCount(r) == 0 || chosen[r] != null) continue;
                    List<MPVariable> v = m.vars.get(r);
                    top[r] = -1;
                    for (int j = 0; j < v.size(); j++) {
                        double x = v.get(j).solutionValue();
                        if (x > top[r] + 1e-12) {
                            top[r] = x;
                            topIndex[r] = j;
                        }
                    }
                    order[k++] = r;
                }
                Integer[] sorted = new Integer[k];
                for (int i = 0; i < k; i++) sorted[i] = order[i];
                Arrays.sort(sorted, (a, b) -> top[a] != top[b] ? Double.compare(top[b], top[a]) : Integer.compare(a, b));
                int extra = Math.max(1, (int) Math.ceil(fixShare * k));
                fixings.add(chosen.clone());
                lastFractional.clear();
                for (int i = 0; i < k; i++) {
                    int r = sorted[i];
                    if (top[r] < 1 - 1e-6 && extra-- <= 0) break;
                    if (top[r] < 1 - 1e-6) lastFractional.add(new int[] {r, topIndex[r]});
                    List<MPVariable> v = m.vars.get(r);
                    for (int j = 0; j < v.size(); j++) if (j != topIndex[r]) v.get(j).setUb(0);
                    chosen[r] = m.varColumns.get(r).get(topIndex[r]);
                    free--;
                }
            }
            fixings.add(chosen.clone());
            return fixings;
        } finally {
            for (List<MPVariable> v : m.vars) for (MPVariable x : v) x.setUb(MPSolver.infinity());
        }
    }

    private static int freeRoots(TreeColumn[] fixed) {
        int c = 0;
        for (TreeColumn x : fixed) if (x == null) c++;
        return c;
    }

    /** The restricted master with binary x over the generated trees (DW-1 … DW-3), solved by SCIP from the incumbent. */
    /** The restricted master's answer and whether SCIP proved it optimal over the generated trees. */
    private record Restricted(TreeColumn[] trees, boolean optimal) {}

    private Restricted restrictedMilp(JointProblem p, Master m, TreeColumn[] incumbent, boolean budgetRow, double budget, double lambda, long deadline) {
        return restrictedMilp(p, m, incumbent, null, budgetRow, budget, lambda, deadline);
    }

    /** The same with some roots fixed to one tree each ({@code fixed[r]} non-null): their only column is that tree. */
    private Restricted restrictedMilp(JointProblem p, Master m, TreeColumn[] incumbent, TreeColumn[] fixed, boolean budgetRow, double budget,
                                      double lambda, long deadline) {
        Network g = p.network();
        int n = g.nodeCount();
        long tBuild = System.nanoTime();
        MPSolver s = OrTools.createSolver(OrTools.Backend.SCIP, 1);
        try {
            double inf = MPSolver.infinity();
            // With λ = 0 C_max lives on a grid (even integers for κ ≡ 1): C = step·z with z integer lets SCIP prune every node whose
            // LP bound rounds up to the incumbent (28 s → well under a second on 8-node instances with 500 trees).
            long step = cmaxStep(g, lambda);
            MPVariable c = step > 0 ? s.makeIntVar(0, inf, "z") : s.makeNumVar(0, inf, "C");
            double scale = step > 0 ? step : 1;
            s.objective().setCoefficient(c, scale);
            s.objective().setMinimization();
            MPConstraint[] load = new MPConstraint[g.edgeCount()];
            for (int e = 0; e < g.edgeCount(); e++) {
                load[e] = s.makeConstraint(0, inf, "DW-2[" + e + "]");
                load[e].setCoefficient(c, scale * g.capacity(e));
            }
            MPConstraint delay = budgetRow ? s.makeConstraint(-inf, budget, "DW-3") : null;
            List<MPVariable> hintVars = new ArrayList<>();
            List<Double> hintVals = new ArrayList<>();
            List<List<MPVariable>> xs = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                List<MPVariable> row = new ArrayList<>();
                xs.add(row);
                if (p.targetCount(r) == 0) continue;
                MPConstraint conv = s.makeConstraint(1, 1, "DW-1[" + r + "]");
                TreeColumn inc = incumbent[r];
                List<TreeColumn> cols = fixed != null && fixed[r] != null ? List.of(fixed[r]) : m.columns.get(r);
                boolean hinted = false;
                for (int j = 0; j < cols.size(); j++) {
                    TreeColumn col = cols.get(j);
                    MPVariable x = s.makeBoolVar("x[" + r + "," + j + "]");
                    row.add(x);
                    s.objective().setCoefficient(x, lambda * col.delay());
                    conv.setCoefficient(x, 1);
                    for (int i = 0; i < col.size(); i++) load[col.edge(i)].setCoefficient(x, -col.load(i));
                    if (delay != null) delay.setCoefficient(x, col.delay());
                    boolean on = !hinted && col.equals(inc);
                    hinted |= on;
                    hintVars.add(x);
                    hintVals.add(on ? 1.0 : 0.0);
                }
            }
            s.setHint(hintVars.toArray(new MPVariable[0]), hintVals.stream().mapToDouble(Double::doubleValue).toArray());
            // SCIP's clock starts after MPSolver has copied the model into it, which costs about what building it here
            // did (300 nodes, 5,700 trees: the phase ended 8 s after its limit; freeing the model took 5 ms). So the
            // limit leaves twice the build time, and no solve starts without a second for SCIP.
            long buildMs = (System.nanoTime() - tBuild) / 1_000_000;
            long ms = deadline == Long.MAX_VALUE ? 0 : (deadline - System.nanoTime()) / 1_000_000 - 100 - 2 * buildMs;
            if (deadline != Long.MAX_VALUE && ms < 1000) return null;
            if (ms > 0) s.setTimeLimit(ms);
            long tSolve = System.nanoTime();
            // The watchdog stops SCIP where its clock overran on a loaded machine (400 nodes, 4,000 trees: 3.4 s past a 60 s
            // limit), early by the build time, which freeing the model costs again.
            long stopAt = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - buildMs * 1_000_000L;
            MPSolver.ResultStatus rs = OrTools.solveWithin(s, OrTools.exactGap(OrTools.Backend.SCIP), stopAt);   // OPTIMAL proves the enumeration
            if (TRACE) System.err.printf("joint MILP over %d columns: built in %.1f s, %s after %.1f s, %.1f s past the deadline%n", m.count,
                    buildMs / 1e3, rs, (System.nanoTime() - tSolve) / 1e9, deadline == Long.MAX_VALUE ? 0 : (System.nanoTime() - deadline) / 1e9);
            if (rs != MPSolver.ResultStatus.OPTIMAL && rs != MPSolver.ResultStatus.FEASIBLE) return null;
            TreeColumn[] trees = new TreeColumn[n];
            for (int r = 0; r < n; r++) {
                List<MPVariable> row = xs.get(r);
                for (int j = 0; j < row.size(); j++) {
                    if (row.get(j).solutionValue() > 0.5) {
                        trees[r] = fixed != null && fixed[r] != null ? fixed[r] : m.columns.get(r).get(j);
                        break;
                    }
                }
                if (p.targetCount(r) > 0 && trees[r] == null) return null;
            }
            return new Restricted(trees, rs == MPSolver.ResultStatus.OPTIMAL);
        } finally {
            s.delete();
        }
    }
}
