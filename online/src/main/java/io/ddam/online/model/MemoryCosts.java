package io.ddam.online.model;

import io.ddam.solver.DdamInputException;

import java.util.List;

/**
 * Builds the six costs of method.md Table I from their command-line names: {@code linear},
 * {@code gated-linear}, {@code deltanet}, {@code softmax}, {@code softmax-norm}, {@code gated-softmax}.
 * The linear-key costs (linear, gated-linear, deltanet) use X ∈ R^{d_v×d_k} and ignore φ; the softmax
 * rows use X ∈ R^{d_v×D} with D = φ's output dimension. The gated costs use ψ and the others ignore it.
 */
public final class MemoryCosts {
    /** The accepted names, in Table I order. */
    public static final List<String> NAMES =
            List.of("linear", "gated-linear", "deltanet", "softmax", "softmax-norm", "gated-softmax");

    private MemoryCosts() {}

    /**
     * The cost named {@code name}.
     *
     * @param name one of {@link #NAMES} (case-insensitive), e.g. {@code "deltanet"}
     * @param dk  the key dimension d_k ≥ 1
     * @param dv  the value dimension d_v ≥ 1
     * @param phi feature map for the softmax rows, or {@code null} for {@link FeatureMap#defaultFor}(d_k)
     *            (positive random features, D = 2·d_k, seed 1); its input dimension must be d_k
     * @param psi gating vector for the gated rows, or {@code null} for {@link Gating#defaultPsi}(d_v)
     *            (first ⌊d_v/2⌋ entries 1, the rest 0); must have d_v entries in {0, 1}
     * @return the cost, immutable
     * @throws DdamInputException on an unknown name or inconsistent dimensions
     */
    public static MemoryCost byName(String name, int dk, int dv, FeatureMap phi, double[] psi) {
        if (dk < 1 || dv < 1) throw new DdamInputException("dimensions must be at least 1, not d_k=" + dk + ", d_v=" + dv);
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (n) {
            case "linear":
                return new LinearAttentionCost(n, dv, FeatureMap.identity(dk), null);
            case "gated-linear":
                return new LinearAttentionCost(n, dv, FeatureMap.identity(dk), oneMinus(psi, dv));
            case "deltanet":
                return new DeltaNetCost(dk, dv);
            case "softmax":
                return new LinearAttentionCost(n, dv, features(phi, dk), null);
            case "softmax-norm": {
                double[] ones = new double[dv];
                java.util.Arrays.fill(ones, 1);
                return new LinearAttentionCost(n, dv, features(phi, dk), ones);
            }
            case "gated-softmax":
                return new LinearAttentionCost(n, dv, features(phi, dk), oneMinus(psi, dv));
            default:
                throw new DdamInputException("unknown model '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
    }

    private static FeatureMap features(FeatureMap phi, int dk) {
        if (phi == null) return FeatureMap.defaultFor(dk);
        if (phi.inputDim() != dk) {
            throw new DdamInputException("feature map takes keys of dimension " + phi.inputDim() + ", but d_k = " + dk);
        }
        return phi;
    }

    private static double[] oneMinus(double[] psi, int dv) {
        double[] p = psi == null ? Gating.defaultPsi(dv) : Gating.validate(psi, dv);
        for (int i = 0; i < dv; i++) p[i] = 1 - p[i];
        return p;
    }
}
