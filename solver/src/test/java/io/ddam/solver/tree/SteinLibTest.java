package io.ddam.solver.tree;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ddam.solver.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * KMB and Mehlhorn on every SteinLib B and C instance and every PACE 2018 Track 1 instance in the
 * shared data folder (skipped when absent): each tree validates, reaches all terminals, and costs
 * between the known optimum and 2(1 − 1/|T|) times it.
 */
class SteinLibTest {

    @TestFactory
    Stream<DynamicTest> steinLibBandC() throws IOException {
        Path dir = TestData.require("steinlib");
        return instances(dir.resolve("optima.csv"), dir, 1).stream();
    }

    @TestFactory
    Stream<DynamicTest> pace2018() throws IOException {
        Path dir = TestData.require("steinlib/PACE2018-Track1");
        return instances(dir.resolve("optima.csv"), dir, 0).stream();
    }

    /** One dynamic test per CSV row; {@code pathColumn} names the file column; the optimum is the last column. */
    private static List<DynamicTest> instances(Path csv, Path base, int pathColumn) throws IOException {
        List<String> rows = Files.readAllLines(csv);
        List<DynamicTest> tests = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            if (row.isBlank()) continue;
            String[] f = row.split(",");
            Path file = base.resolve(f[pathColumn]);
            double opt = Double.parseDouble(f[f.length - 1]);
            tests.add(DynamicTest.dynamicTest(f[pathColumn], () -> check(file, opt)));
        }
        assertFalse(tests.isEmpty(), "no instances listed in " + csv);
        return tests;
    }

    private static void check(Path file, double opt) {
        StpTestParser.Parsed p = StpTestParser.parse(file);
        for (TreeDesigner d : new TreeDesigner[] {new KmbSteinerDesigner(), new MehlhornSteinerDesigner()}) {
            double c = SteinerDesignersTest.checkTree(SteinerTrees.solve(d, p.network(), p.terminals()), p.network(), p.terminals());
            SteinerDesignersTest.assertWithinBound(c, opt, p.terminals().length, d.name() + " on " + file.getFileName());
        }
    }
}
