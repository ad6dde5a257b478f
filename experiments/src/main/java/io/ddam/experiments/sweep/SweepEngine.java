package io.ddam.experiments.sweep;

import java.util.Map;

/**
 * A way to run sweeps, found by name through {@link java.util.ServiceLoader}: {@code local} is built in
 * ({@link LocalSweepRunner}); an optional module (such as {@code ddam-spark}) adds another by listing its
 * implementation in {@code META-INF/services/io.ddam.experiments.sweep.SweepEngine}. So the core
 * modules never load or name an engine's classes.
 */
public interface SweepEngine {
    /**
     * The engine's name for {@code --engine}.
     *
     * @return e.g. {@code "spark"}
     */
    String name();

    /**
     * A runner with the given options.
     *
     * @param threads threads (or task slots) to use on this machine, at least 1
     * @param options engine-specific options, e.g. {@code master} → {@code local[2]}
     * @return the runner
     * @throws io.ddam.solver.DdamInputException if an option is bad (e.g. an unreachable master)
     */
    SweepRunner runner(int threads, Map<String, String> options);

    /**
     * The engine named {@code name}: {@code local}, or one registered through the service loader.
     *
     * @param name the engine's name
     * @return the engine, or empty when no module on the class path provides it
     */
    static java.util.Optional<SweepEngine> byName(String name) {
        if (name.equals("local")) {
            return java.util.Optional.of(new SweepEngine() {
                @Override public String name() { return "local"; }
                @Override public SweepRunner runner(int threads, Map<String, String> options) { return new LocalSweepRunner(threads); }
            });
        }
        for (SweepEngine e : java.util.ServiceLoader.load(SweepEngine.class)) if (e.name().equals(name)) return java.util.Optional.of(e);
        return java.util.Optional.empty();
    }
}
