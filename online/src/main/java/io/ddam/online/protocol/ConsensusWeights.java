package io.ddam.online.protocol;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The consensus (mixing) matrix A of C-DOGD, method.md §2.2 / eq. (11): symmetric, doubly stochastic,
 * non-negative and supported on the physical graph G plus self-loops. The default is Metropolis–Hastings,
 * a_{n,m} = 1/(1+max(deg n, deg m)) on edges and a_{n,n} = 1 − Σ_{m≠n} a_{n,m}, which is doubly
 * stochastic for any graph without global knowledge. {@link #spectralGap()} gives α = 1 − (second-largest
 * eigenvalue modulus), the quantity in Theorem 2's bound; it is 0 exactly when G is disconnected (no
 * consensus) and positive on connected graphs with MH weights, whose self-weights are positive.
 * Immutable; rows are stored sparsely so the protocol's mixing step costs O(|E|·d) per iteration.
 */
public final class ConsensusWeights {
    /** How far row/column sums and symmetric pairs may stray (absolute). */
    public static final double TOLERANCE = 1e-9;

    private final double[][] a;
    private final int[][] support;
    private final double[][] weight;
    private final String kind;

    private ConsensusWeights(String kind, double[][] a) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new DdamInputException("consensus matrix row " + (i + 1) + " has " + a[i].length
                        + " entries, expected " + n);
            }
        }
        double[] colSum = new double[n];
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            for (int j = 0; j < n; j++) {
                double x = a[i][j];
                if (!(x >= 0) || Double.isInfinite(x)) {
                    throw new DdamInputException("consensus matrix entry (" + (i + 1) + "," + (j + 1) + ") is " + x
                            + "; entries must be finite and non-negative");
                }
                if (Math.abs(x - a[j][i]) > TOLERANCE) {
                    throw new DdamInputException("consensus matrix is not symmetric at (" + (i + 1) + "," + (j + 1) + ")");
                }
                rowSum += x;
                colSum[j] += x;
            }
            if (Math.abs(rowSum - 1) > TOLERANCE) {
                throw new DdamInputException("consensus matrix row " + (i + 1) + " sums to " + rowSum + ", not 1");
            }
        }
        for (int j = 0; j < n; j++) {
            if (Math.abs(colSum[j] - 1) > TOLERANCE) {
                throw new DdamInputException("consensus matrix column " + (j + 1) + " sums to " + colSum[j] + ", not 1");
            }
        }
        this.kind = kind;
        this.a = a;
        this.support = new int[n][];
        this.weight = new double[n][];
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (double x : a[i]) if (x > 0) count++;
            support[i] = new int[count];
            weight[i] = new double[count];
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (a[i][j] > 0) {
                    support[i][k] = j;
                    weight[i][k++] = a[i][j];
                }
            }
        }
    }

    /**
     * Metropolis–Hastings weights on {@code network} (the default of method.md §2.2).
     *
     * @param network the physical graph G
     * @return A with a_{n,m} = 1/(1+max(deg n, deg m)) on edges, the rest on the diagonal
     */
    public static ConsensusWeights metropolisHastings(Network network) {
        int n = network.nodeCount();
        double[][] a = new double[n][n];
        for (int e = 0; e < network.edgeCount(); e++) {
            int u = network.edgeU(e), v = network.edgeV(e);
            double w = 1.0 / (1 + Math.max(network.degree(u), network.degree(v)));
            a[u][v] = w;
            a[v][u] = w;
        }
        fillDiagonal(a);
        return new ConsensusWeights("mh", a);
    }

    /**
     * The same rule as {@link #byName} kind {@code kind} ({@code mh} or {@code max-degree}) on the live graph:
     * only the links with {@code up[e]} count, for the degrees and the support. Still symmetric and doubly
     * stochastic; a node with no live link gets a_{n,n} = 1 (it learns alone). With every link up the result
     * is bitwise the fixed-graph matrix.
     *
     * @param kind    {@code mh} or {@code max-degree}
     * @param network the physical graph G
     * @param up      per edge of G, whether it is up
     * @return A on the live graph
     * @throws DdamInputException if {@code kind} is neither
     */
    public static ConsensusWeights live(String kind, Network network, boolean[] up) {
        int n = network.nodeCount();
        int[] deg = new int[n];
        for (int e = 0; e < network.edgeCount(); e++) {
            if (!up[e]) continue;
            deg[network.edgeU(e)]++;
            deg[network.edgeV(e)]++;
        }
        double[][] a = new double[n][n];
        boolean mh = switch (kind) {
            case "mh", "metropolis-hastings" -> true;
            case "max-degree" -> false;
            default -> throw new DdamInputException("consensus weights '" + kind + "' cannot follow link failures (use mh or max-degree)");
        };
        int maxDeg = 0;
        for (int i = 0; i < n; i++) maxDeg = Math.max(maxDeg, deg[i]);
        for (int e = 0; e < network.edgeCount(); e++) {
            if (!up[e]) continue;
            int u = network.edgeU(e), v = network.edgeV(e);
            double w = mh ? 1.0 / (1 + Math.max(deg[u], deg[v])) : 1.0 / (1 + maxDeg);
            a[u][v] = w;
            a[v][u] = w;
        }
        fillDiagonal(a);
        return new ConsensusWeights(mh ? "mh" : "max-degree", a);
    }

    /**
     * Max-degree weights a_{n,m} = 1/(1+Δ) on edges (Δ the largest degree), a_{n,n} the rest: a simpler
     * alternative to MH that needs the global maximum degree.
     *
     * @param network the physical graph G
     * @return A with 1/(1+Δ) on every edge, the rest on the diagonal
     */
    public static ConsensusWeights maxDegree(Network network) {
        int n = network.nodeCount();
        int maxDeg = 0;
        for (int i = 0; i < n; i++) maxDeg = Math.max(maxDeg, network.degree(i));
        double[][] a = new double[n][n];
        double w = 1.0 / (1 + maxDeg);
        for (int e = 0; e < network.edgeCount(); e++) {
            a[network.edgeU(e)][network.edgeV(e)] = w;
            a[network.edgeV(e)][network.edgeU(e)] = w;
        }
        fillDiagonal(a);
        return new ConsensusWeights("max-degree", a);
    }

    /**
     * A = I: no mixing, so C-DOGD degenerates to local learners with w_{n,n} = 1.
     *
     * @param agents N
     * @return the N x N identity
     */
    public static ConsensusWeights identity(int agents) {
        double[][] a = new double[agents][agents];
        for (int i = 0; i < agents; i++) a[i][i] = 1;
        return new ConsensusWeights("identity", a);
    }

    /**
     * A user-given matrix, validated (symmetric, doubly stochastic, non-negative); copied.
     *
     * @param a the N x N matrix
     * @return the weights, kind {@code custom}
     * @throws DdamInputException if A is not square, has a negative or non-finite entry, is not symmetric,
     *                            or a row or column does not sum to 1 within {@link #TOLERANCE}
     */
    public static ConsensusWeights of(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return new ConsensusWeights("custom", c);
    }

    /**
     * As {@link #of(double[][])}, and also checks that A is supported on the edges of {@code network}.
     *
     * @param network the physical graph G
     * @param a       the N x N matrix; off-diagonal entries may be positive only on edges of G
     * @return the weights, kind {@code custom}
     * @throws DdamInputException as {@link #of(double[][])}, or if the size or support does not fit G
     */
    public static ConsensusWeights of(Network network, double[][] a) {
        ConsensusWeights w = of(a);
        if (w.size() != network.nodeCount()) {
            throw new DdamInputException("consensus matrix is " + w.size() + " x " + w.size() + " but the network has "
                    + network.nodeCount() + " nodes");
        }
        for (int i = 0; i < w.size(); i++) {
            for (int j : w.support[i]) {
                if (j != i && network.edgeBetween(i, j) < 0) {
                    throw new DdamInputException("consensus matrix entry (" + (i + 1) + "," + (j + 1)
                            + ") is positive but there is no link between " + network.describe(i) + " and "
                            + network.describe(j));
                }
            }
        }
        return w;
    }

    /**
     * Builds A by name: {@code mh} (Metropolis–Hastings, default) or {@code max-degree}.
     *
     * @param name    {@code mh}, {@code metropolis-hastings} or {@code max-degree}
     * @param network the physical graph G
     * @return the weights
     * @throws DdamInputException if the name is unknown
     */
    public static ConsensusWeights byName(String name, Network network) {
        return switch (name) {
            case "mh", "metropolis-hastings" -> metropolisHastings(network);
            case "max-degree" -> maxDegree(network);
            default -> throw new DdamInputException("unknown consensus weights '" + name + "' (use mh or max-degree)");
        };
    }

    private static void fillDiagonal(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < a.length; j++) if (j != i) s += a[i][j];
            a[i][i] = 1 - s;
        }
    }

    /**
     * How A was built.
     *
     * @return {@code mh}, {@code max-degree}, {@code identity} or {@code custom}
     */
    public String kind() { return kind; }

    /**
     * N.
     *
     * @return the number of agents (rows of A)
     */
    public int size() { return a.length; }

    /**
     * a_{n,m}, the weight agent n gives agent m's memory when mixing.
     *
     * @param n the receiving agent, 0..N-1
     * @param m the sending agent, 0..N-1
     * @return the weight in [0, 1]
     */
    public double weight(int n, int m) { return a[n][m]; }

    /**
     * A as a fresh dense array.
     *
     * @return a new N x N copy
     */
    public double[][] toArray() {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    /** The indices m with a_{n,m} &gt; 0 (n itself included when a_{n,n} &gt; 0), ascending. */
    int[] supportOf(int n) { return support[n]; }

    /** The positive weights in the order of {@link #supportOf}. */
    double[] weightsOf(int n) { return weight[n]; }

    /**
     * α = 1 − σ₂, σ₂ the second-largest eigenvalue modulus of A (A is symmetric, so its eigenvalues are
     * real and EJML's symmetric decomposition applies). Clamped to [0, 1] against round-off; 1 for N = 1.
     *
     * @return α ∈ [0, 1]; 0 when G is disconnected
     * @throws IllegalStateException if the eigen decomposition fails
     */
    public double spectralGap() {
        int n = a.length;
        if (n <= 1) return 1.0;
        DMatrixRMaj m = new DMatrixRMaj(a);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(m)) throw new IllegalStateException("eigen decomposition of the consensus matrix failed");
        double[] mod = new double[n];
        for (int i = 0; i < n; i++) mod[i] = Math.abs(eig.getEigenvalue(i).getReal());
        Arrays.sort(mod);
        double gap = 1 - mod[n - 2];
        return Math.max(0.0, Math.min(1.0, gap));
    }
}
