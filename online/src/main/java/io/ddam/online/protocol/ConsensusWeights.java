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
 * Immutable; rows are stored sparsely (O(N + |E|) memory, never N × N) so the protocol's mixing step costs
 * O(|E|·d) per iteration and 10⁵ agents fit.
 */
public final class ConsensusWeights {
    /** How far row/column sums and symmetric pairs may stray (absolute). */
    public static final double TOLERANCE = 1e-9;

    /** Above this many agents {@link #spectralGap} uses sparse Lanczos instead of EJML's dense O(N³) eigen solver. */
    static final int DENSE_EIGEN_MAX = 500;

    private final int n;
    private final int[][] support;   // per row: ascending columns with a positive weight
    private final double[][] weight; // per row: those weights
    private final String kind;

    /** From a dense matrix (user input): validated entry by entry, then kept as sparse rows. */
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
        this.n = n;
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
     * From the off-diagonal weights of a graph rule (symmetric by construction, entries on the graph's
     * links): a_{n,n} = 1 − Σ_{m≠n} a_{n,m} summed in increasing m, as the dense rule did, so every weight
     * is bitwise the same as from an N × N array; O(N + |E|) time and memory.
     *
     * @param neighbours per node, the other end of each live link (any order, repeats allowed)
     * @param offWeight  per node, the weight of each of those links (the same for repeats)
     */
    private ConsensusWeights(String kind, int[][] neighbours, double[][] offWeight) {
        this.kind = kind;
        this.n = neighbours.length;
        this.support = new int[n][];
        this.weight = new double[n][];
        for (int i = 0; i < n; i++) {
            int[] nb = neighbours[i];
            long[] order = new long[nb.length];
            for (int j = 0; j < nb.length; j++) order[j] = ((long) nb[j] << 32) | j;
            Arrays.sort(order);
            int[] cols = new int[nb.length + 1];
            double[] w = new double[nb.length + 1];
            int c = 0;
            double sum = 0;
            int last = -1;
            for (long o : order) {
                int m = (int) (o >>> 32);
                if (m == last || m == i) continue; // a parallel link sets the same entry once
                last = m;
                double x = offWeight[i][(int) o];
                sum += x;
                cols[c] = m;
                w[c++] = x;
            }
            double self = 1 - sum;
            int k = 0;
            support[i] = new int[self > 0 ? c + 1 : c];
            weight[i] = new double[support[i].length];
            boolean placed = !(self > 0);
            for (int j = 0; j < c; j++) {
                if (!placed && cols[j] > i) {
                    support[i][k] = i;
                    weight[i][k++] = self;
                    placed = true;
                }
                support[i][k] = cols[j];
                weight[i][k++] = w[j];
            }
            if (!placed) {
                support[i][k] = i;
                weight[i][k] = self;
            }
            if (!(self >= -TOLERANCE)) {
                throw new DdamInputException("consensus matrix row " + (i + 1) + " sums to " + sum + " off the diagonal, above 1");
            }
        }
    }

    /** The graph rule's rows: the neighbours of every node over the links {@code up} (null: all) with weight {@code f}. */
    private static ConsensusWeights fromLinks(String kind, Network network, boolean[] up, LinkWeight f) {
        int n = network.nodeCount();
        int[] deg = new int[n];
        for (int e = 0; e < network.edgeCount(); e++) {
            if (up != null && !up[e]) continue;
            deg[network.edgeU(e)]++;
            deg[network.edgeV(e)]++;
        }
        int[][] nb = new int[n][];
        double[][] wt = new double[n][];
        for (int i = 0; i < n; i++) {
            nb[i] = new int[deg[i]];
            wt[i] = new double[deg[i]];
        }
        int[] fill = new int[n];
        for (int e = 0; e < network.edgeCount(); e++) {
            if (up != null && !up[e]) continue;
            int u = network.edgeU(e), v = network.edgeV(e);
            double w = f.weight(u, v);
            nb[u][fill[u]] = v;
            wt[u][fill[u]++] = w;
            nb[v][fill[v]] = u;
            wt[v][fill[v]++] = w;
        }
        return new ConsensusWeights(kind, nb, wt);
    }

    /** The weight of a link between u and v under a graph rule. */
    private interface LinkWeight {
        double weight(int u, int v);
    }

    /**
     * Metropolis–Hastings weights on {@code network} (the default of method.md §2.2).
     *
     * @param network the physical graph G
     * @return A with a_{n,m} = 1/(1+max(deg n, deg m)) on edges, the rest on the diagonal
     */
    public static ConsensusWeights metropolisHastings(Network network) {
        return fromLinks("mh", network, null,
                (u, v) -> 1.0 / (1 + Math.max(network.degree(u), network.degree(v))));
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
        boolean mh = switch (kind) {
            case "mh", "metropolis-hastings" -> true;
            case "max-degree" -> false;
            default -> throw new DdamInputException("consensus weights '" + kind + "' cannot follow link failures (use mh or max-degree)");
        };
        int maxDeg = 0;
        for (int i = 0; i < n; i++) maxDeg = Math.max(maxDeg, deg[i]);
        double md = 1.0 / (1 + maxDeg);
        return fromLinks(mh ? "mh" : "max-degree", network, up,
                (u, v) -> mh ? 1.0 / (1 + Math.max(deg[u], deg[v])) : md);
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
        double w = 1.0 / (1 + maxDeg);
        return fromLinks("max-degree", network, null, (u, v) -> w);
    }

    /**
     * A = I: no mixing, so C-DOGD degenerates to local learners with w_{n,n} = 1.
     *
     * @param agents N
     * @return the N x N identity
     */
    public static ConsensusWeights identity(int agents) {
        int[][] nb = new int[agents][0];
        double[][] wt = new double[agents][0];
        return new ConsensusWeights("identity", nb, wt);
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
    public int size() { return n; }

    /**
     * a_{n,m}, the weight agent n gives agent m's memory when mixing.
     *
     * @param n the receiving agent, 0..N-1
     * @param m the sending agent, 0..N-1
     * @return the weight in [0, 1]
     */
    public double weight(int n, int m) {
        int i = Arrays.binarySearch(support[n], m);
        return i >= 0 ? weight[n][i] : 0.0;
    }

    /**
     * A as a fresh dense array.
     *
     * @return a new N x N copy
     */
    public double[][] toArray() {
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) for (int k = 0; k < support[i].length; k++) c[i][support[i][k]] = weight[i][k];
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
        if (n <= 1) return 1.0;
        double second;
        if (n <= DENSE_EIGEN_MAX) {
            DMatrixRMaj m = new DMatrixRMaj(toArray());
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
            if (!eig.decompose(m)) throw new IllegalStateException("eigen decomposition of the consensus matrix failed");
            double[] mod = new double[n];
            for (int i = 0; i < n; i++) mod[i] = Math.abs(eig.getEigenvalue(i).getReal());
            Arrays.sort(mod);
            second = mod[n - 2];
        } else {
            second = secondModulusLanczos();
        }
        double gap = 1 - second;
        return Math.max(0.0, Math.min(1.0, gap));
    }

    /** {@link #spectralGap} by the Lanczos path whatever N (for tests against the dense solver). */
    double spectralGapLanczos() {
        if (n <= 1) return 1.0;
        double second = secondModulusLanczos();
        double gap = 1 - second;
        return Math.max(0.0, Math.min(1.0, gap));
    }

    /**
     * σ₂ of A for large N without an N × N array: A is symmetric with A𝟙 = 𝟙, so σ₂ is the spectral radius of
     * B = A − 𝟙𝟙ᵀ/N, whose extreme eigenvalues the Lanczos iteration finds from products with the sparse rows
     * (O(nnz(A)) each, two vectors of length N kept). Without re-orthogonalisation the extreme Ritz values
     * still converge (Paige; lost orthogonality only adds copies of converged values). They are found by
     * Sturm-sequence bisection on the tridiagonal matrix every {@link #LANCZOS_CHECK} steps, and the iteration
     * stops when σ₂ has moved less than 10⁻¹² over that many steps. Against EJML's dense solver on graphs of
     * 500–800 nodes it agrees to 1e-9 (ConsensusWeightsTest). Deterministic (a fixed start vector).
     */
    private double secondModulusLanczos() {
        double[] alpha = new double[LANCZOS_MAX_STEPS], beta = new double[LANCZOS_MAX_STEPS + 1];
        double[] q = new double[n], prev = new double[n], w = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(20260);
        for (int i = 0; i < n; i++) q[i] = r.nextDouble() - 0.5;
        deflate(q);
        scale(q, 1 / norm(q));
        double previous = Double.NaN;
        for (int j = 0; j < LANCZOS_MAX_STEPS; j++) {
            multiply(q, w);
            deflate(w);
            double a = dot(w, q);
            alpha[j] = a;
            for (int x = 0; x < n; x++) w[x] -= a * q[x] + beta[j] * prev[x];
            double b = norm(w);
            int m = j + 1;
            boolean last = b < 1e-12 || m == LANCZOS_MAX_STEPS || m == n - 1;
            if (m % LANCZOS_CHECK == 0 || last) {
                double sigma = Math.max(Math.abs(extremeEigenvalue(alpha, beta, m, true)),
                        Math.abs(extremeEigenvalue(alpha, beta, m, false)));
                if (last || Math.abs(sigma - previous) <= 1e-12) return sigma;
                previous = sigma;
            }
            beta[m] = b;
            double[] t = prev;
            prev = q;
            q = t;
            for (int x = 0; x < n; x++) q[x] = w[x] / b;
        }
        return previous;
    }

    /** The most Lanczos steps {@link #spectralGap} takes for large N. */
    static final int LANCZOS_MAX_STEPS = 50_000;

    /** Lanczos steps between two convergence checks. */
    private static final int LANCZOS_CHECK = 25;

    /**
     * The largest (or smallest) eigenvalue of the m × m symmetric tridiagonal matrix with diagonal alpha and
     * off-diagonal beta[1..m−1], by bisection on the Sturm count (eigenvalues of B lie in [−1, 1]).
     */
    private static double extremeEigenvalue(double[] alpha, double[] beta, int m, boolean largest) {
        double lo = -1.5, hi = 1.5;
        for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
            double mid = 0.5 * (lo + hi);
            int below = sturmCount(alpha, beta, m, mid); // eigenvalues < mid
            if (largest ? below < m : below < 1) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** How many eigenvalues of the tridiagonal matrix are below x (LDLᵀ pivots' signs). */
    private static int sturmCount(double[] alpha, double[] beta, int m, double x) {
        int count = 0;
        double d = 1;
        for (int i = 0; i < m; i++) {
            double b2 = i == 0 ? 0 : beta[i] * beta[i];
            d = alpha[i] - x - (i == 0 ? 0 : b2 / d);
            if (d == 0) d = -1e-300;
            if (d < 0) count++;
        }
        return count;
    }

    private void multiply(double[] x, double[] out) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            int[] sp = support[i];
            double[] wt = weight[i];
            for (int k = 0; k < sp.length; k++) s += wt[k] * x[sp[k]];
            out[i] = s;
        }
    }

    private void deflate(double[] x) {
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        for (int i = 0; i < n; i++) x[i] -= mean;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }

    private static void scale(double[] a, double f) {
        for (int i = 0; i < a.length; i++) a[i] *= f;
    }

}
