package io.ddam.experiments.sweep;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.io.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep's result folder, restartable and never half-written (docs/formats.md, "Output of ddam sweep"):
 * {@code manifest.json} (the spec's canonical JSON and hash, the cell count and the column schema),
 * {@code parts/CELL_ID.csv} (one file per finished cell, written to a temporary file and renamed into
 * place, so a cell is there whole or not at all) and, once every cell is there, {@code rows.csv} (all
 * rows in grid order, also written through a temporary file). A sweep killed at any moment loses at
 * most the cells in flight; run again, it computes only the cells without a part file. A folder that
 * holds another spec's results, or other files, is refused.
 */
public final class SweepFolder {
    /** The manifest's {@code format} value. */
    public static final String FORMAT = "ddam-sweep/1";
    /** The manifest file name. */
    public static final String MANIFEST = "manifest.json";
    /** The folder of per-cell part files. */
    public static final String PARTS = "parts";
    /** The assembled rows, CSV. */
    public static final String ROWS_CSV = "rows.csv";
    /** The assembled rows, JSON (with {@code --format json}). */
    public static final String ROWS_JSON = "rows.json";

    private final Path dir;
    private final SweepSpec spec;
    private final List<Column> columns;

    private SweepFolder(Path dir, SweepSpec spec, List<Column> columns) {
        this.dir = dir;
        this.spec = spec;
        this.columns = List.copyOf(columns);
    }

    /**
     * Opens {@code dir} for {@code spec}: creates it (with its manifest) if it is missing or empty, accepts
     * it if its manifest holds the same spec hash, refuses it otherwise.
     *
     * @param dir     the output folder
     * @param spec    the spec
     * @param columns the cell function's schema (stored in the manifest)
     * @return the folder
     * @throws DdamInputException if the folder holds another spec's results or files that are not a sweep's
     */
    public static SweepFolder open(Path dir, SweepSpec spec, List<Column> columns) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new DdamInputException(dir.toString(), 0, "is a file, not an output folder");
        Path manifest = dir.resolve(MANIFEST);
        if (Files.isRegularFile(manifest)) {
            JsonNode m = readManifest(dir);
            String hash = m.path("specHash").asText();
            if (!hash.equals(spec.hash())) {
                throw new DdamInputException(dir.toString(), 0, "holds the results of another sweep spec ('"
                        + m.path("spec").path("name").asText("?") + "', hash " + abbreviate(hash) + ", not " + abbreviate(spec.hash())
                        + "); give another --out, or continue that sweep with --resume " + dir);
            }
        } else if (Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new DdamInputException(dir.toString(), 0, "is not empty and holds no sweep (no " + MANIFEST + "); give an empty or new --out folder");
        } else {
            try {
                Files.createDirectories(dir.resolve(PARTS));
            } catch (IOException e) {
                throw new DdamInputException(dir.toString(), 0, "cannot create: " + AtomicFiles.reason(e));
            }
            ObjectNode m = new ObjectMapper().createObjectNode();
            m.put("format", FORMAT);
            m.put("specHash", spec.hash());
            m.put("cells", spec.cellCount());
            ArrayNode cols = m.putArray("columns");
            for (Column c : columns) cols.addObject().put("name", c.name()).put("type", c.type().label());
            m.set("spec", spec.toJson());
            AtomicFiles.write(manifest, (m.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try {
            Files.createDirectories(dir.resolve(PARTS));
        } catch (IOException e) {
            throw new DdamInputException(dir.toString(), 0, "cannot create " + PARTS + ": " + AtomicFiles.reason(e));
        }
        return new SweepFolder(dir, spec, columns);
    }

    /**
     * The spec stored in a result folder, for {@code --resume DIR}.
     *
     * @param dir a sweep's output folder
     * @return its spec
     * @throws DdamInputException if {@code dir} holds no sweep manifest
     */
    public static SweepSpec storedSpec(Path dir) {
        JsonNode m = readManifest(dir);
        SweepSpec s = SweepSpec.parse(m.path("spec").toString(), dir.resolve(MANIFEST).toString());
        if (!s.hash().equals(m.path("specHash").asText())) {
            throw new DdamInputException(dir.resolve(MANIFEST).toString(), 0, "its spec does not match its specHash: the manifest was edited, or an input file it names was "
                    + "changed, moved or removed since (hashes follow the files' contents); run the spec again with another --out");
        }
        return s;
    }

    private static JsonNode readManifest(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) throw new DdamInputException(dir.toString(), 0, "holds no sweep (no " + MANIFEST + ")");
        try {
            JsonNode m = new ObjectMapper().readTree(manifest.toFile());
            if (m == null || !FORMAT.equals(m.path("format").asText())) {
                throw new DdamInputException(manifest.toString(), 1, "is not a " + FORMAT + " manifest");
            }
            return m;
        } catch (IOException e) {
            throw new DdamInputException(manifest.toString(), 0, "cannot be read: " + e.getMessage());
        }
    }

    private static String abbreviate(String hash) { return hash.length() > 12 ? hash.substring(0, 12) : hash; }

    private static boolean isEmpty(Path dir) {
        try (var in = Files.list(dir)) {
            return in.findAny().isEmpty();
        } catch (IOException e) {
            throw new DdamInputException(dir.toString(), 0, "cannot be listed: " + AtomicFiles.reason(e));
        }
    }

    /**
     * The folder.
     *
     * @return its path
     */
    public Path dir() { return dir; }

    /**
     * The spec.
     *
     * @return the spec whose results this folder holds
     */
    public SweepSpec spec() { return spec; }

    /**
     * The part file of a cell.
     *
     * @param cell a cell
     * @return {@code parts/ID.csv}
     */
    public Path part(Cell cell) { return dir.resolve(PARTS).resolve(cell.id() + ".csv"); }

    /**
     * The cells that have no part file yet, in grid order.
     *
     * @param cells all cells of the spec
     * @return those still to run
     */
    public List<Cell> missing(List<Cell> cells) {
        List<Cell> out = new ArrayList<>();
        for (Cell c : cells) if (!Files.isRegularFile(part(c))) out.add(c);
        return out;
    }

    /**
     * A sink that writes each cell's rows to its part file atomically (temporary file, then rename).
     *
     * @return a thread-safe sink
     */
    public RowSink sink() {
        return (cell, rows) -> AtomicFiles.write(part(cell), w -> {
            w.write(CsvRows.header(columns));
            for (SweepRow r : rows) {
                if (r.size() != columns.size()) throw new IllegalStateException("a row of " + r.size() + " values for " + columns.size() + " columns");
                w.write(CsvRows.line(r));
            }
        });
    }

    /**
     * Reads one cell's rows back from its part file.
     *
     * @param cell a finished cell
     * @return its rows
     * @throws DdamInputException if the part file is missing or damaged
     */
    public List<SweepRow> rows(Cell cell) {
        List<SweepRow> out = new ArrayList<>();
        forEachRow(cell, out::add);
        return out;
    }

    private void forEachRow(Cell cell, java.util.function.Consumer<SweepRow> to) {
        Path p = part(cell);
        try (BufferedReader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String head = in.readLine();
            if (head == null || !(head + "\n").equals(CsvRows.header(columns))) {
                throw new DdamInputException(p.toString(), 1, "its header is not the sweep's columns");
            }
            int line = 1;
            for (String s = in.readLine(); s != null; s = in.readLine()) {
                line++;
                try {
                    to.accept(CsvRows.parse(s, columns));
                } catch (IllegalArgumentException e) {
                    throw new DdamInputException(p.toString(), line, "damaged row: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new DdamInputException(p.toString(), 0, "cannot be read: " + AtomicFiles.reason(e));
        }
    }

    /**
     * Writes {@code rows.csv} (and with {@code json} also {@code rows.json}): every cell's rows in grid
     * order, streamed from the part files (never all in memory), each file through a temporary file.
     * Calls {@code each} with every row on the way, e.g. to build a summary.
     *
     * @param cells all cells of the spec, every one finished
     * @param json  whether to write {@code rows.json} too
     * @param each  receives every row, in order
     * @throws DdamInputException if a cell has no part file
     */
    public void assemble(List<Cell> cells, boolean json, java.util.function.Consumer<SweepRow> each) {
        List<Cell> missing = missing(cells);
        if (!missing.isEmpty()) throw new DdamInputException(dir.toString(), 0, missing.size() + " cells have no results yet");
        AtomicFiles.write(dir.resolve(ROWS_CSV), (Writer w) -> {
            w.write(CsvRows.header(columns));
            for (Cell c : cells) {
                forEachRow(c, r -> {
                    try {
                        w.write(CsvRows.line(r));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    each.accept(r);
                });
            }
        });
        if (!json) return;
        AtomicFiles.write(dir.resolve(ROWS_JSON), (Writer w) -> {
            try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(w)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartArray();
                for (Cell c : cells) {
                    forEachRow(c, r -> {
                        try {
                            g.writeRaw('\n');
                            g.writeStartObject();
                            for (int i = 0; i < columns.size(); i++) {
                                g.writeFieldName(columns.get(i).name());
                                Object v = r.get(i);
                                if (v == null) g.writeNull();
                                else if (v instanceof Long l) g.writeNumber(l);
                                else if (v instanceof Double d) {
                                    if (Double.isFinite(d)) g.writeNumber(d); else g.writeString(d.toString());
                                } else g.writeString(v.toString());
                            }
                            g.writeEndObject();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
                g.writeRaw('\n');
                g.writeEndArray();
                g.writeRaw('\n');
            }
        });
    }
}
