package io.ddam.online.protocol;

/**
 * AdaHedge (de Rooij, van Erven, Grünwald &amp; Koolen, "Follow the Leader If You Can, Hedge If You Must",
 * JMLR 2014) over K experts, for one agent: exponential weights p_k ∝ exp(−η_t L_k) on the experts'
 * cumulative losses L, with η_t = ln K / Δ_{t−1} set from the cumulative mixability gap Δ (η = ∞, i.e. the
 * leaders share the weight equally, while Δ = 0). It needs no range of the losses and its weights do not
 * change when every loss is scaled or shifted. Its regret against the best expert is at most 2Δ_T (their
 * Lemma 3: the mix loss is within ln K/η_T = Δ_{T−1} of the best expert's), and Δ_T grows like
 * √(Σ_t s_t² ln K) + s_max ln K in the worst case (s_t the range of the step's losses). Used by
 * {@link RlsProtocol}'s {@code --forgetting auto} to mix the memories of its β grid. An expert whose loss is
 * +∞ (a learner that dropped out) keeps weight 0 from then on.
 */
final class AdaHedge {
    private final double[] cumulative;
    private double gap; // Δ

    /**
     * K experts, no loss yet.
     *
     * @param experts K ≥ 1
     */
    AdaHedge(int experts) {
        cumulative = new double[experts];
    }

    /**
     * The current weights (they sum to 1).
     *
     * @param p filled with p_k
     */
    void weights(double[] p) {
        int k = cumulative.length;
        double min = Double.POSITIVE_INFINITY;
        for (double l : cumulative) min = Math.min(min, l);
        if (Double.isInfinite(min)) { // every expert dropped out: keep the first (callers never reach this)
            java.util.Arrays.fill(p, 0.0);
            p[0] = 1;
            return;
        }
        double eta = gap > 0 ? Math.log(k) / gap : Double.POSITIVE_INFINITY;
        double z = 0;
        for (int i = 0; i < k; i++) {
            double d = cumulative[i] - min; // ≥ 0, so exp never overflows
            p[i] = Double.isInfinite(eta) || Double.isInfinite(d) ? (d == 0 ? 1 : 0) : Math.exp(-eta * d);
            z += p[i];
        }
        for (int i = 0; i < k; i++) p[i] /= z;
    }

    /**
     * Adds one step's losses: the mixability gap δ = h − m of the weights in force (hedge loss h = p·ℓ, mix
     * loss m = −ln(p·e^{−ηℓ})/η, or the least loss among the weighted experts when η = ∞), then L += ℓ.
     *
     * @param loss ℓ_k of every expert this step (+∞ drops an expert)
     * @param p    scratch of length K
     */
    void observe(double[] loss, double[] p) {
        int k = cumulative.length;
        weights(p);
        double eta = gap > 0 ? Math.log(k) / gap : Double.POSITIVE_INFINITY;
        double hedge = 0, low = Double.POSITIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            if (p[i] > 0) {
                hedge += p[i] * loss[i];
                low = Math.min(low, loss[i]);
            }
        }
        double mix;
        if (Double.isInfinite(eta)) {
            mix = low;
        } else {
            double s = 0;
            for (int i = 0; i < k; i++) if (p[i] > 0) s += p[i] * Math.exp(-eta * (loss[i] - low)); // shifted: no underflow to 0
            mix = low - Math.log(s) / eta;
        }
        if (!Double.isInfinite(hedge)) gap += Math.max(0, hedge - mix); // δ ≥ 0 up to rounding
        for (int i = 0; i < k; i++) cumulative[i] += loss[i];
    }

    /**
     * Δ_T, the cumulative mixability gap; the regret against the best expert is at most twice it.
     *
     * @return Δ
     */
    double gap() { return gap; }
}
