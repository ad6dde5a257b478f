package io.ddam.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ddam bench simulate --quick}: the expected rows with positive figures (timings are never asserted). */
class BenchSimulateCommandTest {
    @Test
    void quickCsvHasEveryRowWithPositiveFigures() {
        Cli.Result r = Cli.run("bench", "simulate", "--quick", "--repeats", "1", "--warmup", "0",
                "--instances", "../instances", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals("benchmark,case,median,unit,vs_baseline", lines.get(0));
        assertEquals(10, lines.size(), r.out());
        String[] prefixes = {"gradient deltanet 6x34,ejml", "gradient deltanet 6x34,DeltaNetCost", "simulate,synthetic20",
                "simulate,er16 traffic", "simulate,er n=40", "simulate,dense-W N=20 4x3 T=20 threads=1",
                "simulate,dense-W N=40 4x3 T=20 threads=1", "simulate,dense-W N=40 4x3 T=20 threads=2", "simulate,traffic shape er16"};
        for (int i = 0; i < prefixes.length; i++) {
            String line = lines.get(i + 1);
            assertTrue(line.startsWith(prefixes[i]), line);
            String[] cells = line.split(",", -1);   // -1: keep the empty vs_baseline cell
            double median = Double.parseDouble(cells[2]);
            assertTrue(median > 0 && Double.isFinite(median), line);
            assertEquals(i < 2 ? "evals/s" : "s", cells[3], line);
            // The CSV carries the JSON's vs_baseline (a ratio, empty where there is none), not the table's "1.00x" / "-".
            if (i < 2 || i == 7) assertTrue(Double.parseDouble(cells[4]) > 0, line);
            else assertEquals("", cells[4], line);
        }
    }

    @Test
    void quickTableNamesTheBaseline() {
        Cli.Result r = Cli.run("bench", "simulate", "--quick", "--repeats", "1", "--warmup", "0", "--instances", "../instances");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ejml CommonOps_DDRM (baseline)"), r.out());
        assertTrue(r.out().contains("1.00x"), r.out());
    }
}
