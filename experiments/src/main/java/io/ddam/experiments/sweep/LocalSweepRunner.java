package io.ddam.experiments.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process runner ({@code --engine local}): a fixed pool of threads, one cell per thread at a time,
 * each cell's rows handed to the sink from the thread that computed them. Cells are started dearest
 * first ({@link CellFunction#cost}), so that a long cell does not run alone at the end. The rows do not
 * depend on the thread count: each cell runs on one thread, through the same pure function.
 */
public final class LocalSweepRunner implements SweepRunner {
    /** Told when each cell finishes, e.g. to draw a progress bar; called from the worker threads. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One cell is done and its rows are in the sink.
         *
         * @param cell  the cell
         * @param nanos its wall time
         */
        void finished(Cell cell, long nanos);
    }

    private final int threads;
    private final Listener listener;

    /**
     * A runner on {@code threads} threads, telling nobody.
     *
     * @param threads threads, at least 1
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     */
    public LocalSweepRunner(int threads) {
        this(threads, (c, n) -> { });
    }

    /**
     * A runner on {@code threads} threads that tells {@code listener} about each finished cell.
     *
     * @param threads  threads, at least 1
     * @param listener told of each finished cell
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     */
    public LocalSweepRunner(int threads, Listener listener) {
        if (threads < 1) throw new IllegalArgumentException("the number of threads must be at least 1, not " + threads);
        this.threads = threads;
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * The thread count.
     *
     * @return threads, at least 1
     */
    public int threads() { return threads; }

    @Override
    public void run(List<Cell> cells, CellFunction function, RowSink sink) {
        if (cells.isEmpty()) return;
        List<Cell> order = new ArrayList<>(cells);
        // Dearest first (stable: equal costs keep the grid's order), so the pool drains evenly.
        order.sort(Comparator.comparingDouble((Cell c) -> -function.cost(c)));
        int n = Math.min(threads, order.size());
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "ddam-sweep-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Cell> done = new ExecutorCompletionService<>(pool);
        List<Future<Cell>> futures = new ArrayList<>();
        try {
            for (Cell c : order) {
                futures.add(done.submit(() -> {
                    long t0 = System.nanoTime();
                    List<SweepRow> rows = function.apply(c);
                    sink.accept(c, rows);
                    listener.finished(c, System.nanoTime() - t0);
                    return c;
                }));
            }
            for (int i = 0; i < order.size(); i++) {
                Future<Cell> f = done.take();
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) throw re;
                    if (cause instanceof Error err) throw err;
                    throw new IllegalStateException(cause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } finally {
            for (Future<Cell> f : futures) f.cancel(true);
            pool.shutdownNow();
        }
    }
}
