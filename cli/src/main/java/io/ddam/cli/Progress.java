package io.ddam.cli;

import java.io.PrintWriter;

/**
 * A minimal "working…" notice on standard error for runs that may take a while (MILP solves). It is
 * shown only when standard error is a terminal, so pipes, CI logs and tests stay clean.
 */
final class Progress implements AutoCloseable {
    private final PrintWriter err;
    private final boolean shown;

    private Progress(PrintWriter err, boolean shown) {
        this.err = err;
        this.shown = shown;
    }

    static Progress start(PrintWriter err, String what, int items, boolean slow) {
        boolean show = slow && System.console() != null;
        if (show) {
            err.print(what + " (" + items + ")...\r");
            err.flush();
        }
        return new Progress(err, show);
    }

    @Override
    public void close() {
        if (shown) {
            err.print(" ".repeat(60) + "\r");
            err.flush();
        }
    }
}
