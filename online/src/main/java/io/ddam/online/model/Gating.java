package io.ddam.online.model;

import io.ddam.solver.DdamInputException;

/**
 * The gating vector ψ ∈ {0,1}^{d_v} of the gated costs in method.md Table I. Rows i with ψ_i = 0 get
 * the decay regulariser ½‖X_i‖² (they "forget"); rows with ψ_i = 1 are not regularised.
 * <p><b>Default</b> ({@link #defaultPsi}): ψ_i = 1 for the first ⌊d_v/2⌋ rows and 0 for the rest
 * (so for d_v = 1 the single row is regularised, and some row always is).
 */
public final class Gating {
    private Gating() {}

    /**
     * ψ_i = 1 for i &lt; ⌊d_v/2⌋, else 0.
     *
     * @param dv the value dimension d_v ≥ 1
     * @return a new vector of length d_v
     * @throws DdamInputException if d_v &lt; 1
     */
    public static double[] defaultPsi(int dv) {
        if (dv < 1) throw new DdamInputException("value dimension must be at least 1, not " + dv);
        double[] psi = new double[dv];
        for (int i = 0; i < dv / 2; i++) psi[i] = 1;
        return psi;
    }

    /**
     * Checks length d_v and entries in {0, 1}; returns a defensive copy.
     *
     * @param psi the gating vector
     * @param dv  the value dimension d_v
     * @return a copy of {@code psi}
     * @throws DdamInputException if {@code psi} is missing, has the wrong length or an entry other than 0 and 1
     */
    public static double[] validate(double[] psi, int dv) {
        if (psi == null) throw new DdamInputException("gating vector psi is missing");
        if (psi.length != dv) {
            throw new DdamInputException("gating vector psi has " + psi.length + " entries, expected d_v = " + dv);
        }
        for (int i = 0; i < dv; i++) {
            if (psi[i] != 0 && psi[i] != 1) {
                throw new DdamInputException("gating vector psi must have entries 0 or 1; entry " + (i + 1) + " is " + psi[i]);
            }
        }
        return psi.clone();
    }
}
