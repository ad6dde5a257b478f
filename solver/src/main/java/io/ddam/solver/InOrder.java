package io.ddam.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Independent tasks 0..count−1 on a few threads, with their results in task order: what makes a parallel
 * design or simulation give the same output, and the same error, for any thread count.
 */
public final class InOrder {
    private InOrder() {}

    /**
     * Runs {@code task.apply(i)} for i = 0..count−1 on up to {@code threads} daemon threads (on the calling
     * thread when {@code threads ≤ 1}) and returns the results by i. If tasks fail, the exception of the
     * lowest i that failed is rethrown as it was (an {@link Error} or {@link RuntimeException}; a checked
     * one wrapped in {@link IllegalStateException}), whichever failed first in time.
     *
     * @param count      the number of tasks, ≥ 0
     * @param task       task i's work; must not depend on which thread runs it
     * @param threads    the most threads to use
     * @param threadName the worker threads' name (for stack dumps and profiles)
     * @param <T>        the result type
     * @return the results, index i holding task i's
     * @throws IllegalStateException when the calling thread is interrupted while it waits (its flag is set again)
     */
    public static <T> List<T> map(int count, IntFunction<T> task, int threads, String threadName) {
        List<T> out = new ArrayList<>(count);
        if (threads <= 1 || count <= 1) {
            for (int i = 0; i < count; i++) out.add(task.apply(i));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, count), runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error err) throw err;
                    throw new IllegalStateException(c);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + threadName + " tasks", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
