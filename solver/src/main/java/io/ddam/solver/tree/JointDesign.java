package io.ddam.solver.tree;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link JointTreeDesigner} returns: the N trees (as a {@link TreeDesign}), the transport whose
 * load was optimised, the C_max they reach, the lower bounds on the objective (C_max, or C_max + λ·Σ τ̃
 * for the weighted objective) that were proven (by name:
 * {@code lp} for the LP relaxation, {@code cut} for the cut bounds of {@link LoadBounds}, {@code solver}
 * for the MILP solver's own bound), how the result was obtained and the delay it costs. Immutable.
 *
 * @param design             the trees, one per agent, with their metrics under {@code transport}
 * @param transport          the transport whose link loads were minimised
 * @param status             optimal (C_max proven minimal under the delay budget), feasible, approximate
 *                           (heuristic) or the solver's failure
 * @param delaySlack         ε of the delay budget Σ τ̃ ≤ (1+ε)·(shortest-path optimum); infinite for none
 * @param lambda             λ of the weighted objective C + λ·Σ τ̃; 0 for "minimise C_max"
 * @param shortestDelaySum   Σ_n Σ_{m∈W_n} dist(n, m), the one-way delay optimum of the shortest-path trees
 * @param bounds             proven lower bounds on {@link #objective()} by name (copied, insertion order kept)
 * @param nanos              wall time of the whole design
 * @param log                how the design was solved: method, columns, iterations, time per phase
 */
public record JointDesign(TreeDesign design, Transport transport, SolveStatus status, double delaySlack, double lambda,
                          long shortestDelaySum, Map<String, Double> bounds, long nanos, SolveLog log) {
    /**
     * How a joint design was solved, for the user to see where the time went and how large the search was.
     *
     * @param method       {@code compact} (the joint MILP), {@code colgen} (column generation) or {@code heuristic}
     * @param columns      trees generated (colgen), 0 otherwise
     * @param iterations   pricing rounds (colgen), 0 otherwise
     * @param boundKind    the name of the best lower bound in {@link #bounds()}, or {@code ""}
     * @param phaseSeconds wall seconds per phase, in the order the phases ran (copied)
     */
    public record SolveLog(String method, int columns, int iterations, String boundKind, Map<String, Double> phaseSeconds) {
        /**
         * Copies the phases.
         *
         * @param method       the method's name
         * @param columns      trees generated
         * @param iterations   pricing rounds
         * @param boundKind    the best bound's name
         * @param phaseSeconds wall seconds per phase
         */
        public SolveLog {
            phaseSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(phaseSeconds));
        }

        /**
         * A log naming only the method.
         *
         * @param method the method's name
         * @return a log with no columns, iterations or phases
         */
        public static SolveLog of(String method) { return new SolveLog(method, 0, 0, "", Map.of()); }
    }

    /**
     * A design without a detailed log (the method is named {@code compact} for the MILP designer's status, else {@code heuristic}).
     *
     * @param design           the trees
     * @param transport        the transport whose load was minimised
     * @param status           how the result was obtained
     * @param delaySlack       ε, ≥ 0 or infinite
     * @param lambda           λ ≥ 0
     * @param shortestDelaySum the shortest-path one-way delay sum
     * @param bounds           lower bounds on C_max by name
     * @param nanos            wall time in nanoseconds
     */
    public JointDesign(TreeDesign design, Transport transport, SolveStatus status, double delaySlack, double lambda,
                       long shortestDelaySum, Map<String, Double> bounds, long nanos) {
        this(design, transport, status, delaySlack, lambda, shortestDelaySum, bounds, nanos,
                SolveLog.of(status == SolveStatus.APPROXIMATE ? "heuristic" : "compact"));
    }

    /**
     * Copies the bounds in.
     *
     * @param design           the trees
     * @param transport        the transport whose load was minimised
     * @param status           how the result was obtained
     * @param delaySlack       ε, ≥ 0 or infinite
     * @param lambda           λ ≥ 0
     * @param shortestDelaySum the shortest-path one-way delay sum
     * @param bounds           lower bounds on C_max by name
     * @param nanos            wall time in nanoseconds
     * @param log              method, columns, iterations, phases
     */
    public JointDesign {
        bounds = Collections.unmodifiableMap(new LinkedHashMap<>(bounds));
        java.util.Objects.requireNonNull(log, "log");
    }

    /**
     * The metrics of the trees under the optimised transport.
     *
     * @return delays, loads and C_max
     */
    public TreeMetrics metrics() { return design.metrics().withTransport(transport); }

    /**
     * C_max the trees reach under the optimised transport.
     *
     * @return max_e load_e / κ_e
     */
    public double cMax() { return metrics().cMax(); }

    /**
     * The value the designer minimised: C_max + λ·Σ_n Σ_{m∈W_n} τ̃_{n,m} (just C_max when λ = 0).
     *
     * @return the objective of these trees
     */
    public double objective() { return lambda == 0 ? cMax() : cMax() + lambda * delaySum(); }

    /**
     * The best lower bound on {@link #objective()}: the largest of {@link #bounds()}.
     *
     * @return the bound, or NaN when none is known
     */
    public double bound() {
        double b = Double.NaN;
        for (double x : bounds.values()) if (!Double.isNaN(x) && (Double.isNaN(b) || x > b)) b = x;
        return b;
    }

    /**
     * Relative gap (objective − bound) / objective between the trees and the best lower bound.
     *
     * @return the gap ≥ 0 (0.05 = 5 %); 0 when the objective is 0; NaN when no bound is known
     */
    public double gap() {
        double c = objective(), b = bound();
        if (c == 0) return 0;
        if (Double.isNaN(b)) return Double.NaN;
        return Math.max(0, (c - b) / c);
    }

    /**
     * Σ_n Σ_{m∈W_n} τ̃_{n,m} of the trees (one-way; half of Σ τ_sum).
     *
     * @return the one-way delay sum in time steps
     */
    public long delaySum() { return metrics().totalTauSum() / 2; }
}
