package io.ddam.solver.io;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes instances in the project's format {@code ddam-instance/1} (docs/formats.md), laid out for
 * people: 2-space indent, one node, edge or W row per line, numbers as the shortest decimal that
 * reads back to the same double (whole W entries and costs without ".0"). Reading the output with
 * {@link JsonInstanceReader} gives an equal {@link Network} and {@link InterestMatrix}, terminals,
 * name and metadata. W is always written as an explicit matrix, so the file does not depend on the
 * generator code; a generator spec stays in the metadata as a record of where W came from.
 */
public final class JsonInstanceWriter {
    private JsonInstanceWriter() {}

    /** Writes {@code instance} to {@code out} (not closed). */
    public static void write(Instance instance, Writer out) throws IOException {
        Network net = instance.network();
        out.write("{\n");
        out.write("  \"format\": " + str(JsonInstanceReader.FORMAT) + ",\n");
        out.write("  \"name\": " + str(instance.name()) + ",\n");
        if (!instance.metadata().isEmpty()) {
            out.write("  \"metadata\": ");
            value(out, instance.metadata(), 1);
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
                    + ", \"delay\": " + net.delay(e) + ", \"cost\": " + JsonTree.numText(net.cost(e)) + "}");
        }
        out.write(net.edgeCount() > 0 ? "\n  ]" : "]");
        if (instance.interest().isPresent()) {
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

    /** Writes {@code instance} to {@code file} atomically (see {@link AtomicFiles}). */
    public static void write(Instance instance, Path file) {
        AtomicFiles.write(file, out -> write(instance, out));
    }

    /** The JSON text of {@code instance}. */
    public static String toJson(Instance instance) {
        StringWriter sw = new StringWriter();
        try {
            write(instance, sw);
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
