package io.ddam.experiments.figures;

import io.ddam.solver.DdamInputException;

/**
 * One point of a figure's sweep: the x value plotted and the parameters of the runs made there.
 *
 * @param x       the value on the figure's x axis (T, ρ or y0)
 * @param horizon T, the iterations OGD and C-DOGD run (DDAM-TOGD: after the fair-time rule)
 * @param rho     ρ of eq. (41) (synthetic data only; ignored for traffic)
 * @param y0      Dirichlet concentration of the other agents, eq. (42)
 * @param y1      Dirichlet concentration of the agent itself, eq. (42)
 */
public record Point(double x, int horizon, double rho, double y0, double y1) {
    /**
     * Checks the parameters.
     *
     * @param x       the x value
     * @param horizon T ≥ 1
     * @param rho     ρ ∈ [0, 1]
     * @param y0      y0 ≥ 0
     * @param y1      y1 ≥ y0, y1 &gt; 0
     */
    public Point {
        if (horizon < 1) throw new DdamInputException("a sweep point needs T >= 1, not " + horizon);
        if (!(rho >= 0 && rho <= 1)) throw new DdamInputException("rho must be in [0, 1], not " + rho);
        if (!(y0 >= 0) || !(y1 >= y0) || !(y1 > 0)) throw new DdamInputException("need 0 <= y0 <= y1 and y1 > 0, not y0=" + y0 + ", y1=" + y1);
    }
}
