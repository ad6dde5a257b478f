package io.ddam.solver.tree;

import java.util.List;
import java.util.Optional;

/**
 * The graph-algorithm designers of this package by their command-line names ({@code spt},
 * {@code kmb}, {@code mehlhorn}). MILP designers live elsewhere and are looked up by their own package.
 */
public final class TreeDesigners {
    private TreeDesigners() {}

    /**
     * The names {@link #byName} accepts, in display order.
     *
     * @return {@code [spt, kmb, mehlhorn]}
     */
    public static List<String> names() {
        return List.of(ShortestPathTreeDesigner.NAME, KmbSteinerDesigner.NAME, MehlhornSteinerDesigner.NAME);
    }

    /**
     * A designer by name (case-insensitive), if this package has one.
     *
     * @param name a command-line name such as {@code "spt"} or {@code "KMB"}
     * @return a new designer with default options, or empty for other names (e.g. the MILP designers)
     */
    public static Optional<TreeDesigner> byName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case ShortestPathTreeDesigner.NAME -> Optional.of(new ShortestPathTreeDesigner());
            case KmbSteinerDesigner.NAME -> Optional.of(new KmbSteinerDesigner());
            case MehlhornSteinerDesigner.NAME -> Optional.of(new MehlhornSteinerDesigner());
            default -> Optional.empty();
        };
    }
}
