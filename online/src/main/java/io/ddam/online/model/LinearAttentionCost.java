package io.ddam.online.model;

/**
 * The linear-in-X rows of method.md Table I: f(X; k, v) = −⟨X φ(k), v⟩ + ½ Σ_i c_i ‖X_i‖², where X_i
 * is row i of X and c ∈ {0,1}^{d_v} says which rows decay. One class serves five costs:
 * <ul>
 *   <li>{@code linear}: φ = identity, c = 0;</li>
 *   <li>{@code gated-linear}: φ = identity, c = 1 − ψ;</li>
 *   <li>{@code softmax}: φ a feature map, c = 0;</li>
 *   <li>{@code softmax-norm}: φ a feature map, c = 1 (R(X) = ½‖X‖_F²);</li>
 *   <li>{@code gated-softmax}: φ a feature map, c = 1 − ψ.</li>
 * </ul>
 * ∇f = −v φ(k)ᵀ + diag(c) X. f is linear plus a convex quadratic, hence convex.
 * Immutable; {@link #value} and {@link #addGradient} evaluate φ one component at a time and allocate nothing.
 */
public final class LinearAttentionCost implements MemoryCost {
    private final String name;
    private final FeatureMap phi;
    private final int dv;
    private final int cols;
    private final double[] decay; // c_i ∈ {0,1}
    private final double maxDecay;
    private final boolean allDecay;

    /**
     * One of the linear-in-X costs; {@link MemoryCosts#byName} builds the five named ones.
     *
     * @param name  the command-line name reported by {@link #name()}
     * @param dv    d_v
     * @param phi   the feature map (identity for the linear-attention rows)
     * @param decay c ∈ {0,1}^{d_v} (copied); {@code null} for no regulariser
     * @throws io.ddam.solver.DdamInputException if d_v &lt; 1 or {@code decay} is not a 0/1 vector of length d_v
     */
    public LinearAttentionCost(String name, int dv, FeatureMap phi, double[] decay) {
        if (dv < 1) throw new io.ddam.solver.DdamInputException("value dimension must be at least 1, not " + dv);
        this.name = name;
        this.phi = phi;
        this.dv = dv;
        this.cols = phi.outputDim();
        this.decay = decay == null ? new double[dv] : Gating.validate(decay, dv);
        double m = 0;
        boolean all = true;
        for (double c : this.decay) {
            m = Math.max(m, c);
            all &= c == 1;
        }
        this.maxDecay = m;
        this.allDecay = all;
    }

    @Override public String name() { return name; }
    @Override public int rows() { return dv; }
    @Override public int cols() { return cols; }
    @Override public int keyDim() { return phi.inputDim(); }

    /**
     * The feature map φ applied to keys.
     *
     * @return the map (identity for the linear-attention rows)
     */
    public FeatureMap featureMap() { return phi; }

    /**
     * c_i, the decay weight of row i (1 − ψ_i for the gated costs).
     *
     * @param row the row index i, 0..d_v-1
     * @return 0 or 1
     */
    public double decay(int row) { return decay[row]; }

    @Override
    public double value(double[] x, double[] k, double[] v) {
        double lin = 0;
        for (int j = 0; j < cols; j++) {
            double f = phi.component(k, j);
            double col = 0;
            for (int i = 0; i < dv; i++) col += x[i * cols + j] * v[i];
            lin += f * col;
        }
        double reg = 0;
        if (maxDecay > 0) {
            for (int i = 0; i < dv; i++) {
                if (decay[i] == 0) continue;
                double s = 0;
                for (int j = 0, o = i * cols; j < cols; j++) s += x[o + j] * x[o + j];
                reg += decay[i] * s;
            }
        }
        return -lin + 0.5 * reg;
    }

    @Override
    public void addGradient(double[] x, double[] k, double[] v, double scale, double[] out) {
        for (int j = 0; j < cols; j++) {
            double f = scale * phi.component(k, j);
            for (int i = 0; i < dv; i++) out[i * cols + j] -= f * v[i];
        }
        if (maxDecay > 0) {
            for (int i = 0; i < dv; i++) {
                double c = scale * decay[i];
                if (c == 0) continue;
                for (int j = 0, o = i * cols; j < cols; j++) out[o + j] += c * x[o + j];
            }
        }
    }

    /** Bounded below exactly when every row decays (softmax-norm, or ψ = 0); otherwise −⟨Xφ, v⟩ runs to −∞. */
    @Override
    public boolean boundedBelow() { return allDecay; }

    /**
     * G = V · Φ + max_i c_i · R. Derivation: ‖−vφ(k)ᵀ + diag(c)X‖_F ≤ ‖v‖‖φ(k)‖ + ‖diag(c)‖_2 ‖X‖_F
     * (rank-one Frobenius norm is the product of norms; the spectral norm of diag(c) is max c_i),
     * with ‖v‖ ≤ V = {@code valueNormBound}, ‖φ(k)‖ ≤ Φ = {@link FeatureMap#normBound}(keyBound)
     * (√d_k·keyBound for the identity) and ‖X‖_F ≤ R. Infinite when R = ∞ and some row decays.
     */
    @Override
    public double gradientBound(double radius, double keyBound, double valueNormBound) {
        double g = valueNormBound * phi.normBound(keyBound);
        return maxDecay == 0 ? g : g + maxDecay * radius;
    }

    @Override
    public String toString() { return name + "(dv=" + dv + ", phi=" + phi.describe() + ")"; }
}
