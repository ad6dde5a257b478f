package io.ddam.solver.graph;

import io.ddam.solver.DdamInputException;

import java.util.Arrays;

/**
 * The interest (logical weight) matrix W of method.md §1: w_{n,m} is how much agent n cares about
 * agent m's data. It is row-stochastic: every entry lies in [0, 1] and every row sums to 1 within
 * {@link #ROW_SUM_TOLERANCE}. Rows and columns follow the network's node indices. W_n, the agents
 * whose data n needs, is {@link #interestSet(int)}; it contains n itself when w_{n,n} &gt; 0.
 * Immutable.
 */
public final class InterestMatrix {
    /** How far a row sum may stray from 1 (absolute), so that hand-written 3-decimal rows still pass. */
    public static final double ROW_SUM_TOLERANCE = 1e-6;

    private final double[][] w;
    private final int[][] support;

    private InterestMatrix(double[][] w) {
        this.w = w;
        this.support = new int[w.length][];
        for (int n = 0; n < w.length; n++) {
            int count = 0;
            for (double x : w[n]) if (x > 0) count++;
            int[] s = new int[count];
            int k = 0;
            for (int m = 0; m < w[n].length; m++) if (w[n][m] > 0) s[k++] = m;
            support[n] = s;
        }
    }

    /**
     * Validates and copies the rows. Throws a {@link DdamInputException} naming the first bad row
     * (1-based) and entry: non-square, NaN/infinite, outside [0,1], or a row sum off by more than the tolerance.
     *
     * @param rows the N rows of W, each of length N; row n is agent n's weights over all agents (copied)
     * @return the validated matrix
     * @throws DdamInputException on the first bad row or entry
     */
    public static InterestMatrix of(double[][] rows) {
        int n = rows.length;
        double[][] copy = new double[n][];
        for (int r = 0; r < n; r++) {
            if (rows[r].length != n) {
                throw new DdamInputException("interest matrix row " + (r + 1) + " has " + rows[r].length
                        + " entries, expected " + n + " (W must be N x N)");
            }
            copy[r] = rows[r].clone();
            checkRow(r, copy[r]);
        }
        return new InterestMatrix(copy);
    }

    /**
     * Validates one row; shared by {@link #of} and by readers that check rows as they parse.
     *
     * @param r   the 0-based row index (messages show it 1-based)
     * @param row the row's entries
     * @throws DdamInputException if an entry is NaN, infinite or outside [0, 1], or the row does not sum
     *                            to 1 within {@link #ROW_SUM_TOLERANCE}
     */
    public static void checkRow(int r, double[] row) {
        double sum = 0;
        for (int m = 0; m < row.length; m++) {
            double x = row[m];
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new DdamInputException("interest matrix row " + (r + 1) + ", column " + (m + 1) + " is " + x);
            }
            if (x < 0 || x > 1) {
                throw new DdamInputException("interest matrix row " + (r + 1) + ", column " + (m + 1) + " is " + x
                        + ", outside [0, 1]");
            }
            sum += x;
        }
        if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
            throw new DdamInputException("interest matrix row " + (r + 1) + " sums to " + sum
                    + ", not 1 (tolerance " + ROW_SUM_TOLERANCE + "); W must be row-stochastic");
        }
    }

    /**
     * Checks that W fits a network of {@code nodes} nodes.
     *
     * @param nodes the network's node count N
     * @throws DdamInputException if W is not N x N
     */
    public void requireSize(int nodes) {
        if (size() != nodes) {
            throw new DdamInputException("interest matrix is " + size() + " x " + size() + " but the network has "
                    + nodes + " nodes");
        }
    }

    /**
     * N, the number of agents.
     *
     * @return the number of rows (= columns)
     */
    public int size() { return w.length; }

    /**
     * w_{n,m}: how much agent n cares about agent m's data.
     *
     * @param n the interested agent (row), 0..N-1
     * @param m the agent whose data it is (column), 0..N-1
     * @return the weight, in [0, 1]
     */
    public double weight(int n, int m) { return w[n][m]; }

    /**
     * Row n of W, agent n's weights over all agents.
     *
     * @param n the agent, 0..N-1
     * @return a fresh copy of the row (length N, sums to 1)
     */
    public double[] row(int n) { return w[n].clone(); }

    /**
     * W_n = {m : w_{n,m} &gt; 0}, ascending node indices: the agents whose data n needs, which its
     * routing tree must reach. The returned array is a copy.
     *
     * @param n the agent, 0..N-1
     * @return the node indices with a positive weight in row n, ascending
     */
    public int[] interestSet(int n) { return support[n].clone(); }

    /**
     * |W_n|, the number of agents whose data n needs (n itself included when w_{n,n} &gt; 0).
     *
     * @param n the agent, 0..N-1
     * @return the number of positive entries in row n
     */
    public int interestSetSize(int n) { return support[n].length; }

    /**
     * Number of positive entries (nnz).
     *
     * @return the count of w_{n,m} &gt; 0 over all n, m
     */
    public int nonZeroCount() {
        int c = 0;
        for (int[] s : support) c += s.length;
        return c;
    }

    /**
     * Fraction of positive entries, nnz / N²; 1 for a dense W.
     *
     * @return the density in [0, 1]; 0 for the empty matrix
     */
    public double density() {
        return size() == 0 ? 0 : nonZeroCount() / ((double) size() * size());
    }

    /**
     * A copy of the full matrix.
     *
     * @return N fresh rows of length N
     */
    public double[][] toArray() {
        double[][] c = new double[w.length][];
        for (int i = 0; i < w.length; i++) c[i] = w[i].clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterestMatrix other && Arrays.deepEquals(w, other.w);
    }

    @Override
    public int hashCode() { return Arrays.deepHashCode(w); }
}
