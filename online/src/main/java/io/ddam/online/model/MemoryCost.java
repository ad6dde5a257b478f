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
    /** Short name used on the command line, e.g. {@code deltanet}. */
    String name();

    /** d_v, rows of X. */
    int rows();

    /** Columns of X (d_k, or the feature dimension when the cost applies a feature map to keys). */
    int cols();

    /** d_k, the length of raw keys given to {@link #value} and {@link #addGradient}. */
    int keyDim();

    /** f(X; k, v). {@code x} has rows()*cols() entries, {@code k} keyDim(), {@code v} rows(). */
    double value(double[] x, double[] k, double[] v);

    /** {@code out += scale · ∇_X f(X; k, v)}; {@code out} has rows()*cols() entries. */
    void addGradient(double[] x, double[] k, double[] v, double scale, double[] out);

    /** True when f is bounded below without a constraint set (DeltaNet); linear costs need a radius. */
    boolean boundedBelow();

    /**
     * A proven bound G on ‖∇f(X; k, v)‖_F over ‖X‖_F ≤ radius, given ‖k‖_∞ ≤ keyBound and
     * ‖v‖_2 ≤ valueNormBound, or {@code NaN} when the cost has no such closed form.
     */
    double gradientBound(double radius, double keyBound, double valueNormBound);
}
