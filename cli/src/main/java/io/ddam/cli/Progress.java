package io.ddam.cli;

import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.TreeDesigner;

import java.io.PrintStream;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for long runs. It is drawn whenever standard error is a terminal,
 * whatever standard output is (so {@code ddam simulate … > out.txt} still shows it), and not with
 * {@code DDAM_NO_PROGRESS} set; pipes, CI logs and tests stay clean.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code total} steps, or an invisible one when not on a terminal. */
    static Progress start(String task, long total) {
        if (!show(stderrDevice(), System.console() != null, System.getenv("DDAM_NO_PROGRESS") != null)) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .clearDisplayOnFinish().build();
        return new Progress(bar);
    }

    /**
     * Whether to draw the bar. {@code System.console()} alone is not the test: it is null as soon as
     * standard output (or input) is redirected, even with standard error on the terminal.
     *
     * @param stderrDevice what standard error is connected to ({@link #stderrDevice()}), or null if unknown
     * @param console      whether {@code System.console()} exists (used only when the device is unknown)
     * @param disabled     whether {@code DDAM_NO_PROGRESS} is set
     * @return true to draw the bar
     */
    static boolean show(String stderrDevice, boolean console, boolean disabled) {
        if (disabled) return false;
        if (stderrDevice == null) return console;
        return stderrDevice.startsWith("/dev/pts/") || stderrDevice.startsWith("/dev/tty") || stderrDevice.equals("/dev/console");
    }

    /**
     * What file descriptor 2 is connected to, from {@code /proc/self/fd/2} (Linux; e.g. {@code /dev/pts/0}
     * for a terminal, {@code pipe:[…]} or a file path otherwise); Java 17 has no isatty for one stream.
     *
     * @return the link's target, or null where there is no such link (macOS, Windows)
     */
    static String stderrDevice() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** A bar that shows nothing (for inner loops that have an outer bar). */
    static Progress none() {
        return new Progress(null);
    }

    /** One step done (thread-safe). */
    void step() {
        if (bar != null) bar.step();
    }

    /** Sets the bar to {@code done} steps (thread-safe; never moves it back). */
    void stepTo(long done) {
        if (bar != null && done > bar.getCurrent()) bar.stepTo(done);
    }

    /**
     * Runs {@code work}, moving this bar of {@code total} steps with the clock towards {@code seconds} (a solver's time
     * limit, which bounds the run): for designs that have no countable steps, such as the joint trees. The bar stops one
     * step short while the work runs, and is set back to where it was when it returns (the caller then steps it).
     *
     * @param total   the bar's steps
     * @param seconds the expected length, > 0
     * @param work    what to run
     * @param <T>     its result type
     * @return the work's result
     */
    <T> T byClock(long total, double seconds, java.util.function.Supplier<T> work) {
        if (bar == null || !(seconds > 0) || Double.isInfinite(seconds)) return work.get();
        long t0 = System.nanoTime();
        long base = bar.getCurrent();
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ddam-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> stepTo(base + Math.min(total - 1, (long) (total * (System.nanoTime() - t0) / 1e9 / seconds))),
                250, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return work.get();
        } finally {
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Back to where it started: the caller counts the finished work's steps itself.
            bar.stepTo(base);
        }
    }

    /** {@code designer}, reporting one step per designed tree to this bar. */
    TreeDesigner counting(TreeDesigner designer) {
        return new TreeDesigner() {
            @Override
            public String name() { return designer.name(); }

            @Override
            public DesignedTree design(Network network, int root, int[] targets) {
                DesignedTree r = designer.design(network, root, targets);
                step();
                return r;
            }
        };
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
