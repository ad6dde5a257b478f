package io.ddam.solver.tree;

import io.ddam.solver.DdamInputException;

import java.util.Locale;

/**
 * How DDAM-TOGD moves its messages over the routing trees, which decides the link loads and so the
 * fair-time iteration budget (docs/algorithms.md, "Transports"). Both transports deliver exactly the
 * same gradient terms to the root at the same step, so the iterates are identical; only the number of
 * messages on each link differs.
 * <ul>
 *   <li>{@link #UNICAST} (the paper's, eq. 15): one memory copy down and one gradient up per (n, m) pair
 *       on every link of the path n→m; load_e = 2·#{(n, m) : e on T_n's path n→m}.</li>
 *   <li>{@link #AGGREGATE}: the memory is multicast down each tree edge once, and on the way up every
 *       node adds its own w-weighted gradient to the partial sums of its children that reach the root
 *       in the same step, sending one message per tree edge; load_e = 2·#{n : T_n uses e}.</li>
 * </ul>
 */
public enum Transport {
    /** One message per (root, target) pair and link, each way: the paper's eq. (15). */
    UNICAST("unicast"),
    /** One message per tree edge and step, each way: multicast down, in-network sums up. */
    AGGREGATE("aggregate");

    private final String cliName;

    Transport(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The command-line name.
     *
     * @return {@code unicast} or {@code aggregate}
     */
    public String cliName() { return cliName; }

    /**
     * Parses a command-line name (case-insensitive).
     *
     * @param name {@code unicast} or {@code aggregate}
     * @return the transport
     * @throws DdamInputException if the name is unknown
     */
    public static Transport parse(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        for (Transport t : values()) if (t.cliName.equals(s)) return t;
        throw new DdamInputException("unknown transport '" + name + "' (use unicast or aggregate)");
    }

    @Override
    public String toString() { return cliName; }
}
