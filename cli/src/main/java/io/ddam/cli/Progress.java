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
 * A progress bar on standard error for long runs. It is drawn only when standard error is a
 * terminal (and not with {@code DDAM_NO_PROGRESS} set), so pipes, CI logs and tests stay clean.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code total} steps, or an invisible one when not on a terminal. */
    static Progress start(String task, long total) {
        boolean show = System.console() != null && System.getenv("DDAM_NO_PROGRESS") == null;
        if (!show) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .clearDisplayOnFinish().build();
        return new Progress(bar);
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
