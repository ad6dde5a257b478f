package io.ddam.experiments.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of a {@link SimulationCells} sweep, built row by row as the rows stream past (so it holds
 * one accumulator per series, never the rows): for every series (protocol, designer, transport), over the
 * cells, at each cell's horizon: the number of cells, the mean S-Reg/iterations and Self-NMSE, and for
 * DDAM-TOGD series with C-DOGD in the cell how many cells crossed (T* found) and the geometric mean of T*.
 */
public final class SweepSummary implements java.util.function.Consumer<SweepRow> {
    /**
     * One series' line of the summary.
     *
     * @param protocol         the protocol name
     * @param designer         the designer, or {@code null}
     * @param transport        the transport, or {@code null}
     * @param cells            cells that ran it
     * @param staticPerStep    mean S-Reg/iterations at the horizon
     * @param selfNmse         mean Self-NMSE at the horizon
     * @param crossed          cells with a T* (null when the series has none: not DDAM-TOGD, or no C-DOGD)
     * @param tStarGeoMean     geometric mean of T* over the cells that crossed, or {@code null}
     */
    public record Line(String protocol, String designer, String transport, long cells, double staticPerStep, double selfNmse,
                       Long crossed, Double tStarGeoMean) {}

    private static final class Acc {
        long cells, crossed;
        double sps, nmse, logT;
        boolean hasT;
    }

    private final int protocol, designer, transport, linkTime, horizon, sps, nmse, tStar;
    private final Map<List<String>, Acc> acc = new LinkedHashMap<>();
    private long rows;

    /**
     * A summary over rows of the given schema (the columns of {@link SimulationCells#COLUMNS}).
     *
     * @param columns the schema
     */
    public SweepSummary(List<Column> columns) {
        List<String> names = columns.stream().map(Column::name).toList();
        protocol = names.indexOf("protocol");
        designer = names.indexOf("designer");
        transport = names.indexOf("transport");
        linkTime = names.indexOf("link_time");
        horizon = names.indexOf("horizon");
        sps = names.indexOf("static_per_step");
        nmse = names.indexOf("self_nmse");
        tStar = names.indexOf("t_star");
    }

    @Override
    public synchronized void accept(SweepRow r) {
        rows++;
        if (!r.get(linkTime).equals(r.get(horizon))) return;
        List<String> key = java.util.Arrays.asList((String) r.get(protocol), (String) r.get(designer), (String) r.get(transport));
        Acc a = acc.computeIfAbsent(key, k -> new Acc());
        a.cells++;
        a.sps += (Double) r.get(sps);
        a.nmse += (Double) r.get(nmse);
        Object t = r.get(tStar);
        if (t != null) {
            a.crossed++;
            a.logT += Math.log((Long) t);
        }
        a.hasT |= ((String) r.get(protocol)).startsWith("ddam");
    }

    /**
     * The rows seen.
     *
     * @return how many rows passed
     */
    public synchronized long rows() { return rows; }

    /**
     * The summary lines, in the order the series first appeared.
     *
     * @param crossoverKnown whether the cells ran C-DOGD (so that a DDAM-TOGD series without T* did not cross)
     * @return one line per series
     */
    public synchronized List<Line> lines(boolean crossoverKnown) {
        List<Line> out = new ArrayList<>();
        for (Map.Entry<List<String>, Acc> e : acc.entrySet()) {
            Acc a = e.getValue();
            boolean t = a.hasT && crossoverKnown;
            out.add(new Line(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), a.cells, a.sps / a.cells, a.nmse / a.cells,
                    t ? a.crossed : null, t && a.crossed > 0 ? Math.exp(a.logT / a.crossed) : null));
        }
        return out;
    }
}
