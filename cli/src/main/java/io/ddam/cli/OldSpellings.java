package io.ddam.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Old spellings of options and values that still work for one release (0.2.x), each with a one-line
 * note on standard error naming the new spelling. One name per idea across commands: {@code --designer}
 * (not {@code --algorithm}), {@code exact-steiner} (not {@code exact}), {@code --dot FILE} for one tree
 * and {@code --dot-dir DIR} for one file per tree, {@code --out FILE} for a result file and
 * {@code --out-dir DIR} for a folder of results, {@code --terminals IDS} for a list and
 * {@code --terminal-count K} for a number.
 */
final class OldSpellings {
    private OldSpellings() {}

    /**
     * Prints {@code note: OLD is deprecated; use NEW (OLD will be removed in 0.3)} on the command's
     * standard error.
     *
     * @param spec the command, for its error stream
     * @param old  the old spelling as typed, e.g. {@code --algorithm}
     * @param now  the spelling to use instead
     */
    static void note(CommandSpec spec, String old, String now) {
        var err = spec.commandLine().getErr();
        err.println("note: " + old + " is deprecated; use " + now + " (" + old + " will be removed in 0.3)");
        err.flush();
    }
}
