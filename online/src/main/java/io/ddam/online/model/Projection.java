package io.ddam.online.model;

/**
 * The constraint set 𝒳 of method.md §1: the Frobenius ball {‖X‖_F ≤ R} (diameter B = 2R), with
 * projection Π(X) = X·min(1, R/‖X‖_F), or no constraint at all ({@link #NONE}, R = ∞). In place,
 * allocation-free.
 */
public final class Projection {
    /** No projection (allowed for costs bounded below). */
    public static final Projection NONE = new Projection(Double.POSITIVE_INFINITY);

    private final double radius;

    private Projection(double radius) {
        this.radius = radius;
    }

    /**
     * The ball of radius {@code r} (&gt; 0, finite).
     *
     * @param r the radius R in Frobenius norm
     * @return the projection onto {‖X‖_F ≤ R}
     * @throws io.ddam.solver.DdamInputException if {@code r} is not positive and finite
     */
    public static Projection ball(double r) {
        if (!(r > 0) || Double.isInfinite(r)) throw new io.ddam.solver.DdamInputException("projection radius must be positive and finite, not " + r);
        return new Projection(r);
    }

    /**
     * R, the ball's radius.
     *
     * @return R, or +∞ for {@link #NONE}
     */
    public double radius() { return radius; }

    /**
     * B = 2R, the diameter of 𝒳 in assumption (A2) and the theorems' bounds.
     *
     * @return 2R, or +∞ for {@link #NONE}
     */
    public double diameter() { return 2 * radius; }

    /**
     * Whether this is a real constraint.
     *
     * @return false for {@link #NONE}, true for a ball
     */
    public boolean isBounded() { return radius < Double.POSITIVE_INFINITY; }

    /**
     * Projects {@code x} onto the ball, in place: Π(X) = X·min(1, R/‖X‖_F). Does nothing for {@link #NONE}.
     *
     * @param x the memory, any layout (only its Frobenius norm matters), modified in place
     */
    public void project(double[] x) {
        if (!isBounded()) return;
        double s = 0;
        for (double a : x) s += a * a;
        if (s > radius * radius) {
            double f = radius / Math.sqrt(s);
            for (int i = 0; i < x.length; i++) x[i] *= f;
        }
    }
}
