package io.ddam.solver;

/**
 * The memory budget every reader and command checks sizes taken from input against before it
 * allocates (docs/reliability.md): half of the JVM's maximum heap ({@code -Xmx}), so that one
 * input-sized structure can never exhaust the heap, and the rest stays for the work on it. A size
 * beyond the budget is bad input (exit 2) with one line naming the file, line and limit, not an
 * {@link OutOfMemoryError}. The system property {@code ddam.memoryBudget} (bytes) overrides it, for tests.
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /**
     * The budget in bytes.
     *
     * @return {@code ddam.memoryBudget} if set, else half of {@link Runtime#maxMemory()}
     */
    public static long bytes() {
        String p = System.getProperty("ddam.memoryBudget");
        if (p != null) {
            try {
                return Long.parseLong(p.strip());
            } catch (NumberFormatException ignored) {
                // fall through to the heap-derived budget
            }
        }
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * Checks that {@code bytes} fit the budget.
     *
     * @param source the file the size comes from (or {@code null})
     * @param line   the 1-based line that gives the size, or 0
     * @param what   what would be allocated, e.g. {@code "T=2000000000 steps x 3 agents x 2 numbers"}
     * @param bytes  how many bytes it needs (saturated: pass {@link Long#MAX_VALUE} on overflow)
     * @throws DdamInputException if {@code bytes} exceeds the budget
     */
    public static void require(String source, int line, String what, long bytes) {
        long budget = bytes();
        if (bytes > budget || bytes < 0) {
            throw new DdamInputException(source, line, what + " needs " + human(bytes) + " of memory, more than the budget of "
                    + human(budget) + " (half the maximum heap; raise it with -Xmx, e.g. DDAM_JAVA_OPTS=-Xmx8g)");
        }
    }

    /**
     * a × b × c × d in bytes, saturating at {@link Long#MAX_VALUE} instead of overflowing.
     *
     * @param factors non-negative factors
     * @return their product, or {@link Long#MAX_VALUE} if it does not fit a long
     */
    public static long product(long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f < 0) return Long.MAX_VALUE;
            if (f != 0 && p > Long.MAX_VALUE / f) return Long.MAX_VALUE;
            p *= f;
        }
        return p;
    }

    /** 1.5 GiB, 300 MiB, 12 KiB, 5 bytes. */
    static String human(long b) {
        if (b < 0 || b == Long.MAX_VALUE) return "more than 8 EiB";
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double x = b;
        int u = 0;
        while (x >= 1024 && u < units.length - 1) {
            x /= 1024;
            u++;
        }
        return u == 0 ? b + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", x, units[u]);
    }
}
