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
}
