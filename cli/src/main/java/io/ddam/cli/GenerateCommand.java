package io.ddam.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code ddam generate}: placeholder until the generators land. */
@Command(name = "generate", description = "Generate networks and interest matrices (seeded).")
public final class GenerateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return Main.OK;
    }
}
