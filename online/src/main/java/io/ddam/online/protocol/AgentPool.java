package io.ddam.online.protocol;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one per-step body "for every agent n = 0..N−1" on a fixed set of workers, each owning a fixed
 * contiguous chunk of agents, and waits until all chunks are done. The protocols use it for the update
 * phase of a step, in which the agents' updates are independent given X_t.
 *
 * <p><b>Why results do not depend on the thread count.</b> Every agent is updated by exactly one worker,
 * with the same code and the same sequence of floating-point operations as in a one-thread loop; a
 * worker touches only its agents' state and its own scratch buffer ({@code worker} index), and reads only
 * data that no one writes during the phase. No value is ever combined across agents inside a phase, so
 * the chunking cannot change any rounding.
 *
 * <p><b>No per-step allocation.</b> The body is an object the protocol creates once per run; a step is a
 * volatile generation bump, an unpark per worker and a countdown. Workers spin briefly before parking,
 * so short steps do not pay for a wake-up. The calling thread runs chunk 0 itself; only the thread that
 * made the pool may call {@link #run}. Also used by {@code RegretMeter} for its per-agent measurements. Threads are created in
 * the constructor and stopped by {@link #close()}; with one worker no thread is created at all.
 */
public final class AgentPool implements AutoCloseable {
    /**
     * Below this many agents per worker a step is too short to be worth a hand-off: the pool then uses
     * fewer workers than asked (down to 1, i.e. the plain loop).
     */
    public static final int MIN_AGENTS_PER_WORKER = 16;

    private static final int SPINS = 1 << 14;

    /** One step's work over agents {@code from} (inclusive) to {@code to} (exclusive). */
    public interface Body {
        void run(int worker, int from, int to);
    }

    private final int workers;
    private final int[] bounds;
    private final Thread[] threads;
    private final Thread caller;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Body body;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    /**
     * @param agents  N
     * @param threads the most workers to use (≥ 1); fewer are used when N / threads &lt; {@link #MIN_AGENTS_PER_WORKER}
     */
    public AgentPool(int agents, int threads) {
        this.workers = workers(agents, threads);
        this.bounds = new int[workers + 1];
        for (int w = 0; w <= workers; w++) bounds[w] = (int) ((long) w * agents / workers);
        this.caller = Thread.currentThread();
        this.threads = new Thread[workers - 1];
        for (int w = 1; w < workers; w++) {
            int worker = w;
            Thread th = new Thread(() -> loop(worker), "ddam-agents-" + w);
            th.setDaemon(true);
            this.threads[w - 1] = th;
        }
        for (Thread th : this.threads) th.start();
    }

    /** The number of workers actually used for {@code agents} agents when {@code threads} are allowed. */
    public static int workers(int agents, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        return Math.max(1, Math.min(threads, agents / MIN_AGENTS_PER_WORKER));
    }

    /** Workers in use (the size a per-worker scratch array must have). */
    public int workers() { return workers; }

    /** Runs {@code b} over all agents, chunk by chunk, and returns when every chunk is done. */
    public void run(Body b) {
        if (workers == 1) {
            b.run(0, bounds[0], bounds[1]);
            return;
        }
        if (Thread.currentThread() != caller) throw new IllegalStateException("an agent pool is used by the thread that made it");
        body = b;
        remaining.set(workers - 1);
        generation++; // volatile write: publishes body and the protocol's state to the workers
        for (Thread th : threads) LockSupport.unpark(th);
        Throwable own = null;
        try {
            b.run(0, bounds[0], bounds[1]);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        int spins = 0;
        while (remaining.get() != 0) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        body = null;
        Throwable f = own != null ? own : failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error er) throw er;
            throw new IllegalStateException(f);
        }
    }

    private void loop(int worker) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) return;
            seen = generation;
            try {
                body.run(worker, bounds[worker], bounds[worker + 1]);
            } catch (Throwable e) {
                failure = e;
            }
            if (remaining.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    /** Stops the worker threads (idempotent). */
    @Override
    public void close() {
        closed = true;
        for (Thread th : threads) LockSupport.unpark(th);
    }
}
