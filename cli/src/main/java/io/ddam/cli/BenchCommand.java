package io.ddam.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ddam bench}: speed and quality benchmarks; speed is always reported against a baseline timed in the same run. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Benchmarks: Steiner solvers, tree designers and joint designs vs baselines.",
        description = {"Benchmarks. Times are medians over repeats, after a warm-up run, and speed is reported as a ratio "
                + "to a baseline measured in the same run."},
        subcommands = {BenchSteinerCommand.class, BenchTreesCommand.class, BenchJointCommand.class, BenchSimulateCommand.class,
                BenchFailuresCommand.class, BenchSweepCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required: steiner, trees, joint, simulate, failures or sweep");
    }
}
