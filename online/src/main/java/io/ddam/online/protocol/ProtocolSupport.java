package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.MemoryCost;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;

/**
 * Checks and buffers shared by the protocols: every protocol validates the same shapes (agents, key
 * and value dimensions, horizon) before it allocates, so a mismatch is a user error rather than an
 * {@link ArrayIndexOutOfBoundsException} deep inside a hot loop.
 */
final class ProtocolSupport {
    private ProtocolSupport() {}

    /** W back from the supports and weights a protocol keeps (row n: weight[n][i] at column support[n][i]). */
    static InterestMatrix interest(int[][] support, double[][] weight) {
        double[][] rows = new double[support.length][support.length];
        for (int n = 0; n < support.length; n++) {
            for (int i = 0; i < support[n].length; i++) rows[n][support[n][i]] = weight[n][i];
        }
        return InterestMatrix.of(rows);
    }

    /** Validates the data stream against the cost and the number of agents the protocol was built for. */
    static void checkRun(String protocol, DataStream data, MemoryCost cost, int agents, int iterations) {
        if (data.agents() != agents) {
            throw new DdamInputException(protocol + ": the data stream has " + data.agents()
                    + " agents but the protocol was built for " + agents);
        }
        if (data.keyDim() != cost.keyDim()) {
            throw new DdamInputException(protocol + ": the data has keys of dimension " + data.keyDim()
                    + " but the cost " + cost.name() + " expects " + cost.keyDim());
        }
        if (data.valueDim() != cost.rows()) {
            throw new DdamInputException(protocol + ": the data has values of dimension " + data.valueDim()
                    + " but the cost " + cost.name() + " has " + cost.rows() + " rows");
        }
        if (iterations < 0 || iterations > data.horizon()) {
            throw new DdamInputException(protocol + ": cannot run " + iterations + " iterations on a stream of horizon "
                    + data.horizon());
        }
    }

    /** Copies and validates per-agent step sizes: finite and non-negative (0 freezes an agent). */
    static double[] checkEta(String protocol, double[] eta, int agents) {
        if (eta.length != agents) {
            throw new DdamInputException(protocol + ": " + eta.length + " step sizes given for " + agents + " agents");
        }
        for (int n = 0; n < agents; n++) {
            if (!(eta[n] >= 0) || Double.isInfinite(eta[n])) {
                throw new DdamInputException(protocol + ": step size of agent " + n + " is " + eta[n]
                        + "; it must be finite and non-negative");
            }
        }
        return eta.clone();
    }

    /** Validates a thread count. */
    static int checkThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("the number of threads must be at least 1, not " + threads);
        return threads;
    }

    static void checkInterest(String protocol, InterestMatrix w, int agents) {
        if (w.size() != agents) {
            throw new DdamInputException(protocol + ": the interest matrix is " + w.size() + " x " + w.size()
                    + " but there are " + agents + " agents");
        }
    }

    /** Reads the next step into the buffers; a stream that ends early is a broken stream, not user input. */
    static void advance(DataStream.Cursor cursor, double[][] keys, double[][] values, int t) {
        int got = cursor.next(keys, values);
        if (got != t) {
            throw new IllegalStateException("data stream returned step " + got + " where step " + t + " was expected");
        }
    }
}
