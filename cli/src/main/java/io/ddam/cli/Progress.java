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

    private Progress(ProgressBar bar) {
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
