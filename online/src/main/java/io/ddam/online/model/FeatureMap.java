package io.ddam.online.model;

import io.ddam.solver.DdamInputException;

import java.util.SplittableRandom;

/**
 * The fixed feature map φ: R^{d_k} → R^{D} applied to keys by the softmax-attention costs of
 * method.md Table I. Two maps are provided: the {@link #identity identity} (D = d_k) and a positive
 * random-feature map in the style of Performer's FAVOR+ ({@link #positiveRandom}), whose inner products
 * approximate the softmax kernel exp(⟨q, k⟩) in expectation. Instances are immutable; {@link #apply}
 * and {@link #component} allocate nothing, so costs may call them in hot loops.
 */
public abstract class FeatureMap {
    /** Default number of random features per key coordinate: D = 2·d_k (see {@link #defaultFor}). */
    public static final int DEFAULT_FEATURES_PER_KEY_DIM = 2;
    /** Seed of the default random-feature map. */
    public static final long DEFAULT_SEED = 1L;

    private final int inputDim;
    private final int outputDim;

    FeatureMap(int inputDim, int outputDim) {
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    /**
     * d_k, the length of the keys the map takes.
     *
     * @return the input dimension
     */
    public final int inputDim() { return inputDim; }

    /**
     * D, the feature dimension (columns of X for the costs that use this map).
     *
     * @return the output dimension
     */
    public final int outputDim() { return outputDim; }

    /**
     * {@code out[j] = φ_j(k)} for j &lt; D.
     *
     * @param k   a key, d_k entries
     * @param out the destination, at least D entries; the first D are overwritten
     */
    public void apply(double[] k, double[] out) {
        for (int j = 0; j < outputDim; j++) out[j] = component(k, j);
    }

    /**
     * φ_j(k). Costs evaluate one component at a time so that they need no scratch buffer.
     *
     * @param k a key, d_k entries
     * @param j the component, 0..D-1
     * @return the j-th feature of k
     */
    public abstract double component(double[] k, int j);

    /**
     * A bound on sup ‖φ(k)‖_2 over keys with ‖k‖_∞ ≤ {@code keyBound} (used by gradient bounds).
     *
     * @param keyBound bound on every key entry's absolute value, ≥ 0
     * @return the bound on the feature vector's Euclidean norm
     */
    public abstract double normBound(double keyBound);

    /**
     * A short description for results.
     *
     * @return e.g. {@code prf(D=8, seed=1)} or {@code identity}
     */
    public abstract String describe();

    @Override
    public String toString() { return describe(); }

    /**
     * φ(k) = k.
     *
     * @param dk the key dimension d_k ≥ 1 (= D)
     * @return the identity map
     * @throws DdamInputException if d_k &lt; 1
     */
    public static FeatureMap identity(int dk) {
        requirePositive("key dimension", dk);
        return new FeatureMap(dk, dk) {
            @Override public double component(double[] k, int j) { return k[j]; }
            @Override public void apply(double[] k, double[] out) { System.arraycopy(k, 0, out, 0, dk); }
            /** ‖k‖_2 ≤ √d_k ‖k‖_∞. */
            @Override public double normBound(double keyBound) { return Math.sqrt(dk) * keyBound; }
            @Override public String describe() { return "identity"; }
        };
    }

    /**
     * The positive random-feature map φ_j(k) = exp(ω_jᵀk − ‖k‖²/2) / √D, j = 1..D, with ω_j i.i.d.
     * N(0, I_{d_k}) drawn once from {@code seed}: ω_1 first, coordinates in order, each entry
     * {@code new SplittableRandom(seed).nextGaussian()} in sequence. Then E[φ(q)ᵀφ(k)] = exp(qᵀk).
     * All features are positive, so the softmax costs stay linear in X with non-negative features.
     *
     * @param dk       the key dimension d_k ≥ 1
     * @param features the number of random features D ≥ 1
     * @param seed     seed of the ω draw
     * @return the map
     * @throws DdamInputException if d_k or D is below 1
     */
    public static FeatureMap positiveRandom(int dk, int features, long seed) {
        requirePositive("key dimension", dk);
        requirePositive("number of random features", features);
        double[] omega = new double[features * dk];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < omega.length; i++) omega[i] = rng.nextGaussian();
        return new PositiveRandomFeatures(dk, features, seed, omega);
    }

    /**
     * The default φ of the softmax costs: {@code positiveRandom(dk, 2·dk, 1)}.
     *
     * @param dk the key dimension d_k ≥ 1
     * @return the positive random-feature map with D = 2·d_k and seed 1
     * @throws DdamInputException if d_k &lt; 1
     */
    public static FeatureMap defaultFor(int dk) {
        requirePositive("key dimension", dk);
        return positiveRandom(dk, DEFAULT_FEATURES_PER_KEY_DIM * dk, DEFAULT_SEED);
    }

    private static void requirePositive(String what, int n) {
        if (n < 1) throw new DdamInputException(what + " must be at least 1, not " + n);
    }

    private static final class PositiveRandomFeatures extends FeatureMap {
        private final long seed;
        private final double[] omega; // row-major D × d_k; never exposed, so the map stays immutable
        private final double invSqrtD;

        PositiveRandomFeatures(int dk, int d, long seed, double[] omega) {
            super(dk, d);
            this.seed = seed;
            this.omega = omega;
            this.invSqrtD = 1 / Math.sqrt(d);
        }

        @Override
        public double component(double[] k, int j) {
            int dk = inputDim();
            double dot = 0, sq = 0;
            int off = j * dk;
            for (int i = 0; i < dk; i++) {
                dot += omega[off + i] * k[i];
                sq += k[i] * k[i];
            }
            return Math.exp(dot - 0.5 * sq) * invSqrtD;
        }

        @Override
        public void apply(double[] k, double[] out) {
            int dk = inputDim();
            double sq = 0;
            for (int i = 0; i < dk; i++) sq += k[i] * k[i];
            for (int j = 0; j < outputDim(); j++) {
                double dot = 0;
                int off = j * dk;
                for (int i = 0; i < dk; i++) dot += omega[off + i] * k[i];
                out[j] = Math.exp(dot - 0.5 * sq) * invSqrtD;
            }
        }

        /**
         * The exponent ω_jᵀk − ‖k‖²/2 separates over coordinates, and for |k_i| ≤ b the term
         * ω k_i − k_i²/2 is maximised at k_i = clamp(ω, −b, b), giving ω²/2 when |ω| ≤ b and
         * b|ω| − b²/2 otherwise. Summing gives the exact supremum e_j of each exponent, so
         * ‖φ(k)‖² ≤ (1/D) Σ_j exp(2 e_j).
         */
        @Override
        public double normBound(double keyBound) {
            int dk = inputDim();
            double b = keyBound, s = 0;
            for (int j = 0; j < outputDim(); j++) {
                double e = 0;
                for (int i = 0; i < dk; i++) {
                    double w = Math.abs(omega[j * dk + i]);
                    e += w <= b ? 0.5 * w * w : b * w - 0.5 * b * b;
                }
                s += Math.exp(2 * e);
            }
            return Math.sqrt(s / outputDim());
        }

        @Override
        public String describe() { return "prf(D=" + outputDim() + ", seed=" + seed + ")"; }
    }
}
