package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command-line spec {@code kind:key=value,key=value}: the kind and the key/value pairs, with
 * typed getters whose errors name the bad key and value. Keys are case-insensitive; each may appear
 * once; {@link #requireOnly} rejects keys the kind does not know, so typos never pass silently.
 */
final class SpecString {
    final String text;
    final String kind;
    private final Map<String, String> values = new LinkedHashMap<>();

    private SpecString(String text, String kind) {
        this.text = text;
        this.kind = kind;
    }

    static SpecString parse(String text, String what) {
        if (text == null || text.isBlank()) throw new DdamInputException("empty " + what + " spec");
        String t = text.strip();
        int colon = t.indexOf(':');
        String kind = (colon < 0 ? t : t.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        if (kind.isEmpty()) throw new DdamInputException(what + " spec '" + t + "' has no kind before ':'");
        SpecString s = new SpecString(t, kind);
        if (colon >= 0) {
            String rest = t.substring(colon + 1);
            if (!rest.isBlank()) {
                for (String part : rest.split(",", -1)) {
                    int eq = part.indexOf('=');
                    if (eq < 0) {
                        throw new DdamInputException(what + " spec '" + t + "': '" + part.strip() + "' is not key=value");
                    }
                    String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    String value = part.substring(eq + 1).strip();
                    if (key.isEmpty()) throw new DdamInputException(what + " spec '" + t + "': '" + part.strip() + "' has no key");
                    if (s.values.put(key, value) != null) {
                        throw new DdamInputException(what + " spec '" + t + "': key '" + key + "' is given twice");
                    }
                }
            }
        }
        return s;
    }

    void requireOnly(Set<String> allowed) {
        for (String k : values.keySet()) {
            if (!allowed.contains(k)) {
                throw new DdamInputException(kind + " spec '" + text + "': unknown key '" + k + "'; known keys: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    boolean has(String key) { return values.containsKey(key); }

    String raw(String key) { return values.get(key); }

    int intValue(String key, Integer dflt) {
        String v = values.get(key);
        if (v == null) return required(key, dflt);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    long longValue(String key, Long dflt) {
        String v = values.get(key);
        if (v == null) return required(key, dflt);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    double doubleValue(String key, Double dflt) {
        String v = values.get(key);
        if (v == null) return required(key, dflt);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) throw bad(key, v, "a finite number");
        return d;
    }

    DdamInputException bad(String key, String value, String expected) {
        return new DdamInputException(kind + " spec '" + text + "': " + key + "=" + value + " is not " + expected);
    }

    private <T> T required(String key, T dflt) {
        if (dflt == null) throw new DdamInputException(kind + " spec '" + text + "': missing key '" + key + "'");
        return dflt;
    }

    /** Shortest round-trip decimal, whole numbers without ".0" (for canonical spec strings). */
    static String num(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15 && !(x == 0 && Double.doubleToRawLongBits(x) != 0)) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }
}
