package io.ddam.online.protocol;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one per-step body "for every agent n = 0..N−1" as a fixed number of contiguous chunks of agents
 * and waits until all chunks are done. The protocols use it for the update phase of a step, in which the
 * agents' updates are independent given X_t.
 *
 * <p><b>Why results do not depend on the thread count.</b> The chunks depend only on N and the number of
 * chunks, and every agent is updated by exactly one thread, with the same code and the same sequence of
 * floating-point operations as in a one-thread loop. A chunk touches only its agents' state and the
 * scratch buffer of its own index ({@code chunk}), and reads only data that no one writes during the
 * phase. No value is ever combined across agents inside a phase, so neither the chunking nor which
 * thread runs which chunk can change any rounding.
 *
 * <p><b>Scheduling.</b> Threads claim chunks from a shared counter; the calling thread claims chunks too,
 * so a worker that the operating system has not scheduled yet does not hold up the step: the caller
 * then runs that chunk itself (with that chunk's scratch). A step is a volatile generation bump, an
 * unpark per worker and one atomic claim per chunk; nothing is allocated. Waiting threads spin and
 * yield for a bounded time before parking ({@link #pause}), so back-to-back steps do not pay for a
 * wake-up.
 * Threads are created in the constructor and stopped by {@link #close()}; with one chunk no thread is
 * created at all. Only the thread that made the pool may call {@link #run}. Also used by {@code RegretMeter} for its per-agent measurements.
 */
public final class AgentPool implements AutoCloseable {
    /**
     * Below this many agents per chunk a step is too short to be worth a hand-off: the pool then uses
     * fewer chunks (and threads) than asked, down to 1, i.e. the plain loop.
     */
    public static final int MIN_AGENTS_PER_WORKER = 16;

    /**
     * Chunks per thread when several threads work (as many as {@link #MIN_AGENTS_PER_WORKER} allows). With
     * one chunk per thread, a worker that started a few microseconds late found its chunk taken by the
     * caller, who then ran both halves in turn (JFR, N = 100, 2 threads: the caller ran two thirds of the
     * chunk work); with smaller chunks a late thread still takes its share of what is left.
     */
    static final int CHUNKS_PER_THREAD = 4;

    /**
     * How long a waiting thread busy-waits, then yields, before it parks (see {@link #pause}). Measured in
     * time, not rounds: the gap between two steps' parallel phases (the meter's sums, the next data) is
     * tens of microseconds at N = 100, and an unpark costs about as much again; a worker that had parked
     * by then woke after the caller had already claimed its chunk, so 2 threads ran as 1 (JFR, N = 100:
     * the worker took 1 % of the samples). When the pool has more threads than the machine has cores,
     * spinning only takes cores from the threads that work: then waiting threads yield briefly and park.
     */
    private static final long SPIN_NANOS = 200_000, YIELD_NANOS = 1_000_000, OVERSUBSCRIBED_YIELD_NANOS = 50_000;

    private final long spinNanos, yieldNanos;

    /**
     * One step's work over agents {@code from} (inclusive) to {@code to} (exclusive) of chunk {@code chunk}.
     * The pool calls it once per agent ({@code to = from + 1}), in agent order within a chunk: a body called
     * N times per step reaches the JIT's call threshold within a step or two and is compiled as an ordinary
     * method, where a body looping over all agents once per step tended to be compiled on-stack first and
     * then again (3-5 % less CPU for a whole simulation, within the noise of single runs). The call costs
     * nanoseconds; an agent's work, microseconds.
     */
    public interface Body {
        /**
         * Does one step's work for agents {@code from..to-1}.
         *
         * @param chunk the chunk index, 0..workers()-1: which scratch buffer this call may use
         * @param from  first agent, inclusive
         * @param to    last agent, exclusive
         */
        void run(int chunk, int from, int to);
    }

    private final int workers;
    private final int[] bounds;
    private final Thread[] threads;
    private final Thread caller;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Body body;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    /**
     * Starts the pool's worker threads (none when one chunk suffices).
     *
     * @param agents  N
     * @param threads the most threads to use (≥ 1), the caller included; fewer are used when
     *                N / threads &lt; {@link #MIN_AGENTS_PER_WORKER}
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     */
    public AgentPool(int agents, int threads) {
        this(agents, threads, MIN_AGENTS_PER_WORKER);
    }

    /**
     * Starts the pool's worker threads with another floor on the agents per chunk: for per-agent work so long
     * (wide keys: milliseconds per agent) that even one agent per chunk is worth a hand-off.
     *
     * @param agents             N
     * @param threads            the most threads to use (≥ 1), the caller included
     * @param minAgentsPerWorker fewer threads are used when N / threads is below this (≥ 1)
     * @throws IllegalArgumentException if {@code threads} or {@code minAgentsPerWorker} &lt; 1
     */
    public AgentPool(int agents, int threads, int minAgentsPerWorker) {
        this.workers = workers(agents, threads, minAgentsPerWorker);
        this.bounds = new int[workers + 1];
        for (int w = 0; w <= workers; w++) bounds[w] = (int) ((long) w * agents / workers);
        this.caller = Thread.currentThread();
        int running = threadsUsed(agents, threads, minAgentsPerWorker);
        boolean oversubscribed = running > Runtime.getRuntime().availableProcessors();
        this.spinNanos = oversubscribed ? 0 : SPIN_NANOS;
        this.yieldNanos = oversubscribed ? OVERSUBSCRIBED_YIELD_NANOS : YIELD_NANOS;
        this.threads = new Thread[running - 1];
        for (int w = 1; w < running; w++) {
            Thread th = new Thread(this::loop, "ddam-agents-" + w);
            th.setDaemon(true);
            this.threads[w - 1] = th;
        }
        for (Thread th : this.threads) th.start();
    }

    /**
     * The number of chunks used for {@code agents} agents when {@code threads} are allowed: 1 for one
     * thread, else up to {@link #CHUNKS_PER_THREAD} per thread while each chunk keeps at least
     * {@link #MIN_AGENTS_PER_WORKER} agents. Never more than N / {@link #MIN_AGENTS_PER_WORKER}, the size
     * callers may give their per-chunk scratch.
     *
     * @param agents  N
     * @param threads the most threads allowed, ≥ 1
     * @return the chunk count, at least 1
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     */
    public static int workers(int agents, int threads) {
        return workers(agents, threads, MIN_AGENTS_PER_WORKER);
    }

    /**
     * The same for another floor on the agents per chunk ({@link #AgentPool(int, int, int)}).
     *
     * @param agents             N
     * @param threads            the most threads allowed, ≥ 1
     * @param minAgentsPerWorker the floor, ≥ 1
     * @return the chunk count, at least 1
     * @throws IllegalArgumentException if {@code threads} or {@code minAgentsPerWorker} &lt; 1
     */
    public static int workers(int agents, int threads, int minAgentsPerWorker) {
        int running = threadsUsed(agents, threads, minAgentsPerWorker);
        if (running == 1) return 1;
        return Math.min(running * CHUNKS_PER_THREAD, agents / minAgentsPerWorker); // running ≤ N/min: no overflow
    }

    /** Threads that work, the caller included: min(threads, N / {@link #MIN_AGENTS_PER_WORKER}), at least 1. */
    static int threadsUsed(int agents, int threads) {
        return threadsUsed(agents, threads, MIN_AGENTS_PER_WORKER);
    }

    /** Threads that work, the caller included: min(threads, N / minAgentsPerWorker), at least 1. */
    static int threadsUsed(int agents, int threads, int minAgentsPerWorker) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        if (minAgentsPerWorker < 1) throw new IllegalArgumentException("the agents per worker must be at least 1, not " + minAgentsPerWorker);
        return Math.max(1, Math.min(threads, agents / minAgentsPerWorker));
    }

    /**
     * Chunks in use (the size a per-chunk scratch array must have).
     *
     * @return the number of chunks, ≥ 1
     */
    public int workers() { return workers; }

    /**
     * Runs {@code b} over all agents, chunk by chunk, and returns when every chunk is done.
     * An exception thrown by any chunk is rethrown here.
     *
     * @param b the step's work
     * @throws IllegalStateException if called from another thread than the one that made the pool
     */
    public void run(Body b) {
        if (workers == 1) {
            for (int n = bounds[0]; n < bounds[1]; n++) b.run(0, n, n + 1);
            return;
        }
        if (Thread.currentThread() != caller) throw new IllegalStateException("an agent pool is used by the thread that made it");
        body = b;
        done.set(0);
        nextChunk.set(0); // after body: a thread that claims a chunk sees this step's body
        generation++;
        for (Thread th : threads) LockSupport.unpark(th);
        work();
        long since = System.nanoTime();
        while (done.get() != workers) pause(since);
        body = null;
        Throwable f = failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error er) throw er;
            throw new IllegalStateException(f);
        }
    }

    /**
     * Claims and runs chunks of the current step until none is left. The body is read after the claim:
     * a successful claim happens after this step's counter reset, hence after its body was published.
     */
    private void work() {
        for (int c = nextChunk.getAndIncrement(); c < workers; c = nextChunk.getAndIncrement()) {
            try {
                Body b = body;
                for (int n = bounds[c]; n < bounds[c + 1]; n++) b.run(c, n, n + 1);
            } catch (Throwable e) {
                failure = e;
            }
            if (done.incrementAndGet() == workers && Thread.currentThread() != caller) LockSupport.unpark(caller);
        }
    }

    private void loop() {
        int seen = 0;
        while (true) {
            long since = System.nanoTime();
            while (generation == seen && !closed) pause(since);
            if (closed) return;
            seen = generation;
            work();
        }
    }

    /**
     * One round of waiting that began at {@code since}: busy-waiting first (the next step usually comes
     * within microseconds), then yielding (so a waiting thread gives its core to whoever does the work,
     * e.g. when the machine is busy), then parking until unparked.
     */
    private void pause(long since) {
        long waited = System.nanoTime() - since;
        if (waited < spinNanos) {
            Thread.onSpinWait();
        } else if (waited < yieldNanos) {
            Thread.yield();
        } else {
            LockSupport.park(this);
        }
    }

    /** Stops the worker threads (idempotent). */
    @Override
    public void close() {
        closed = true;
        for (Thread th : threads) LockSupport.unpark(th);
    }
}
