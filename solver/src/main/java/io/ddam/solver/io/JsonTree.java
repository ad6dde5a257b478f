package io.ddam.solver.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree that remembers the 1-based line of every value and object key, built from Jackson's
 * streaming parser; Jackson's own {@code JsonNode} drops locations, and the readers must name the
 * line of whatever is wrong. Arrays of plain numbers (W rows, id lists) are kept in primitive arrays,
 * because a 1000-agent W would otherwise cost a million small objects.
 */
final class JsonTree {
    private JsonTree() {}

    /** Jackson accepts bare NaN/Infinity here only so that the reader can reject them with a clear message. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    enum Type { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    /** One value. Only the fields of its {@link #type} are meaningful. */
    static final class Node {
        final Type type;
        final int line;
        String text;
        boolean bool;
        double num;
        long longValue;
        boolean intToken;
        boolean tooBig;
        LinkedHashMap<String, Node> fields;
        Map<String, Integer> keyLines;
        private ArrayList<Node> items;
        // numeric-array storage while every element so far is a number
        private double[] nums;
        private long[] longs;
        private byte[] flags;
        private int[] lines;
        private int count;

        Node(Type type, int line) {
            this.type = type;
            this.line = line;
        }

        int size() {
            return items != null ? items.size() : count;
        }

        Node item(int i) {
            if (items != null) return items.get(i);
            if (i < 0 || i >= count) throw new IndexOutOfBoundsException(i);
            return numberNode(lines[i], nums[i], longs[i], flags[i]);
        }

        List<Node> items() {
            List<Node> l = new ArrayList<>(size());
            for (int i = 0; i < size(); i++) l.add(item(i));
            return l;
        }

        /** The line of key {@code name} in this object (else the object's own line). */
        int keyLine(String name) {
            Integer l = keyLines == null ? null : keyLines.get(name);
            return l == null ? line : l;
        }

        /** True for a number that is a finite whole value, from an integer or a float token (2.0). */
        boolean isWhole() {
            return type == Type.NUMBER && !tooBig && Double.isFinite(num) && (intToken || num == Math.rint(num));
        }

        /** For messages: what this value is. */
        String describe() {
            return switch (type) {
                case OBJECT -> "an object";
                case ARRAY -> "an array";
                case STRING -> "string \"" + abbreviate(text) + "\"";
                case NUMBER -> "number " + (intToken && !tooBig ? Long.toString(longValue) : tooBig ? "(too large)" : numText(num));
                case BOOLEAN -> Boolean.toString(bool);
                case NULL -> "null";
            };
        }

        private void add(Node n) {
            if (items == null && n.type == Type.NUMBER) {
                if (nums == null) {
                    nums = new double[8];
                    longs = new long[8];
                    flags = new byte[8];
                    lines = new int[8];
                } else if (count == nums.length) {
                    int c = count * 2;
                    nums = Arrays.copyOf(nums, c);
                    longs = Arrays.copyOf(longs, c);
                    flags = Arrays.copyOf(flags, c);
                    lines = Arrays.copyOf(lines, c);
                }
                nums[count] = n.num;
                longs[count] = n.longValue;
                flags[count] = (byte) ((n.intToken ? 1 : 0) | (n.tooBig ? 2 : 0));
                lines[count] = n.line;
                count++;
                return;
            }
            if (items == null) {
                items = new ArrayList<>(Math.max(4, count + 1));
                for (int i = 0; i < count; i++) items.add(numberNode(lines[i], nums[i], longs[i], flags[i]));
                nums = null;
                longs = null;
                flags = null;
                lines = null;
            }
            items.add(n);
        }
    }

    private static Node numberNode(int line, double num, long longValue, byte flags) {
        Node n = new Node(Type.NUMBER, line);
        n.num = num;
        n.longValue = longValue;
        n.intToken = (flags & 1) != 0;
        n.tooBig = (flags & 2) != 0;
        return n;
    }

    /** Thrown for a key that appears twice in one object (JSON allows it, this project does not). */
    static final class DuplicateKeyException extends IOException {
        private static final long serialVersionUID = 1L;
        final int line;
        final String key;

        DuplicateKeyException(String key, int line) {
            super("field \"" + key + "\" appears twice in one object");
            this.key = key;
            this.line = line;
        }
    }

    /** Reads the value starting at the current token {@code t}. */
    static Node parse(JsonParser p, JsonToken t) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        switch (t) {
            case START_OBJECT: {
                Node n = new Node(Type.OBJECT, line);
                n.fields = new LinkedHashMap<>();
                n.keyLines = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    if (n.fields.containsKey(name)) throw new DuplicateKeyException(name, keyLine);
                    Node v = parse(p, p.nextToken());
                    n.fields.put(name, v);
                    n.keyLines.put(name, keyLine);
                }
                return n;
            }
            case START_ARRAY: {
                Node n = new Node(Type.ARRAY, line);
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) throw new java.io.EOFException("unexpected end of input inside an array");
                    n.add(parse(p, e));
                }
                return n;
            }
            case VALUE_STRING: {
                Node n = new Node(Type.STRING, line);
                n.text = p.getText();
                return n;
            }
            case VALUE_NUMBER_INT: {
                Node n = new Node(Type.NUMBER, line);
                n.intToken = true;
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    n.tooBig = true;
                    n.num = p.getDoubleValue();
                } else {
                    n.longValue = p.getLongValue();
                    n.num = (double) n.longValue;
                }
                return n;
            }
            case VALUE_NUMBER_FLOAT: {
                Node n = new Node(Type.NUMBER, line);
                n.num = p.getDoubleValue();
                return n;
            }
            case VALUE_TRUE:
            case VALUE_FALSE: {
                Node n = new Node(Type.BOOLEAN, line);
                n.bool = t == JsonToken.VALUE_TRUE;
                return n;
            }
            case VALUE_NULL:
                return new Node(Type.NULL, line);
            default:
                throw new IOException("unexpected " + t);
        }
    }

    static String abbreviate(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() <= 40 ? one : one.substring(0, 37) + "...";
    }

    /** Shortest round-trip decimal; whole numbers without ".0" (and -0.0 kept as such). */
    static String numText(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15 && Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits(-0.0)) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }
}
