package io.ddam.cli;

import io.ddam.solver.io.GraphMLReader;

import picocli.CommandLine.Option;

/** How Topology Zoo coordinates become edge delays; shared by every command that reads instance files. */
public final class GraphMLOptions {
    @Option(names = "--speed", paramLabel = "KM_PER_MS", defaultValue = "200",
            description = "GraphML only: signal propagation speed in km per millisecond (default: ${DEFAULT-VALUE}, i.e. 2/3 c in fibre).")
    double speedKmPerMs;

    @Option(names = "--step-ms", paramLabel = "MS", defaultValue = "1",
            description = "GraphML only: length of one time step in milliseconds; delays are rounded up to whole steps (default: ${DEFAULT-VALUE}).")
    double stepMs;

    GraphMLReader.Options options() {
        return new GraphMLReader.Options(speedKmPerMs, stepMs);
    }
}
