package io.ddam.online.model;

/**
 * One per-sample memory cost of method.md Table I, f(X; k, v) = ℓ(X, k, v) + R(X), for a memory X
 * of {@link #rows()} × {@link #cols()} (d_v × d_φ, where d_φ is the feature dimension: d_k for the
 * linear-key costs, the feature map's output for the softmax rows). X is stored row-major in a
 * {@code double[rows*cols]}. Implementations are immutable and allocate nothing in
 * {@link #value} and {@link #addGradient}: these run in the protocols' hot loops.
 * <p>Implementations: {@link DeltaNetCost} and {@link LinearAttentionCost} (the five other rows);
 * build them by command-line name with {@link MemoryCosts#byName}.
 */
public interface MemoryCost {
    /**
     * Short name used on the command line.
     *
     * @return e.g. {@code deltanet}, {@code gated-softmax}
     */
    String name();

    /**
     * d_v, rows of X.
     *
     * @return the value dimension
     */
    int rows();

    /**
     * Columns of X (d_k, or the feature dimension when the cost applies a feature map to keys).
     *
     * @return the number of columns of the memory matrix
     */
    int cols();

    /**
     * d_k, the length of raw keys given to {@link #value} and {@link #addGradient}.
     *
     * @return the key dimension
     */
    int keyDim();

    /**
     * f(X; k, v), the cost of memory X on one key–value pair (eq. 1).
     *
     * @param x the memory, row-major, rows()*cols() entries
     * @param k the key, keyDim() entries
     * @param v the value, rows() entries
     * @return the cost; may be negative for the linear-attention costs
     */
    double value(double[] x, double[] k, double[] v);

    /**
     * {@code out += scale · ∇_X f(X; k, v)}; the gradient of Table I, accumulated so that a weighted
     * sum over agents needs no temporary.
     *
     * @param x     the memory, row-major, rows()*cols() entries
     * @param k     the key, keyDim() entries
     * @param v     the value, rows() entries
     * @param scale the factor, e.g. −η w_{n,m} for a gradient step
     * @param out   the accumulator, rows()*cols() entries, updated in place
     */
    void addGradient(double[] x, double[] k, double[] v, double scale, double[] out);

    /**
     * Whether f is bounded below without a constraint set; linear costs need a projection radius.
     *
     * @return true for DeltaNet, false for the linear-attention family
     */
    boolean boundedBelow();

    /**
     * A proven bound G on ‖∇f(X; k, v)‖_F over ‖X‖_F ≤ radius, given ‖k‖_∞ ≤ keyBound and
     * ‖v‖_2 ≤ valueNormBound, or {@code NaN} when the cost has no such closed form.
     * It is the G_n of assumption (A3) used by the theorems' bounds.
     *
     * @param radius         R, the projection radius (may be +∞ where the bound allows)
     * @param keyBound       bound on every key entry's absolute value
     * @param valueNormBound bound on every value's Euclidean norm
     * @return G, or {@code NaN} when no closed form exists (the caller then measures G on the data)
     */
    double gradientBound(double radius, double keyBound, double valueNormBound);
}
