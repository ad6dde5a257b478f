package io.ddam.online.protocol;

/**
 * What link failures cost a run: how many messages a failure-aware protocol sent and how many of them a
 * down link lost ({@link DdamTogdProtocol#withFailures}, {@link CdogdProtocol#withFailures}). For
 * DDAM-TOGD a message is one gradient term (n, m, s) with m ≠ n that is due within the run; for C-DOGD it
 * is one memory X_{m,t} sent to one neighbour n at one step. A protocol writes its counts once, at the
 * end of each run (the last run wins), from the thread that called {@code run}.
 */
public final class MessageLoss {
    private volatile long sent;
    private volatile long lost;

    /** Empty counts. */
    public MessageLoss() {}

    void set(long sent, long lost) {
        this.sent = sent;
        this.lost = lost;
    }

    /**
     * Messages sent over links.
     *
     * @return the count of the last run
     */
    public long sent() { return sent; }

    /**
     * Messages lost to down links.
     *
     * @return the count of the last run
     */
    public long lost() { return lost; }

    /**
     * lost / sent.
     *
     * @return the lost fraction, 0 when nothing was sent
     */
    public double fraction() { return sent == 0 ? 0.0 : (double) lost / sent; }
}
