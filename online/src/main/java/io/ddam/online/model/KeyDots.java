package io.ddam.online.model;

/**
 * Dot products of long key vectors (d_k up to 4,096) for the wide-key (Gram/sample) forms of the learners
 * and comparators. Each product is the plain sequential sum Σ_{l=0}^{len−1} a_l b_l in increasing l, so it
 * is bitwise what a simple loop gives; the kernels only compute several independent products at once
 * (a 2 × 4 register tile), which the CPU overlaps instead of waiting on one sum's addition latency, and
 * reuse each loaded row for several products.
 */
public final class KeyDots {
    private KeyDots() {
    }

    /**
     * out[q][i] = rows[i] · queries[q] for i &lt; nRows, q &lt; nQueries, over the first len entries.
     *
     * @param rows     the stored vectors
     * @param nRows    how many of rows to use
     * @param queries  the new vectors
     * @param nQueries how many of queries to use
     * @param len      the vector length
     * @param out      out[q] receives the nRows products with queries[q] (length ≥ nRows)
     */
    public static void dots(double[][] rows, int nRows, double[][] queries, int nQueries, int len, double[][] out) {
        int q = 0;
        for (; q + 4 <= nQueries; q += 4) {
            double[] b0 = queries[q], b1 = queries[q + 1], b2 = queries[q + 2], b3 = queries[q + 3];
            double[] o0 = out[q], o1 = out[q + 1], o2 = out[q + 2], o3 = out[q + 3];
            int i = 0;
            for (; i + 2 <= nRows; i += 2) {
                double[] a0 = rows[i], a1 = rows[i + 1];
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                for (int l = 0; l < len; l++) {
                    double x0 = a0[l], x1 = a1[l];
                    double y0 = b0[l], y1 = b1[l], y2 = b2[l], y3 = b3[l];
                    s00 += x0 * y0;
                    s01 += x0 * y1;
                    s02 += x0 * y2;
                    s03 += x0 * y3;
                    s10 += x1 * y0;
                    s11 += x1 * y1;
                    s12 += x1 * y2;
                    s13 += x1 * y3;
                }
                o0[i] = s00;
                o1[i] = s01;
                o2[i] = s02;
                o3[i] = s03;
                o0[i + 1] = s10;
                o1[i + 1] = s11;
                o2[i + 1] = s12;
                o3[i + 1] = s13;
            }
            for (; i < nRows; i++) {
                double[] a0 = rows[i];
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int l = 0; l < len; l++) {
                    double x = a0[l];
                    s0 += x * b0[l];
                    s1 += x * b1[l];
                    s2 += x * b2[l];
                    s3 += x * b3[l];
                }
                o0[i] = s0;
                o1[i] = s1;
                o2[i] = s2;
                o3[i] = s3;
            }
        }
        for (; q < nQueries; q++) {
            double[] b0 = queries[q];
            double[] o0 = out[q];
            int i = 0;
            for (; i + 4 <= nRows; i += 4) {
                double[] a0 = rows[i], a1 = rows[i + 1], a2 = rows[i + 2], a3 = rows[i + 3];
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int l = 0; l < len; l++) {
                    double y = b0[l];
                    s0 += a0[l] * y;
                    s1 += a1[l] * y;
                    s2 += a2[l] * y;
                    s3 += a3[l] * y;
                }
                o0[i] = s0;
                o0[i + 1] = s1;
                o0[i + 2] = s2;
                o0[i + 3] = s3;
            }
            for (; i < nRows; i++) o0[i] = dot(rows[i], b0, len);
        }
    }

    /**
     * The sequential dot product Σ_{l&lt;len} a_l b_l.
     *
     * @param a   first vector
     * @param b   second vector
     * @param len how many entries
     * @return a · b over the first len entries
     */
    public static double dot(double[] a, double[] b, int len) {
        double s = 0;
        for (int l = 0; l < len; l++) s += a[l] * b[l];
        return s;
    }

    /**
     * The full Gram matrix of n rows stored flat: out[i·n + j] = out[j·n + i] = row_i · row_j, where row_i is
     * flat[i·stride .. i·stride + len).
     *
     * @param flat   the rows, one after another
     * @param n      how many rows
     * @param stride distance between row starts
     * @param len    row length used
     * @param out    n × n, row-major (stride n)
     */
    public static void gram(double[] flat, int n, int stride, int len, double[] out) {
        for (int i = 0; i < n; i++) {
            int oi = i * stride;
            int j = 0;
            for (; j + 4 <= i + 1; j += 4) {
                int o0 = j * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int l = 0; l < len; l++) {
                    double x = flat[oi + l];
                    s0 += x * flat[o0 + l];
                    s1 += x * flat[o1 + l];
                    s2 += x * flat[o2 + l];
                    s3 += x * flat[o3 + l];
                }
                out[i * n + j] = s0;
                out[j * n + i] = s0;
                out[i * n + j + 1] = s1;
                out[(j + 1) * n + i] = s1;
                out[i * n + j + 2] = s2;
                out[(j + 2) * n + i] = s2;
                out[i * n + j + 3] = s3;
                out[(j + 3) * n + i] = s3;
            }
            for (; j <= i; j++) {
                int oj = j * stride;
                double s = 0;
                for (int l = 0; l < len; l++) s += flat[oi + l] * flat[oj + l];
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
    }

    /**
     * out_r += Σ_i coef[r·coefStride + i] · rows[i] for r &lt; nOut (each entry summed in increasing i), where
     * out_r is out[r·outStride .. r·outStride + len). Each stored row is read once for all nOut outputs.
     *
     * @param rows       the stored vectors
     * @param nRows      how many of rows to use
     * @param coef       the coefficients, nOut rows of stride coefStride
     * @param coefStride distance between coefficient rows
     * @param nOut       how many output rows
     * @param out        the output rows, flat
     * @param outStride  distance between output row starts
     * @param len        the vector length
     */
    public static void addCombination(double[][] rows, int nRows, double[] coef, int coefStride, int nOut,
                                      double[] out, int outStride, int len) {
        int i = 0;
        // Four rows at a time: each output entry is loaded and stored once per four rows (the additions stay
        // in increasing i, so the sums are bitwise the one-row loop's).
        for (; i + 4 <= nRows; i += 4) {
            double[] a0 = rows[i], a1 = rows[i + 1], a2 = rows[i + 2], a3 = rows[i + 3];
            if (nOut == 3 && allNonZero(coef, coefStride, i)) {
                // d_v = 3 (the common memory shape): the three outputs in one pass, so each stored entry is read
                // once instead of three times; every output entry still adds its four terms in increasing i.
                int c0 = i, c1 = coefStride + i, c2 = 2 * coefStride + i;
                double m00 = coef[c0], m01 = coef[c0 + 1], m02 = coef[c0 + 2], m03 = coef[c0 + 3];
                double m10 = coef[c1], m11 = coef[c1 + 1], m12 = coef[c1 + 2], m13 = coef[c1 + 3];
                double m20 = coef[c2], m21 = coef[c2 + 1], m22 = coef[c2 + 2], m23 = coef[c2 + 3];
                int o1 = outStride, o2 = 2 * outStride;
                for (int l = 0; l < len; l++) {
                    double y0 = a0[l], y1 = a1[l], y2 = a2[l], y3 = a3[l];
                    double x = out[l];
                    x += m00 * y0;
                    x += m01 * y1;
                    x += m02 * y2;
                    x += m03 * y3;
                    out[l] = x;
                    x = out[o1 + l];
                    x += m10 * y0;
                    x += m11 * y1;
                    x += m12 * y2;
                    x += m13 * y3;
                    out[o1 + l] = x;
                    x = out[o2 + l];
                    x += m20 * y0;
                    x += m21 * y1;
                    x += m22 * y2;
                    x += m23 * y3;
                    out[o2 + l] = x;
                }
                continue;
            }
            for (int r = 0; r < nOut; r++) {
                int c = r * coefStride + i;
                double m0 = coef[c], m1 = coef[c + 1], m2 = coef[c + 2], m3 = coef[c + 3];
                if (m0 == 0 || m1 == 0 || m2 == 0 || m3 == 0) { // keep skipping zeros exactly
                    for (int k = 0; k < 4; k++) addRow(rows[i + k], coef[c + k], out, r * outStride, len);
                    continue;
                }
                for (int l = 0, o = r * outStride; l < len; l++) {
                    double x = out[o + l];
                    x += m0 * a0[l];
                    x += m1 * a1[l];
                    x += m2 * a2[l];
                    x += m3 * a3[l];
                    out[o + l] = x;
                }
            }
        }
        for (; i < nRows; i++) for (int r = 0; r < nOut; r++) addRow(rows[i], coef[r * coefStride + i], out, r * outStride, len);
    }

    /** Whether the four coefficients from column i of all three rows are non-zero (then no term is skipped). */
    private static boolean allNonZero(double[] coef, int stride, int i) {
        for (int r = 0; r < 3; r++) {
            int c = r * stride + i;
            if (coef[c] == 0 || coef[c + 1] == 0 || coef[c + 2] == 0 || coef[c + 3] == 0) return false;
        }
        return true;
    }

    private static void addRow(double[] a, double m, double[] out, int o, int len) {
        if (m == 0) return;
        for (int l = 0; l < len; l++) out[o + l] += m * a[l];
    }
}
