package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code ddam info} on every SteinLib B/C and PACE file of the public data prints the node, edge
 * and terminal counts that the published tables list; every Topology Zoo network reads and is connected.
 * Skipped, with a message, when {@code DDAM_DATA_DIR} is unset.
 */
class InfoOnPublicDataTest {
    @Test
    void steinlibAndPaceCountsMatchThePublishedTables() throws IOException {
        Path steinlib = TestData.require("steinlib");
        List<String[]> expected = new ArrayList<>();
        for (String line : Files.readAllLines(steinlib.resolve("optima.csv")).subList(1, 39)) {
            String[] f = line.split(",");
            expected.add(new String[] {steinlib.resolve(f[1]).toString(), f[2], f[3], f[4]});
        }
        Path pace = steinlib.resolve("PACE2018-Track1");
        List<String> paceLines = Files.readAllLines(pace.resolve("optima.csv"));
        for (String line : paceLines.subList(1, paceLines.size())) {
            String[] f = line.split(",");
            expected.add(new String[] {pace.resolve(f[0]).toString(), f[1], f[2], f[3]});
        }
        List<String> args = new ArrayList<>(List.of("info", "--format", "csv"));
        for (String[] e : expected) args.add(e[0]);
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        Map<String, String[]> rows = new HashMap<>();
        // Columns by name: the CSV header is the JSON fields in snake_case (docs/formats.md).
        List<String> header = List.of(r.out().lines().findFirst().orElseThrow().split(","));
        int nodes = header.indexOf("nodes"), edges = header.indexOf("edges"), terminals = header.indexOf("terminals");
        for (String line : r.out().lines().skip(1).toList()) {
            String[] c = line.split(",");
            rows.put(c[0], c);
        }
        assertEquals(expected.size(), rows.size(), "one info row per listed file");
        for (String[] e : expected) {
            String[] c = rows.get(e[0]);
            assertEquals(e[1] + "/" + e[2] + "/" + e[3], c[nodes] + "/" + c[edges] + "/" + c[terminals], "nodes/edges/terminals of " + e[0]);
        }
    }

    @Test
    void everyTopologyZooNetworkIsReadAndConnected() throws IOException {
        Path dir = TestData.require("topologies");
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".graphml")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "the data README lists ten networks: " + files);
        List<String> args = new ArrayList<>(List.of("info", "--format", "csv"));
        files.forEach(f -> args.add(f.toString()));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        int connected = List.of(r.out().lines().findFirst().orElseThrow().split(",")).indexOf("connected");
        assertTrue(connected >= 0, r.out());
        for (String line : r.out().lines().skip(1).toList()) {
            assertEquals("true", line.split(",")[connected], line);
        }
        assertEquals(files.size(), r.out().lines().count() - 1);
    }
}
