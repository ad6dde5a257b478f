package io.ddam.solver.graph;

import io.ddam.solver.DdamInputException;

import java.util.Arrays;

/**
 * The interest (logical weight) matrix W of method.md §1: w_{n,m} is how much agent n cares about
 * agent m's data. It is row-stochastic: every entry lies in [0, 1] and every row sums to 1 within
 * {@link #ROW_SUM_TOLERANCE}. Rows and columns follow the network's node indices. W_n, the agents
 * whose data n needs, is {@link #interestSet(int)}; it contains n itself when w_{n,n} &gt; 0.
 * Immutable.
 *
 * <p>W is stored by its nonzeros (compressed rows: per row the ascending columns with a positive
 * weight and their weights), so a sparse W of a large network (top-k interest on 10,000 nodes:
 * 40,000 nonzeros) costs kilobytes, not the 800 MB of a dense 10,000 x 10,000 matrix. For small N
 * (at most {@value #DENSE_MAX_N}) a dense copy is kept as well, so {@link #weight} stays one array
 * read there; for larger N it is a binary search in the row's nonzeros.
 */
public final class InterestMatrix {
    /** How far a row sum may stray from 1 (absolute), so that hand-written 3-decimal rows still pass. */
    public static final double ROW_SUM_TOLERANCE = 1e-6;

    /** Largest N for which a dense copy is kept beside the nonzeros (8 MB at most). */
    public static final int DENSE_MAX_N = 1024;

    private final int n;
    private final int[][] support;    // per row: ascending columns with a positive weight
    private final double[][] values;  // per row: the weights of those columns
    private final double[][] dense;   // N x N when N <= DENSE_MAX_N, else null

    private InterestMatrix(int[][] support, double[][] values) {
        this.n = support.length;
        this.support = support;
        this.values = values;
        if (n <= DENSE_MAX_N) {
            dense = new double[n][n];
            for (int r = 0; r < n; r++) for (int i = 0; i < support[r].length; i++) dense[r][support[r][i]] = values[r][i];
        } else {
            dense = null;
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
        int[][] support = new int[n][];
        double[][] values = new double[n][];
        for (int r = 0; r < n; r++) {
            if (rows[r].length != n) {
                throw new DdamInputException("interest matrix row " + (r + 1) + " has " + rows[r].length
                        + " entries, expected " + n + " (W must be N x N)");
            }
            double[] row = rows[r].clone();
            checkRow(r, row);
            int count = 0;
            for (double x : row) if (x > 0) count++;
            int[] s = new int[count];
            double[] v = new double[count];
            int k = 0;
            for (int m = 0; m < n; m++) {
                if (row[m] > 0) {
                    s[k] = m;
                    v[k++] = row[m];
                }
            }
            support[r] = s;
            values[r] = v;
        }
        return new InterestMatrix(support, values);
    }

    /**
     * W from its nonzeros: row r has weight {@code weights[r][i]} at column {@code columns[r][i]}.
     * Columns must be distinct and in 0..N−1 (any order; they are sorted), weights in (0, 1], and
     * each row must sum to 1 within {@link #ROW_SUM_TOLERANCE}; zero weights are dropped.
     *
     * @param n       N, the number of agents
     * @param columns per row, the columns of its entries (copied)
     * @param weights per row, the weights of those entries (copied)
     * @return the validated matrix
     * @throws DdamInputException on the first bad row or entry (rows and columns named 1-based)
     */
    public static InterestMatrix sparse(int n, int[][] columns, double[][] weights) {
        if (n < 0 || columns.length != n || weights.length != n) {
            throw new DdamInputException("sparse interest matrix for " + n + " agents has " + columns.length + " rows of columns and "
                    + weights.length + " rows of weights");
        }
        int[][] support = new int[n][];
        double[][] values = new double[n][];
        for (int r = 0; r < n; r++) {
            int[] c = columns[r];
            double[] w = weights[r];
            if (c.length != w.length) {
                throw new DdamInputException("interest matrix row " + (r + 1) + " has " + c.length + " columns but " + w.length + " weights");
            }
            Integer[] order = new Integer[c.length];
            for (int i = 0; i < c.length; i++) order[i] = i;
            Arrays.sort(order, (x, y) -> Integer.compare(c[x], c[y]));
            double sum = 0;
            int count = 0;
            for (int i = 0; i < c.length; i++) {
                int col = c[order[i]];
                double x = w[order[i]];
                if (col < 0 || col >= n) {
                    throw new DdamInputException("interest matrix row " + (r + 1) + " names column " + (col + 1) + ", outside 1.." + n);
                }
                if (i > 0 && col == c[order[i - 1]]) {
                    throw new DdamInputException("interest matrix row " + (r + 1) + " gives column " + (col + 1) + " twice");
                }
                if (Double.isNaN(x) || Double.isInfinite(x) || x < 0 || x > 1) {
                    throw new DdamInputException("interest matrix row " + (r + 1) + ", column " + (col + 1) + " is " + x
                            + ", outside [0, 1]");
                }
                sum += x;
                if (x > 0) count++;
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new DdamInputException("interest matrix row " + (r + 1) + " sums to " + sum
                        + ", not 1 (tolerance " + ROW_SUM_TOLERANCE + "); W must be row-stochastic");
            }
            int[] s = new int[count];
            double[] v = new double[count];
            int k = 0;
            for (int i = 0; i < c.length; i++) {
                if (w[order[i]] > 0) {
                    s[k] = c[order[i]];
                    v[k++] = w[order[i]];
                }
            }
            support[r] = s;
            values[r] = v;
        }
        return new InterestMatrix(support, values);
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
    public int size() { return n; }

    /**
     * w_{n,m}: how much agent n cares about agent m's data.
     *
     * @param n the interested agent (row), 0..N-1
     * @param m the agent whose data it is (column), 0..N-1
     * @return the weight, in [0, 1]
     */
    public double weight(int n, int m) {
        if (dense != null) return dense[n][m];
        if (m < 0 || m >= this.n) throw new ArrayIndexOutOfBoundsException("column " + m + " outside 0.." + (this.n - 1));
        int i = Arrays.binarySearch(support[n], m);
        return i >= 0 ? values[n][i] : 0.0;
    }

    /**
     * Row n of W, agent n's weights over all agents.
     *
     * @param n the agent, 0..N-1
     * @return a fresh copy of the row (length N, sums to 1)
     */
    public double[] row(int n) {
        double[] r = new double[this.n];
        for (int i = 0; i < support[n].length; i++) r[support[n][i]] = values[n][i];
        return r;
    }

    /**
     * W_n = {m : w_{n,m} &gt; 0}, ascending node indices: the agents whose data n needs, which its
     * routing tree must reach. The returned array is a copy.
     *
     * @param n the agent, 0..N-1
     * @return the node indices with a positive weight in row n, ascending
     */
    public int[] interestSet(int n) { return support[n].clone(); }

    /**
     * The positive weights of row n, in the order of {@link #interestSet(int)}: what a sparse consumer
     * needs without a lookup per entry.
     *
     * @param n the agent, 0..N-1
     * @return a fresh array, entry i = w_{n, interestSet(n)[i]}
     */
    public double[] interestWeights(int n) { return values[n].clone(); }

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
     * A copy of the full matrix (N² doubles: for small N, or to hand W to code that wants it dense).
     *
     * @return N fresh rows of length N
     */
    public double[][] toArray() {
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) c[i] = row(i);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterestMatrix other && n == other.n && Arrays.deepEquals(support, other.support)
                && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() { return 31 * Arrays.deepHashCode(support) + Arrays.deepHashCode(values); }
}
