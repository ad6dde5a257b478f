package io.ddam.online.protocol;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The least-squares memory constrained to the Frobenius ball (docs/algorithms.md, "Second-order memory",
 * *Constrained leader*): given the unconstrained minimiser X̂ of q(X) = ½ tr(X S Xᵀ) − tr(S_vk Xᵀ) (so
 * S_vk = X̂ S) with S symmetric positive definite, it returns argmin_{‖X‖_F ≤ R} q(X). By the KKT conditions
 * of this trust-region problem, X(μ) = S_vk (S + μI)⁻¹ = X̂ S (S + μI)⁻¹ with the multiplier μ ≥ 0 that puts
 * X on the sphere when X̂ lies outside it. In the eigenbasis S = Σ λ_j q_j q_jᵀ, with y_j = X̂ q_j,
 * X(μ) = Σ_j y_j λ_j/(λ_j + μ) q_jᵀ and ‖X(μ)‖² = Σ_j ‖y_j‖² λ_j²/(λ_j + μ)², so μ is the root of the secular
 * equation 1/‖X(μ)‖ = 1/R, found by Newton's method from μ = 0 (Moré &amp; Sorensen, SIAM J. Sci. Stat.
 * Comput. 1983: 1/‖X(μ)‖ is concave and increasing in μ, so Newton's iterates increase monotonically to the
 * root without overshooting).
 *
 * <p>The Euclidean projection of X̂ (what the gradient learners use) is a different point whenever S is not a
 * multiple of I: it shrinks every direction alike, while the constrained minimiser shrinks the directions the
 * keys barely excite (small λ_j, where an RLS with forgetting winds up) far more than the well-determined ones.
 *
 * <p>One instance per worker thread: it keeps the eigen decomposer and buffers.
 */
final class BallLeastSquares {
    private EigenDecomposition_F64<DMatrixRMaj> eig;
    private int eigSize = -1; // the order eig was made for (EJML's symmetric decomposer is not reused across orders)
    private double[] lam = new double[0], ynorm = new double[0], coef = new double[0], y = new double[0];
    private double[][] vec = new double[0][]; // eigenvectors, one per row

    /** Newton steps on the secular equation; it converges quadratically, in a handful of steps here. */
    private static final int MAX_NEWTON = 100;

    /**
     * The squared Frobenius norm of the first {@code len} entries.
     *
     * @param x   a matrix, row-major
     * @param len how many entries
     * @return Σ x²
     */
    static double norm2(double[] x, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) s += x[i] * x[i];
        return s;
    }

    /**
     * The multiplier μ ≥ 0 with Σ_j b_j/(λ_j + μ)² + rest·(λ_r/(λ_r + μ))² = R² (b_j = ‖S_vk q_j‖², rest the
     * squared norm of a part of X̂ in an eigenspace of S with eigenvalue λ_r), when the left side exceeds R² at μ = 0.
     *
     * @param b      ‖S_vk q_j‖² per eigenvalue
     * @param lambda λ_j
     * @param m      how many entries of b and lambda are used
     * @param rest   squared norm of X̂'s part with eigenvalue lambdaRest (0 if none)
     * @param lambdaRest that eigenvalue
     * @param radius R
     * @return μ
     */
    static double multiplier(double[] b, double[] lambda, int m, double rest, double lambdaRest, double radius) {
        double top = lambdaRest, low = lambdaRest;
        for (int j = 0; j < m; j++) {
            top = Math.max(top, lambda[j]);
            if (b[j] > 0) low = Math.min(low, lambda[j]);
        }
        // S is positive definite, but rounding can leave an eigenvalue of a barely excited direction at or below 0:
        // then start where every λ_j + μ is positive (such a direction is shrunk to almost nothing anyway).
        double floor = Math.ulp(top) * 64 * (m + 1);
        double mu = low < floor ? floor - low : 0;
        for (int it = 0; it < MAX_NEWTON; it++) {
            double n2 = 0, d = 0; // ‖X(μ)‖² and −½ d‖X(μ)‖²/dμ
            for (int j = 0; j < m; j++) {
                double e = lambda[j] + mu;
                n2 += b[j] / (e * e);
                d += b[j] / (e * e * e);
            }
            if (rest > 0) {
                double c = lambdaRest / (lambdaRest + mu);
                n2 += rest * c * c;
                d += rest * c * c / (lambdaRest + mu);
            }
            double n = Math.sqrt(n2);
            if (n <= radius * (1 + 1e-13)) break;
            // φ(μ) = 1/n − 1/R, φ'(μ) = d/n³: Newton μ ← μ − φ/φ' (φ < 0, so μ increases).
            double step = (1 / radius - 1 / n) * n2 * n / d;
            if (!(step > 0) || !Double.isFinite(step)) break;
            mu += step;
            if (step <= 1e-15 * mu) break;
        }
        return mu;
    }

    /**
     * Writes argmin_{‖X‖_F ≤ R} ½tr(X S Xᵀ) − tr(S_vk Xᵀ) into out: X̂ itself when it lies in the ball, else
     * S_vk (S + μI)⁻¹ on the sphere. It works from S_vk and S rather than from X̂, which an RLS with forgetting
     * can have wound up to huge entries in the directions S barely holds.
     *
     * @param xhat   X̂ = S_vk S⁻¹, dv × r row-major (only its norm is read)
     * @param svk    S_vk, dv × r row-major
     * @param s      S, r × r symmetric positive definite (not modified)
     * @param dv     rows of X
     * @param r      columns of X, the order of S
     * @param radius R
     * @param out    dv × r, the result (may alias xhat)
     */
    void solve(double[] xhat, double[] svk, DMatrixRMaj s, int dv, int r, double radius, double[] out) {
        if (norm2(xhat, dv * r) <= radius * radius) {
            if (out != xhat) System.arraycopy(xhat, 0, out, 0, dv * r);
            return;
        }
        DMatrixRMaj work = s.copy(); // the decomposition may overwrite its input
        if (eigSize != r) {
            eig = DecompositionFactory_DDRM.eig(r, true, true);
            eigSize = r;
        }
        if (!eig.decompose(work)) throw new IllegalStateException("eigen decomposition failed");
        ensure(r, dv);
        if (vec.length < r) vec = java.util.Arrays.copyOf(vec, r);
        for (int j = 0; j < r; j++) if (vec[j] == null || vec[j].length < r) vec[j] = new double[r];
        for (int j = 0; j < r; j++) {
            lam[j] = eig.getEigenvalue(j).real;
            System.arraycopy(eig.getEigenVector(j).data, 0, vec[j], 0, r);
        }
        coefficients(svk, dv, r, r); // y_j = S_vk q_j, ynorm_j = ‖y_j‖²
        double mu = multiplier(ynorm, lam, r, 0, 1, radius);
        for (int j = 0; j < r; j++) coef[j] = 1 / (lam[j] + mu);
        assemble(dv, r, r, out, radius);
    }

    private void ensure(int m, int dv) {
        if (lam.length < m) {
            lam = new double[m];
            ynorm = new double[m];
            coef = new double[m];
        }
        if (y.length < dv * m) y = new double[dv * m];
    }

    /** y[p][j] = (x q_j)_p and ynorm[j] = ‖y_j‖². */
    private void coefficients(double[] xhat, int dv, int r, int m) {
        for (int j = 0; j < m; j++) {
            double[] q = vec[j];
            double a = 0;
            for (int p = 0; p < dv; p++) {
                double c = 0;
                for (int i = 0; i < r; i++) c += xhat[p * r + i] * q[i];
                y[p * m + j] = c;
                a += c * c;
            }
            ynorm[j] = a;
        }
    }

    /** out = Σ_j coef_j y_j q_jᵀ, then scaled onto the ball if rounding left it a hair outside. */
    private void assemble(int dv, int r, int m, double[] out, double radius) {
        java.util.Arrays.fill(out, 0, dv * r, 0.0);
        for (int p = 0; p < dv; p++) {
            for (int j = 0; j < m; j++) {
                double c = y[p * m + j] * coef[j];
                if (c == 0) continue;
                double[] q = vec[j];
                for (int i = 0, o = p * r; i < r; i++) out[o + i] += c * q[i];
            }
        }
        double n2 = 0;
        for (int i = 0; i < dv * r; i++) n2 += out[i] * out[i];
        if (n2 > radius * radius) {
            double f = radius / Math.sqrt(n2);
            for (int i = 0; i < dv * r; i++) out[i] *= f;
        }
    }
}
