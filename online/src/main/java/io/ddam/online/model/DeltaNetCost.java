package io.ddam.online.model;

import io.ddam.solver.DdamInputException;

/**
 * The DeltaNet cost of method.md Table I, f(X; k, v) = ½‖Xk − v‖², ∇f = (Xk − v) kᵀ: the squared
 * recall error of the memory, the cost used in the paper's synthetic and traffic experiments.
 * Convex (a convex quadratic) and bounded below by 0, so it may run without projection.
 * Immutable and allocation-free.
 */
public final class DeltaNetCost implements MemoryCost {
    private final int dk;
    private final int dv;

    /**
     * The cost for memories of d_v × d_k.
     *
     * @param dk the key dimension d_k ≥ 1 (columns of X)
     * @param dv the value dimension d_v ≥ 1 (rows of X)
     * @throws DdamInputException if a dimension is below 1
     */
    public DeltaNetCost(int dk, int dv) {
        if (dk < 1 || dv < 1) throw new DdamInputException("dimensions must be at least 1, not d_k=" + dk + ", d_v=" + dv);
        this.dk = dk;
        this.dv = dv;
    }

    @Override public String name() { return "deltanet"; }
    @Override public int rows() { return dv; }
    @Override public int cols() { return dk; }
    @Override public int keyDim() { return dk; }

    @Override
    public double value(double[] x, double[] k, double[] v) {
        double s = 0;
        for (int i = 0; i < dv; i++) {
            double r = -v[i];
            for (int j = 0, o = i * dk; j < dk; j++) r += x[o + j] * k[j];
            s += r * r;
        }
        return 0.5 * s;
    }

    @Override
    public void addGradient(double[] x, double[] k, double[] v, double scale, double[] out) {
        for (int i = 0; i < dv; i++) {
            int o = i * dk;
            double r = -v[i];
            for (int j = 0; j < dk; j++) r += x[o + j] * k[j];
            r *= scale;
            for (int j = 0; j < dk; j++) out[o + j] += r * k[j];
        }
    }

    /**
     * The fused per-pair kernel: {@code out += scale · ∇f(X; k, v)} exactly as {@link #addGradient}, and
     * returns ‖Xk − v‖² from the same residual, i.e. 2f(X; k, v) and the recall error, bitwise equal to
     * 2·{@link #value}. A protocol that reports it (see {@link io.ddam.online.protocol.Protocol.StepListener})
     * spares the meter a second residual per pair.
     *
     * @param x     the memory, row-major d_v × d_k
     * @param k     the key
     * @param v     the value
     * @param scale the factor of the gradient
     * @param out   the accumulator, updated in place
     * @return ‖Xk − v‖²
     */
    public double addGradientResidual(double[] x, double[] k, double[] v, double scale, double[] out) {
        double s = 0;
        for (int i = 0; i < dv; i++) {
            int o = i * dk;
            double r = -v[i];
            for (int j = 0; j < dk; j++) r += x[o + j] * k[j];
            s += r * r;
            r *= scale;
            for (int j = 0; j < dk; j++) out[o + j] += r * k[j];
        }
        return s;
    }

    @Override
    public boolean boundedBelow() { return true; }

    /**
     * G = (R·K + V)·K with K = √d_k·keyBound. Derivation: ∇f = (Xk − v)kᵀ is rank one, so
     * ‖∇f‖_F = ‖Xk − v‖·‖k‖ ≤ (‖X‖_2‖k‖ + ‖v‖)‖k‖ ≤ (R‖k‖ + V)‖k‖, using ‖X‖_2 ≤ ‖X‖_F ≤ R and
     * ‖k‖_2 ≤ √d_k‖k‖_∞ ≤ K. Infinite without a radius (R = ∞).
     */
    @Override
    public double gradientBound(double radius, double keyBound, double valueNormBound) {
        double kn = Math.sqrt(dk) * keyBound;
        if (kn == 0) return 0;
        return (radius * kn + valueNormBound) * kn;
    }

    @Override
    public String toString() { return "deltanet(dk=" + dk + ", dv=" + dv + ")"; }
}
