package io.ddam.solver.io;

import io.ddam.solver.graph.Network;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * Writes a network as a Graphviz DOT file ({@code graph { … }}, undirected) for drawing: nodes are
 * named by their id and show their label if they have one; every edge shows {@code d=delay,c=cost}.
 * The overload with a root and tree edges draws a routing tree on top of the network: tree edges bold
 * and coloured, other edges thin and grey, the root filled. It takes plain edge indices so that it does
 * not depend on any tree class. Render with e.g. {@code neato -Tpng file.dot > file.png}.
 */
public final class DotWriter {
    /** Colour of tree edges and the root. */
    public static final String TREE_COLOR = "#d62728";

    private DotWriter() {}

    /**
     * The plain network.
     *
     * @param network the network to draw
     * @param out     where the DOT text goes (not closed)
     * @throws IOException if writing to {@code out} fails
     */
    public static void write(Network network, Writer out) throws IOException {
        write(network, -1, null, out);
    }

    /**
     * The network with a highlighted tree.
     *
     * @param network   the network to draw
     * @param root      node index of the tree's root, or -1 for none
     * @param treeEdges edge indices of the tree (may be null or empty)
     * @param out       where the DOT text goes (not closed)
     * @throws IllegalArgumentException if root or an edge index is out of range
     * @throws IOException if writing to {@code out} fails
     */
    public static void write(Network network, int root, int[] treeEdges, Writer out) throws IOException {
        int n = network.nodeCount();
        if (root < -1 || root >= n) throw new IllegalArgumentException("root index " + root + " is not a node (N = " + n + ")");
        boolean[] inTree = new boolean[network.edgeCount()];
        boolean highlight = treeEdges != null || root >= 0;
        if (treeEdges != null) {
            for (int e : treeEdges) {
                if (e < 0 || e >= inTree.length) throw new IllegalArgumentException("edge index " + e + " is not an edge (|E| = " + inTree.length + ")");
                inTree[e] = true;
            }
        }
        out.write("graph G {\n");
        out.write("  node [shape=circle, fontsize=10];\n");
        out.write("  edge [fontsize=8];\n");
        for (int i = 0; i < n; i++) {
            StringBuilder attrs = new StringBuilder();
            if (network.label(i) != null) attrs.append("label=").append(quote(network.label(i)));
            if (i == root) {
                if (attrs.length() > 0) attrs.append(", ");
                attrs.append("style=filled, fillcolor=\"").append(TREE_COLOR).append("\", fontcolor=white, penwidth=2");
            }
            out.write("  " + quote(Integer.toString(network.id(i))) + (attrs.length() > 0 ? " [" + attrs + "]" : "") + ";\n");
        }
        for (int e = 0; e < network.edgeCount(); e++) {
            String label = "d=" + network.delay(e) + ",c=" + JsonTree.numText(network.cost(e));
            String style;
            if (!highlight) style = "";
            else if (inTree[e]) style = ", color=\"" + TREE_COLOR + "\", penwidth=3, style=bold";
            else style = ", color=gray70";
            out.write("  " + quote(Integer.toString(network.id(network.edgeU(e)))) + " -- "
                    + quote(Integer.toString(network.id(network.edgeV(e)))) + " [label=\"" + label + "\"" + style + "];\n");
        }
        out.write("}\n");
    }

    /**
     * The plain network, written atomically to {@code file}.
     *
     * @param network the network to draw
     * @param file    the .dot file to create or replace
     * @throws io.ddam.solver.DdamInputException if the file cannot be written
     */
    public static void write(Network network, Path file) {
        AtomicFiles.write(file, out -> write(network, out));
    }

    /**
     * The network with a highlighted tree, written atomically to {@code file}.
     *
     * @param network   the network to draw
     * @param root      node index of the tree's root, or -1 for none
     * @param treeEdges edge indices of the tree (may be null or empty)
     * @param file      the .dot file to create or replace
     * @throws IllegalArgumentException if root or an edge index is out of range
     * @throws io.ddam.solver.DdamInputException if the file cannot be written
     */
    public static void write(Network network, int root, int[] treeEdges, Path file) {
        AtomicFiles.write(file, out -> write(network, root, treeEdges, out));
    }

    /**
     * The DOT text of the plain network.
     *
     * @param network the network to draw
     * @return the whole {@code graph G { … }} text
     */
    public static String toDot(Network network) {
        StringWriter sw = new StringWriter();
        try {
            write(network, sw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\');
            if (c == '\n') { sb.append("\\n"); continue; }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
