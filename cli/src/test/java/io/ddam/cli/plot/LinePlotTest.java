package io.ddam.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {
    private static int count(BufferedImage img, Color c, int tol) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (Math.abs(r - c.getRed()) <= tol && Math.abs(g - c.getGreen()) <= tol && Math.abs(b - c.getBlue()) <= tol) n++;
            }
        }
        return n;
    }

    @Test
    void drawsEachSeriesInItsProtocolColourWithATranslucentBand(@TempDir Path dir) throws Exception {
        double[] x = {1, 2, 3, 4, 5};
        LinePlot p = new LinePlot("t", "x", "y")
                .band("ogd", x, new double[] {5, 4, 3, 2, 1}, new double[] {4, 3, 2, 1, 0.5}, new double[] {6, 5, 4, 3, 2})
                .dashed("cdogd", x, new double[] {1, 2, 3, 4, 5})
                .note("synthetic stand-in");
        Path png = dir.resolve("a/b/plot.png");
        p.writePng(png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        assertEquals(1000, img.getWidth());
        assertEquals(600, img.getHeight());
        assertTrue(count(img, LinePlot.colorOf("ogd"), 2) > 200, "the ogd line is drawn in its colour");
        assertTrue(count(img, LinePlot.colorOf("cdogd"), 2) > 100, "the cdogd line is drawn in its colour");
        // The band is the ogd colour at alpha 50/255 over white.
        Color o = LinePlot.colorOf("ogd");
        Color band = new Color(255 - (255 - o.getRed()) * 50 / 255, 255 - (255 - o.getGreen()) * 50 / 255, 255 - (255 - o.getBlue()) * 50 / 255);
        assertTrue(count(img, band, 3) > 2000, "the band is filled");
        assertTrue(Files.getPosixFilePermissions(png).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                "a plot is readable like any result file, not private as a fresh temporary file is");
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void logAxesDropNonPositiveValuesInsteadOfFailing() {
        byte[] bytes = new LinePlot("t", "x", "y").logX().logY()
                .line("ddam-star", new double[] {1, 10, 100}, new double[] {-1, 0.5, 0.1}).png(400, 300);
        assertTrue(bytes.length > 1000);
    }

    @Test
    void keepsColoursStableAcrossSuffixesAndRejectsMismatchedSeries() {
        assertEquals(LinePlot.colorOf("ddam-star"), LinePlot.colorOf("ddam-star (fair-time off)"));
        assertThrows(IllegalArgumentException.class, () -> new LinePlot("t", "x", "y").line("a", new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new LinePlot("t", "x", "y").line("a", new double[2], new double[2]).line("a", new double[2], new double[2]));
    }

    /**
     * The notes go in a strip below the chart, and no data point of any series is drawn there: in
     * {@code ddam compare} a notes box inside the plot hid the end of OGD's curve, which ends at the
     * bottom right (as here). The screen positions come from XChart's own axis mapping after painting.
     */
    @Test
    void notesGoBelowTheChartWhereNoPointIsDrawn() {
        int n = 2500;
        double[] x = new double[n], ogd = new double[n], flat = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = t + 1;
            ogd[t] = 300 / Math.sqrt(t + 1.0); // falls to the bottom right corner
            flat[t] = 200 + (t % 7);           // hugs the top edge
        }
        String longNote = "ddam-st C_max 220, 11 iterations; ddam-star C_max 106, 23 iterations; ddam-joint C_max 76, "
                + "32 iterations; ddam-joint-agg C_max 40, 62 iterations; and more words so that it cannot fit one line";
        LinePlot p = new LinePlot("t", "x", "y").logY().line("ogd", x, ogd).line("ddam-star", x, flat)
                .note("data synthetic(N=20, T=2500)").note(longNote);
        LinePlot.Layout layout = p.layout(1000, 600);
        assertEquals(600, layout.imageHeight());
        assertTrue(layout.notesTop() >= layout.chartHeight(), "the notes start below the chart");
        assertTrue(layout.notesTop() + layout.lines().size() * layout.lineHeight() <= layout.imageHeight(), "the notes fit");
        // Every word of every note is printed, in order, and each wrapped line fits the width.
        assertEquals(("data synthetic(N=20, T=2500) " + longNote).replaceAll("\\s+", " "), String.join(" ", layout.lines()));
        assertTrue(layout.lines().size() >= 3, "the long note is wrapped: " + layout.lines());
        java.awt.FontMetrics fm = LinePlot.noteMetrics();
        for (String line : layout.lines()) assertTrue(fm.stringWidth(line) <= 1000 - 2 * LinePlot.NOTE_MARGIN, line);

        org.knowm.xchart.XYChart chart = p.chart(1000, layout.chartHeight());
        BufferedImage img = org.knowm.xchart.BitmapEncoder.getBufferedImage(chart); // paints: fixes the axes
        assertEquals(layout.chartHeight(), img.getHeight());
        for (double[] ys : new double[][] {ogd, flat}) {
            for (int t = 0; t < n; t++) {
                double sy = chart.getScreenYFromChart(ys[t]), sx = chart.getScreenXFromChart(x[t]);
                assertTrue(sy >= 0 && sy < layout.notesTop(), "point " + t + " drawn at y " + sy + ", notes from " + layout.notesTop());
                assertTrue(sx >= 0 && sx < 1000, "point " + t + " drawn at x " + sx);
            }
        }
        // The last (lowest) OGD point is near the chart's bottom: the check above is not vacuous.
        assertTrue(chart.getScreenYFromChart(ogd[n - 1]) > layout.chartHeight() * 0.6);
    }

    @Test
    void wrapsAtWordBreaksAndKeepsAnOverlongWordWhole() {
        java.awt.FontMetrics fm = LinePlot.noteMetrics();
        int w = fm.stringWidth("aaaa aaaa");
        assertEquals(java.util.List.of("aaaa aaaa", "aaaa"), LinePlot.wrap(" aaaa  aaaa aaaa", fm, w));
        assertEquals(java.util.List.of("aaaa", "aaaa", "aaaa"), LinePlot.wrap("aaaa aaaa aaaa", fm, w - 1));
        assertEquals(java.util.List.of("x", "averyveryverylongword", "y"), LinePlot.wrap("x averyveryverylongword y", fm, fm.stringWidth("x y")));
        assertEquals(java.util.List.of(""), LinePlot.wrap("  ", fm, 100));
    }

    @Test
    void manyNotesMakeThePictureTallerInsteadOfSquashingTheChart() {
        LinePlot p = new LinePlot("t", "x", "y").line("ogd", new double[] {1, 2}, new double[] {2, 1});
        for (int i = 0; i < 40; i++) p.note("note " + i);
        LinePlot.Layout layout = p.layout(400, 300);
        assertEquals(150, layout.chartHeight());
        assertEquals(40, layout.lines().size());
        assertTrue(layout.imageHeight() >= layout.notesTop() + 40 * layout.lineHeight());
        assertEquals(300, new LinePlot("t", "x", "y").layout(400, 300).imageHeight(), "no notes, no strip");
        assertEquals(300, new LinePlot("t", "x", "y").layout(400, 300).chartHeight());
    }
}
