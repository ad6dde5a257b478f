package io.ddam.solver.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes instances in the project's format {@code ddam-instance/1} (docs/formats.md), laid out for
 * people: 2-space indent, one node, edge or W row per line, numbers as the shortest decimal that
 * reads back to the same double (whole W entries and costs without ".0"). Reading the output with
 * {@link JsonInstanceReader} gives an equal {@link Network} and {@link InterestMatrix}, terminals,
 * name and metadata. By default W is written as an explicit matrix, so the file does not depend on
 * the generator code, and a generator spec stays in the metadata as a record of where W came from;
 * {@link InterestForm#SPEC_IF_GENERATED} writes the spec instead when it reproduces W exactly.
 */
public final class JsonInstanceWriter {
    private JsonInstanceWriter() {}

    /** How W is written. */
    public enum InterestForm {
        /** Always explicit weights (the default: the file stands on its own): a matrix, or sparse rows above {@link InterestMatrix#DENSE_MAX_N} agents. */
        MATRIX,
        /**
         * The generator spec from the metadata key {@code "interest"} when regenerating it gives exactly
         * this W (much smaller files for large N); the explicit matrix otherwise.
         */
        SPEC_IF_GENERATED
    }

    /**
     * Writes {@code instance} to {@code out} (not closed), W as an explicit matrix.
     *
     * @param instance the instance to write
     * @param out      where the JSON text goes
     * @throws IOException if writing to {@code out} fails
     */
    public static void write(Instance instance, Writer out) throws IOException {
        write(instance, out, InterestForm.MATRIX);
    }

    /**
     * Writes {@code instance} to {@code out} (not closed), W in the given form.
     *
     * @param instance the instance to write
     * @param out      where the JSON text goes
     * @param form     whether W may be written as its generator spec
     * @throws IOException if writing to {@code out} fails
     */
    public static void write(Instance instance, Writer out, InterestForm form) throws IOException {
        Network net = instance.network();
        InterestSpec spec = form == InterestForm.SPEC_IF_GENERATED ? regenerable(instance) : null;
        out.write("{\n");
        out.write("  \"format\": " + str(JsonInstanceReader.FORMAT) + ",\n");
        out.write("  \"name\": " + str(instance.name()) + ",\n");
        Map<String, Object> meta = instance.metadata();
        if (spec != null) {
            // the reader puts the spec back under "interest" when it regenerates W
            meta = new LinkedHashMap<>(meta);
            meta.remove("interest");
        }
        if (!meta.isEmpty()) {
            out.write("  \"metadata\": ");
            value(out, meta, 1);
            out.write(",\n");
        }
        out.write("  \"nodes\": ");
        if (isPlainRange(net)) {
            out.write(Integer.toString(net.nodeCount()));
        } else {
            out.write("[\n");
            for (int i = 0; i < net.nodeCount(); i++) {
                out.write("    {\"id\": " + net.id(i));
                if (net.label(i) != null) out.write(", \"label\": " + str(net.label(i)));
                out.write(i + 1 < net.nodeCount() ? "},\n" : "}\n");
            }
            out.write("  ]");
        }
        out.write(",\n  \"edges\": [");
        for (int e = 0; e < net.edgeCount(); e++) {
            out.write(e == 0 ? "\n" : ",\n");
            out.write("    {\"u\": " + net.id(net.edgeU(e)) + ", \"v\": " + net.id(net.edgeV(e))
                    + ", \"delay\": " + net.delay(e) + ", \"cost\": " + JsonTree.numText(net.cost(e))
                    + (net.capacity(e) == Network.DEFAULT_CAPACITY ? "" : ", \"capacity\": " + JsonTree.numText(net.capacity(e)))
                    + "}");
        }
        out.write(net.edgeCount() > 0 ? "\n  ]" : "]");
        if (spec != null) {
            out.write(",\n  \"interest\": ");
            value(out, spec.toMetadata(), 1);
        } else if (instance.interest().isPresent() && instance.interest().get().size() > InterestMatrix.DENSE_MAX_N) {
            // Large W by its nonzeros: a 10,000-agent top-3 W is 40,000 pairs, not 10^8 matrix entries.
            InterestMatrix w = instance.interest().get();
            out.write(",\n  \"interest\": {\n    \"rows\": [\n");
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < w.size(); r++) {
                sb.setLength(0);
                sb.append("      {\"agent\": ").append(net.id(r)).append(", \"weights\": [");
                int[] cols = w.interestSet(r);
                double[] vals = w.interestWeights(r);
                for (int i = 0; i < cols.length; i++) {
                    if (i > 0) sb.append(", ");
                    sb.append('[').append(net.id(cols[i])).append(", ").append(JsonTree.numText(vals[i])).append(']');
                }
                sb.append(r + 1 < w.size() ? "]},\n" : "]}\n");
                out.write(sb.toString());
            }
            out.write("    ]\n  }");
        } else if (instance.interest().isPresent()) {
            InterestMatrix w = instance.interest().get();
            out.write(",\n  \"interest\": {\n    \"matrix\": [\n");
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < w.size(); r++) {
                sb.setLength(0);
                sb.append("      [");
                for (int c = 0; c < w.size(); c++) {
                    if (c > 0) sb.append(", ");
                    sb.append(JsonTree.numText(w.weight(r, c)));
                }
                sb.append(r + 1 < w.size() ? "],\n" : "]\n");
                out.write(sb.toString());
            }
            out.write("    ]\n  }");
        }
        if (instance.hasTerminals()) {
            out.write(",\n  \"terminals\": [");
            int[] t = instance.terminals();
            for (int i = 0; i < t.length; i++) {
                if (i > 0) out.write(", ");
                out.write(Integer.toString(net.id(t[i])));
            }
            out.write("]");
        }
        out.write("\n}\n");
    }

    /**
     * Writes {@code instance} to {@code file} atomically (see {@link AtomicFiles}), W as an explicit matrix.
     *
     * @param instance the instance to write
     * @param file     the .json file to create or replace
     * @throws DdamInputException if the file cannot be written
     */
    public static void write(Instance instance, Path file) {
        write(instance, file, InterestForm.MATRIX);
    }

    /**
     * Writes {@code instance} to {@code file} atomically, W in the given form.
     *
     * @param instance the instance to write
     * @param file     the .json file to create or replace
     * @param form     whether W may be written as its generator spec
     * @throws DdamInputException if the file cannot be written
     */
    public static void write(Instance instance, Path file, InterestForm form) {
        AtomicFiles.write(file, out -> write(instance, out, form));
    }

    /** The spec in the metadata if it reproduces the instance's W exactly, else null. */
    private static InterestSpec regenerable(Instance instance) {
        if (instance.interest().isEmpty()) return null;
        try {
            InterestSpec spec = InterestSpec.fromMetadata(instance.metadata().get("interest")).orElse(null);
            if (spec == null) return null;
            return spec.generate(instance.network().nodeCount()).equals(instance.interest().get()) ? spec : null;
        } catch (DdamInputException e) {
            return null; // not a usable spec: fall back to the matrix
        }
    }

    /**
     * The JSON text of {@code instance}, W as an explicit matrix.
     *
     * @param instance the instance to write
     * @return the whole file's text, as {@link JsonInstanceReader} reads it
     */
    public static String toJson(Instance instance) {
        return toJson(instance, InterestForm.MATRIX);
    }

    /**
     * The JSON text of {@code instance}, W in the given form.
     *
     * @param instance the instance to write
     * @param form     whether W may be written as its generator spec
     * @return the whole file's text, as {@link JsonInstanceReader} reads it
     */
    public static String toJson(Instance instance, InterestForm form) {
        StringWriter sw = new StringWriter();
        try {
            write(instance, sw, form);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return sw.toString();
    }

    private static boolean isPlainRange(Network net) {
        for (int i = 0; i < net.nodeCount(); i++) {
            if (net.id(i) != i || net.label(i) != null) return false;
        }
        return true;
    }

    /** A value on one line if it holds no lists or maps, else one member per line. */
    private static void value(Writer out, Object v, int depth) throws IOException {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) { out.write("{}"); return; }
            boolean flat = m.values().stream().noneMatch(JsonInstanceWriter::isContainer);
            String pad = "  ".repeat(depth + 1);
            out.write(flat ? "{" : "{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!flat) out.write(pad);
                out.write(str(String.valueOf(e.getKey())) + ": ");
                value(out, e.getValue(), depth + 1);
                if (++i < m.size()) out.write(flat ? ", " : ",\n");
            }
            out.write(flat ? "}" : "\n" + "  ".repeat(depth) + "}");
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) { out.write("[]"); return; }
            boolean flat = l.stream().noneMatch(JsonInstanceWriter::isContainer);
            String pad = "  ".repeat(depth + 1);
            out.write(flat ? "[" : "[\n");
            for (int i = 0; i < l.size(); i++) {
                if (!flat) out.write(pad);
                value(out, l.get(i), depth + 1);
                if (i + 1 < l.size()) out.write(flat ? ", " : ",\n");
            }
            out.write(flat ? "]" : "\n" + "  ".repeat(depth) + "]");
        } else {
            out.write(scalar(v));
        }
    }

    private static boolean isContainer(Object o) {
        return o instanceof Map<?, ?> || o instanceof List<?>;
    }

    /**
     * Scalars keep their type through a round trip: Integer/Long as integers, Double/Float with a
     * decimal point or exponent ({@link Double#toString}), so 1.0 does not come back as the integer 1.
     */
    private static String scalar(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean b) return b.toString();
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return v.toString();
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN or Infinity; keep the information as a string rather than write invalid JSON.
            return Double.isFinite(d) ? Double.toString(d) : str(Double.toString(d));
        }
        if (v instanceof Number n) return n.toString();
        return str(String.valueOf(v));
    }

    private static String str(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
