package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.generate.NetworkGenerator;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.io.JsonInstanceWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The instances the project ships are what the project's own generators produce: regenerating each
 * one from the spec recorded in its metadata gives the same file, byte for byte. Hand-written ones
 * (no spec) must at least read, be connected and carry W.
 */
class ShippedInstancesTest {
    static final Path DIR = Path.of("..", "instances");

    static List<Path> instances() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            // Sweep specs (ddam sweep) live here too; their names say so.
            return s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().contains("sweep")).sorted().toList();
        }
    }

    @Test
    void theTwoExperimentInstancesAreShipped() {
        assertTrue(Files.exists(DIR.resolve("synthetic20.json")));
        assertTrue(Files.exists(DIR.resolve("er16.json")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instances")
    void regeneratesByteForByte(Path file) throws IOException {
        Instance shipped = InstanceFiles.read(file);
        shipped.network().requireConnected(file.toString());
        assertTrue(shipped.interest().isPresent(), file + " has no W");
        Object spec = shipped.metadata().get("spec");
        if (spec == null) return; // hand-written
        Instance regenerated = NetworkGenerator.parse(spec.toString()).generate();
        regenerated = InterestSpec.fromMetadata(shipped.metadata().get("interest")).orElseThrow().applyTo(regenerated);
        regenerated = new Instance(shipped.name(), regenerated.network(), regenerated.interest().orElseThrow(),
                regenerated.terminals(), regenerated.metadata());
        assertEquals(Files.readString(file), JsonInstanceWriter.toJson(regenerated));
    }
}
