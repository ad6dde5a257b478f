package io.ddam.cli.plot;

import io.ddam.cli.OutputOptions;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart written as a PNG: the plots of {@code ddam compare} and {@code ddam reproduce}. Each
 * series is a line (optionally dashed) with an optional shaded band around it (mean ± spread over
 * seeds). Colours are fixed per series name ({@link #colorOf}), so a protocol has the same colour in
 * every figure. A note (e.g. "synthetic stand-in, not real traffic data") is printed in the picture,
 * so a picture never travels without its caveat: in a strip below the chart, outside the plot area, so it
 * never covers a curve (a box inside the plot hid the end of OGD's curve in {@code ddam compare}).
 * Rendering is headless (no display needed).
 *
 * <p>Built with XChart; this class only fixes the look and writes the file atomically.
 */
public final class LinePlot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private boolean logX;
    private boolean logY;
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Series> series = new LinkedHashMap<>();

    private record Series(String name, double[] x, double[] y, double[] lo, double[] hi, boolean dashed, Color color) {}

    /**
     * An empty plot with a title and axis labels.
     *
     * @param title  the chart title
     * @param xLabel the x axis label, e.g. {@code "T"}
     * @param yLabel the y axis label, e.g. {@code "S-Reg(T)/T"}
     */
    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * Logarithmic x axis (all x must be positive).
     *
     * @return this plot
     */
    public LinePlot logX() {
        logX = true;
        return this;
    }

    /**
     * Logarithmic y axis (non-positive values are left out of the drawing, not of the CSV).
     *
     * @return this plot
     */
    public LinePlot logY() {
        logY = true;
        return this;
    }

    /**
     * A line of text printed below the chart, e.g. where the data came from.
     *
     * @param text the note; several notes stack in the order given, each wrapped at word breaks to the
     *             picture's width
     * @return this plot
     */
    public LinePlot note(String text) {
        notes.add(text);
        return this;
    }

    /**
     * A solid line.
     *
     * @param name the legend entry, unique in the plot; protocol names get fixed colours ({@link #colorOf})
     * @param x    the x values (copied)
     * @param y    the y values, as many as x (copied)
     * @return this plot
     * @throws IllegalArgumentException if the lengths differ or the name is taken
     */
    public LinePlot line(String name, double[] x, double[] y) {
        return add(name, x, y, null, null, false);
    }

    /**
     * A dashed line (a reference, e.g. a bound or a run without the fair-time rule).
     *
     * @param name the legend entry, unique in the plot
     * @param x    the x values (copied)
     * @param y    the y values, as many as x (copied)
     * @return this plot
     * @throws IllegalArgumentException if the lengths differ or the name is taken
     */
    public LinePlot dashed(String name, double[] x, double[] y) {
        return add(name, x, y, null, null, true);
    }

    /**
     * A line in a colour of the caller's choosing (for plots whose series names share a first word, where
     * {@link #colorOf} would give them one colour).
     *
     * @param name   the legend entry, unique in the plot
     * @param x      the x values (copied)
     * @param y      the y values, as many as x (copied)
     * @param color  the line's colour
     * @param dashed whether the line is dashed
     * @return this plot
     * @throws IllegalArgumentException if the lengths differ or the name is taken
     */
    public LinePlot line(String name, double[] x, double[] y, Color color, boolean dashed) {
        add(name, x, y, null, null, dashed);
        Series s = series.get(name);
        series.put(name, new Series(s.name(), s.x(), s.y(), null, null, dashed, java.util.Objects.requireNonNull(color, "color")));
        return this;
    }

    /**
     * A solid line {@code mean} with a band from {@code lo} to {@code hi} (either may be null: no band).
     *
     * @param name the legend entry, unique in the plot
     * @param x    the x values (copied)
     * @param mean the line's y values, e.g. the mean over seeds (copied)
     * @param lo   the band's lower edge, or {@code null}
     * @param hi   the band's upper edge, or {@code null}
     * @return this plot
     * @throws IllegalArgumentException if the lengths differ or the name is taken
     */
    public LinePlot band(String name, double[] x, double[] mean, double[] lo, double[] hi) {
        return add(name, x, mean, lo, hi, false);
    }

    /**
     * A dashed line with a band.
     *
     * @param name the legend entry, unique in the plot
     * @param x    the x values (copied)
     * @param mean the line's y values (copied)
     * @param lo   the band's lower edge, or {@code null}
     * @param hi   the band's upper edge, or {@code null}
     * @return this plot
     * @throws IllegalArgumentException if the lengths differ or the name is taken
     */
    public LinePlot dashedBand(String name, double[] x, double[] mean, double[] lo, double[] hi) {
        return add(name, x, mean, lo, hi, true);
    }

    private LinePlot add(String name, double[] x, double[] y, double[] lo, double[] hi, boolean dashed) {
        if (x.length != y.length || (lo != null && lo.length != x.length) || (hi != null && hi.length != x.length)) {
            throw new IllegalArgumentException("series '" + name + "': x, y and band lengths differ");
        }
        if (series.containsKey(name)) throw new IllegalArgumentException("two series named '" + name + "'");
        series.put(name, new Series(name, x.clone(), y.clone(), lo == null ? null : lo.clone(), hi == null ? null : hi.clone(),
                dashed, colorOf(name)));
        return this;
    }

    /**
     * The series names, in drawing order.
     *
     * @return an unmodifiable list of the names added so far
     */
    public List<String> seriesNames() {
        return List.copyOf(series.keySet());
    }

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    private static final Map<String, Color> KNOWN = Map.ofEntries(
            Map.entry("ogd", PALETTE[0]), Map.entry("cdogd", PALETTE[1]), Map.entry("local", PALETTE[7]),
            Map.entry("ddam-star", PALETTE[2]), Map.entry("ddam-spt", PALETTE[2]), Map.entry("ddam-st", PALETTE[3]),
            Map.entry("ddam-joint", PALETTE[4]), Map.entry("ddam-joint-heuristic", PALETTE[5]), Map.entry("ddam-joint-agg", PALETTE[6]),
            Map.entry("ddam-star-agg", PALETTE[9]), Map.entry("bound", Color.BLACK));

    /**
     * The colour of a series: fixed for the protocol names (ogd blue, cdogd red, local grey,
     * ddam-star and ddam-spt green, ddam-st orange, ddam-joint purple, ddam-joint-heuristic brown, ddam-joint-agg pink,
     * ddam-star-agg cyan; a suffix such as {@code "ddam-star (no fair-time)"} keeps the
     * colour of its first word), otherwise a palette colour chosen from the name's hash.
     *
     * @param name a series name
     * @return its colour, the same for the same name in every plot
     */
    public static Color colorOf(String name) {
        String key = name.split("[ (]", 2)[0];
        Color c = KNOWN.get(key);
        if (c != null) return c;
        return PALETTE[Math.floorMod(key.hashCode(), PALETTE.length)];
    }

    /**
     * Renders the chart and its notes (width × height pixels; taller only when the notes would need more
     * than half of it) to PNG bytes.
     *
     * @param width  image width in pixels
     * @param height image height in pixels
     * @return the PNG file's bytes
     * @throws IllegalStateException if PNG encoding fails
     */
    public byte[] png(int width, int height) {
        Layout layout = layout(width, height);
        XYChart chart = chart(width, layout.chartHeight());
        BufferedImage img = new BufferedImage(width, layout.imageHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, layout.imageHeight());
            g.drawImage(BitmapEncoder.getBufferedImage(chart), 0, 0, null);
            hints(g);
            g.setFont(NOTE_FONT);
            g.setColor(NOTE_COLOR);
            int ascent = g.getFontMetrics().getAscent();
            for (int i = 0; i < layout.lines().size(); i++) {
                g.drawString(layout.lines().get(i), NOTE_MARGIN, layout.notesTop() + i * layout.lineHeight() + ascent);
            }
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer");
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }

    static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.ITALIC, 11);
    private static final Color NOTE_COLOR = new Color(0x333333);
    /** Pixels left and right of the notes, and below them. */
    static final int NOTE_MARGIN = 10;

    /**
     * Where things go in a picture: the chart fills the top {@code chartHeight} pixels and the notes, wrapped
     * into {@code lines}, fill the strip from {@code notesTop} down, below the chart's x axis title, so they
     * cover no data whatever the curves do.
     *
     * @param chartHeight the chart's height in pixels (the chart is as wide as the picture)
     * @param imageHeight the whole picture's height
     * @param lines       the notes, wrapped to the picture's width
     * @param lineHeight  pixels per line of notes
     * @param notesTop    the y of the notes' first line's top
     */
    record Layout(int chartHeight, int imageHeight, List<String> lines, int lineHeight, int notesTop) {}

    /** The layout of a {@code width × height} picture of this plot. */
    Layout layout(int width, int height) {
        FontMetrics fm = noteMetrics();
        List<String> lines = new ArrayList<>();
        for (String note : notes) lines.addAll(wrap(note, fm, width - 2 * NOTE_MARGIN));
        int lineHeight = fm.getHeight();
        int strip = lines.isEmpty() ? 0 : lines.size() * lineHeight + NOTE_MARGIN;
        // The chart keeps at least half the requested height; many notes make the picture taller instead.
        int chartHeight = Math.max(height - strip, height / 2);
        return new Layout(chartHeight, chartHeight + strip, List.copyOf(lines), lineHeight, chartHeight);
    }

    /** The note font's metrics, measured as they are drawn (anti-aliased). */
    static FontMetrics noteMetrics() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            hints(g);
            return g.getFontMetrics(NOTE_FONT);
        } finally {
            g.dispose();
        }
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }

    /** Greedy word wrap to {@code maxWidth} pixels; a single word wider than that keeps a line of its own. */
    static List<String> wrap(String text, FontMetrics fm, int maxWidth) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) continue;
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > maxWidth) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0 || out.isEmpty()) out.add(line.toString());
        return out;
    }

    /** The XChart chart alone (no notes), {@code width × height} pixels. */
    XYChart chart(int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xe0e0e0));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(Color.WHITE);
        st.setXAxisLogarithmic(logX);
        st.setYAxisLogarithmic(logY);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setAntiAlias(true);
        st.setDecimalPattern("#,##0.###");
        if (logY) st.setYAxisDecimalPattern("0.#E0");
        boolean any = false;
        for (Series s : series.values()) {
            if (s.lo() != null && s.hi() != null) any |= addBand(chart, s);
        }
        for (Series s : series.values()) {
            double[][] xy = drawable(s.x(), s.y());
            if (xy[0].length == 0) continue;
            any = true;
            XYSeries line = chart.addSeries(s.name(), xy[0], xy[1]);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(s.color());
            line.setMarkerColor(s.color());
            line.setMarker(xy[0].length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            line.setLineStyle(s.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f)
                    : new BasicStroke(2f));
        }
        if (!any) {
            XYSeries empty = chart.addSeries("(no data)", new double[] {1}, new double[] {1});
            empty.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * Writes the PNG (1000 × 600) to {@code target}: a temporary file beside it, then one move.
     *
     * @param target the .png file to create or replace (missing folders are created)
     * @throws io.ddam.solver.DdamInputException if the file cannot be written
     */
    public void writePng(Path target) {
        OutputOptions.writeAtomically(target, png(1000, 600));
    }

    private boolean addBand(XYChart chart, Series s) {
        // The band is one closed polygon: along the upper edge left to right, back along the lower edge.
        List<Double> px = new ArrayList<>(), py = new ArrayList<>();
        for (int i = 0; i < s.x().length; i++) {
            if (ok(s.x()[i], logX) && ok(s.hi()[i], logY) && ok(s.lo()[i], logY)) {
                px.add(s.x()[i]);
                py.add(s.hi()[i]);
            }
        }
        int upper = px.size();
        if (upper < 2) return false;
        for (int i = s.x().length - 1; i >= 0; i--) {
            if (ok(s.x()[i], logX) && ok(s.hi()[i], logY) && ok(s.lo()[i], logY)) {
                px.add(s.x()[i]);
                py.add(s.lo()[i]);
            }
        }
        XYSeries band = chart.addSeries(s.name() + " band", px, py);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        Color c = s.color();
        band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
        band.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
        return true;
    }

    private double[][] drawable(double[] x, double[] y) {
        int m = 0;
        for (int i = 0; i < x.length; i++) if (ok(x[i], logX) && ok(y[i], logY)) m++;
        double[][] r = new double[2][m];
        m = 0;
        for (int i = 0; i < x.length; i++) {
            if (ok(x[i], logX) && ok(y[i], logY)) {
                r[0][m] = x[i];
                r[1][m++] = y[i];
            }
        }
        return r;
    }

    private static boolean ok(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }
}
