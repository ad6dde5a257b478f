package io.ddam.solver.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.JsonTree.Node;
import io.ddam.solver.io.JsonTree.Type;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the project's own instance format {@code ddam-instance/1} (docs/formats.md): a JSON object
 * with a network (nodes, edges with delay and cost), an optional interest matrix W (explicit, or a
 * seeded generator spec that is applied here and kept in the metadata under {@code "interest"}),
 * optional terminals and free-form metadata. Every problem is a {@link DdamInputException} naming the
 * source and the line of the offending element. Connectivity is not required here; commands that
 * need it check it themselves.
 */
public final class JsonInstanceReader {
    /** The value of the {@code "format"} field this reader understands. */
    public static final String FORMAT = "ddam-instance/1";

    /** Most nodes a file may declare with {@code "nodes": N} (a guard against typos such as 1e9). */
    public static final int MAX_NODES = 1_000_000;

    private static final Set<String> TOP_FIELDS = Set.of("format", "name", "metadata", "nodes", "edges", "interest", "terminals");
    private static final String TOP_LIST = "format, name, metadata, nodes, edges, interest, terminals";

    private final String src;

    private JsonInstanceReader(String src) {
        this.src = src;
    }

    /**
     * Reads a file; the instance name defaults to the file name without {@code .json}.
     *
     * @param file a ddam JSON instance file (docs/formats.md)
     * @return the instance
     * @throws DdamInputException if the file is missing, unreadable or invalid, naming file and line
     */
    public static Instance read(Path file) {
        String src = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DdamInputException(src, 0, "no such file", e);
        } catch (IOException e) {
            throw new DdamInputException(src, 0, "cannot read: " + e.getMessage(), e);
        }
        return new JsonInstanceReader(src).parse(decode(src, bytes), stem(file.getFileName().toString()));
    }

    /**
     * Reads JSON text from {@code in}; {@code sourceName} names the source in messages and, without
     * its folder and {@code .json}, is the default instance name.
     *
     * @param sourceName the name to use in messages (e.g. a file name), or {@code null}
     * @param in         the JSON text (read to the end, not closed)
     * @return the instance
     * @throws DdamInputException if the text cannot be read or is invalid
     */
    public static Instance read(String sourceName, Reader in) {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        try {
            int r;
            while ((r = in.read(buf)) >= 0) sb.append(buf, 0, r);
        } catch (IOException e) {
            throw new DdamInputException(sourceName, 0, "cannot read: " + e.getMessage(), e);
        }
        String base = sourceName == null ? "" : sourceName.replaceAll(".*[/\\\\]", "");
        return new JsonInstanceReader(sourceName).parse(sb.toString(), stem(base));
    }

    /**
     * Reads JSON text held in a string (for tests and for instances embedded in other files).
     *
     * @param sourceName the name to use in messages, or {@code null}
     * @param json       the JSON text of one instance
     * @return the instance
     * @throws DdamInputException if the text is invalid
     */
    public static Instance readString(String sourceName, String json) {
        return read(sourceName, new java.io.StringReader(json));
    }

    private static String stem(String fileName) {
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    }

    /** Strict UTF-8: a bad byte is reported at its line rather than silently replaced. */
    private static String decode(String src, byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) if (bytes[i] == '\n') line++;
            throw new DdamInputException(src, line, "not UTF-8 text (byte " + in.position()
                    + "); is this a binary file? expected a JSON instance");
        }
        dec.flush(out);
        out.flip();
        return out.toString();
    }

    private Instance parse(String text, String defaultName) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        if (text.isBlank()) throw new DdamInputException(src, 0, "the file is empty; expected a JSON object with \"format\": \"" + FORMAT + "\"");
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new DdamInputException(src, lineOf(text, nul), "contains NUL bytes; is this a binary file? expected a JSON instance");
        }
        Node root;
        JsonParser parser = null;
        try (JsonParser p = JsonTree.FACTORY.createParser(text)) {
            parser = p;
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new DdamInputException(src, p.currentTokenLocation().getLineNr(),
                        "expected a JSON object ({ ... }) at the top, found " + (t == null ? "nothing" : p.getText()));
            }
            root = JsonTree.parse(p, t);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new DdamInputException(src, p.currentTokenLocation().getLineNr(), "unexpected content after the end of the JSON object");
            }
        } catch (JsonTree.DuplicateKeyException e) {
            throw new DdamInputException(src, e.line, e.getMessage(), e);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr()
                    // Jackson's size limits (depth, string and number length) carry no location: the parser knows it.
                    : parser != null ? parser.currentLocation().getLineNr() : 0;
            String msg = e.getOriginalMessage();
            int nl = msg == null ? -1 : msg.indexOf('\n');
            if (nl >= 0) msg = msg.substring(0, nl);
            int from = msg == null ? -1 : msg.indexOf(", from `");
            if (from >= 0) msg = msg.substring(0, from) + ")";
            if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException || (msg != null && msg.contains("end-of-input"))) {
                msg = "the file ends too early (truncated?); " + msg;
            }
            throw new DdamInputException(src, Math.max(line, 0), "malformed JSON: " + msg, e);
        } catch (java.io.EOFException e) {
            throw new DdamInputException(src, lineOf(text, text.length()), "malformed JSON: the file ends too early (truncated?)", e);
        } catch (IOException e) {
            throw new DdamInputException(src, 0, "cannot read: " + e.getMessage(), e);
        }
        return build(root, defaultName);
    }

    private static int lineOf(String text, int pos) {
        int line = 1;
        for (int i = 0; i < pos && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    private Instance build(Node root, String defaultName) {
        Node format = root.fields.get("format");
        if (format == null) throw err(root, "missing field \"format\"; expected \"format\": \"" + FORMAT + "\"");
        if (format.type != Type.STRING || !format.text.equals(FORMAT)) {
            throw err(format, "unknown format " + format.describe() + "; this reader understands \"" + FORMAT + "\"");
        }
        for (String k : root.fields.keySet()) {
            if (!TOP_FIELDS.contains(k)) {
                throw new DdamInputException(src, root.keyLine(k), "unknown field \"" + JsonTree.abbreviate(k) + "\" at the top level; known fields: " + TOP_LIST);
            }
        }
        String name = defaultName;
        Node nameNode = root.fields.get("name");
        if (nameNode != null) {
            if (nameNode.type != Type.STRING) throw err(nameNode, "\"name\" must be a string, found " + nameNode.describe());
            name = nameNode.text;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        Node metaNode = root.fields.get("metadata");
        if (metaNode != null) {
            if (metaNode.type != Type.OBJECT) throw err(metaNode, "\"metadata\" must be an object, found " + metaNode.describe());
            for (Map.Entry<String, Node> f : metaNode.fields.entrySet()) metadata.put(f.getKey(), plain(f.getValue()));
        }
        Network network = network(root);
        InterestMatrix w = null;
        Node interestNode = root.fields.get("interest");
        if (interestNode != null) {
            InterestSpec spec = interestSpec(interestNode);
            if (spec != null) {
                try {
                    w = spec.generate(network.nodeCount());
                } catch (DdamInputException e) {
                    throw e.at(src, interestNode.line);
                }
                metadata.put("interest", spec.toMetadata());
            } else if (interestNode.fields.containsKey("rows")) {
                w = sparseRows(interestNode.fields.get("rows"), network);
            } else {
                w = matrix(interestNode, network.nodeCount());
            }
        }
        int[] terminals = terminals(root.fields.get("terminals"), network);
        try {
            return new Instance(name, network, w, terminals, metadata);
        } catch (DdamInputException e) {
            throw e.at(src, root.line);
        }
    }

    private Network network(Node root) {
        Network.Builder b = Network.builder();
        Node nodes = require(root, "nodes", "the node count N or a list of nodes");
        if (nodes.type == Type.NUMBER) {
            if (!nodes.isWhole() || nodes.num < 1 || nodes.num > MAX_NODES) {
                throw err(nodes, "\"nodes\" must be a whole number of nodes in [1, " + MAX_NODES + "] or a list of nodes, found " + nodes.describe());
            }
            b.addNodes((int) nodes.num);
        } else if (nodes.type == Type.ARRAY) {
            if (nodes.size() == 0) throw err(nodes, "\"nodes\" is empty; the network needs at least one node");
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.item(i);
                int id;
                String label = null;
                if (n.type == Type.NUMBER) {
                    id = intValue(n, "node id");
                } else if (n.type == Type.OBJECT) {
                    onlyFields(n, "node", Set.of("id", "label"), "id, label");
                    id = intValue(require(n, "id", "the node id"), "node id");
                    Node l = n.fields.get("label");
                    if (l != null && l.type != Type.NULL) {
                        if (l.type != Type.STRING) throw err(l, "node label must be a string, found " + l.describe());
                        label = l.text;
                    }
                } else {
                    throw err(n, "a node must be an object {\"id\": …, \"label\": …} or an id, found " + n.describe());
                }
                try {
                    b.addNode(id, label);
                } catch (DdamInputException e) {
                    throw e.at(src, n.line);
                }
            }
        } else {
            throw err(nodes, "\"nodes\" must be the node count N or a list of nodes, found " + nodes.describe());
        }
        Node edges = require(root, "edges", "a list of edges (possibly empty)");
        if (edges.type != Type.ARRAY) throw err(edges, "\"edges\" must be a list of edges, found " + edges.describe());
        for (int i = 0; i < edges.size(); i++) {
            Node e = edges.item(i);
            if (e.type != Type.OBJECT) throw err(e, "an edge must be an object {\"u\": …, \"v\": …, \"delay\": …, \"cost\": …}, found " + e.describe());
            onlyFields(e, "edge", Set.of("u", "v", "delay", "cost", "capacity"), "u, v, delay, cost, capacity");
            int u = intValue(require(e, "u", "the id of one end"), "edge end u");
            int v = intValue(require(e, "v", "the id of the other end"), "edge end v");
            int delay = Network.DEFAULT_DELAY;
            Node d = e.fields.get("delay");
            if (d != null) {
                if (!d.isWhole() || d.num < 1 || d.num > Integer.MAX_VALUE) {
                    throw err(d, "edge " + u + "-" + v + ": delay must be a whole number of time steps >= 1, found " + d.describe());
                }
                delay = (int) d.num;
            }
            double cost = Network.DEFAULT_COST;
            Node c = e.fields.get("cost");
            if (c != null) {
                if (c.type != Type.NUMBER || c.tooBig || !(c.num > 0) || Double.isInfinite(c.num)) {
                    throw err(c, "edge " + u + "-" + v + ": cost must be a positive finite number, found " + c.describe());
                }
                cost = c.num;
            }
            double capacity = Network.DEFAULT_CAPACITY;
            Node k = e.fields.get("capacity");
            if (k != null) {
                if (k.type != Type.NUMBER || k.tooBig || !(k.num > 0) || Double.isInfinite(k.num)) {
                    throw err(k, "edge " + u + "-" + v + ": capacity must be a positive finite number of messages per time step, found " + k.describe());
                }
                capacity = k.num;
            }
            try {
                b.addEdge(u, v, delay, cost, capacity);
            } catch (DdamInputException ex) {
                throw ex.at(src, e.line);
            }
        }
        try {
            return b.build();
        } catch (DdamInputException ex) {
            throw ex.at(src, edges.line);
        }
    }

    /** The generator spec of an {@code "interest"} object, or null when it holds an explicit matrix. */
    private InterestSpec interestSpec(Node in) {
        if (in.type != Type.OBJECT) {
            throw err(in, "\"interest\" must be an object {\"matrix\": [[…]]} or {\"generator\": …}, found " + in.describe());
        }
        boolean hasMatrix = in.fields.containsKey("matrix");
        boolean hasRows = in.fields.containsKey("rows");
        Node gen = in.fields.get("generator");
        if ((hasMatrix ? 1 : 0) + (hasRows ? 1 : 0) + (gen != null ? 1 : 0) > 1) {
            List<String> given = new ArrayList<>();
            if (hasMatrix) given.add("\"matrix\"");
            if (hasRows) given.add("\"rows\"");
            if (gen != null) given.add("\"generator\"");
            throw err(in, "\"interest\" has both " + String.join(" and ", given) + "; give one");
        }
        if (hasMatrix) {
            onlyFields(in, "interest", Set.of("matrix"), "matrix (or rows, or generator with its parameters)");
            return null;
        }
        if (hasRows) {
            onlyFields(in, "interest", Set.of("rows"), "rows (or matrix, or generator with its parameters)");
            return null;
        }
        if (gen == null) throw err(in, "\"interest\" needs \"matrix\": [[…]], \"rows\": [{\"agent\": …, \"weights\": [[id, w], …]}, …] or \"generator\": \"dirichlet\" | \"uniform\" | \"topk\"");
        if (gen.type != Type.STRING) throw err(gen, "\"generator\" must be a string, found " + gen.describe());
        InterestSpec.Kind kind;
        try {
            kind = InterestSpec.Kind.byName(gen.text);
        } catch (DdamInputException e) {
            throw e.at(src, gen.line);
        }
        try {
            switch (kind) {
                case UNIFORM:
                    onlyFields(in, "interest", Set.of("generator"), "generator (uniform takes no parameters)");
                    return InterestSpec.uniform();
                case DIRICHLET:
                    onlyFields(in, "interest", Set.of("generator", "y0", "y1", "seed"), "generator, y0, y1, seed");
                    return InterestSpec.dirichlet(number(in, "y0"), number(in, "y1"), seed(in));
                case TOPK:
                default:
                    onlyFields(in, "interest", Set.of("generator", "k", "y0", "y1", "seed"), "generator, k, y0, y1, seed");
                    return InterestSpec.topK(intValue(require(in, "k", "the number of others kept per row"), "k"),
                            number(in, "y0"), number(in, "y1"), seed(in));
            }
        } catch (DdamInputException e) {
            if (e.source() != null) throw e;
            throw e.at(src, in.line);
        }
    }

    private double number(Node obj, String key) {
        Node n = require(obj, key, "a number");
        if (n.type != Type.NUMBER || n.tooBig || !Double.isFinite(n.num)) throw err(n, "\"" + key + "\" must be a finite number, found " + n.describe());
        return n.num;
    }

    private long seed(Node obj) {
        Node n = require(obj, "seed", "a whole-number seed");
        if (n.type != Type.NUMBER || !n.intToken || n.tooBig) throw err(n, "\"seed\" must be a whole number, found " + n.describe());
        return n.longValue;
    }

    private InterestMatrix matrix(Node in, int n) {
        Node m = in.fields.get("matrix");
        if (m.type != Type.ARRAY) throw err(m, "\"matrix\" must be a list of rows, found " + m.describe());
        if (m.size() != n) {
            throw err(m, "interest matrix has " + m.size() + " rows but the network has " + n + " nodes (W must be N x N)");
        }
        double[][] rows = new double[n][];
        for (int r = 0; r < n; r++) {
            Node row = m.item(r);
            if (row.type != Type.ARRAY) throw err(row, "interest matrix row " + (r + 1) + " must be a list of numbers, found " + row.describe());
            if (row.size() != n) {
                throw err(row, "interest matrix row " + (r + 1) + " has " + row.size() + " entries, expected " + n + " (W must be N x N)");
            }
            double[] x = new double[n];
            for (int c = 0; c < n; c++) {
                Node e = row.item(c);
                if (e.type != Type.NUMBER || e.tooBig) {
                    throw err(e, "interest matrix row " + (r + 1) + ", column " + (c + 1) + " must be a number, found " + e.describe());
                }
                if (!Double.isFinite(e.num) || e.num < 0 || e.num > 1) {
                    throw err(e, "interest matrix row " + (r + 1) + ", column " + (c + 1) + " is " + JsonTree.numText(e.num)
                            + "; entries must lie in [0, 1]");
                }
                x[c] = e.num;
            }
            try {
                InterestMatrix.checkRow(r, x);
            } catch (DdamInputException ex) {
                throw ex.at(src, row.line);
            }
            rows[r] = x;
        }
        return InterestMatrix.of(rows);
    }

    /**
     * W by its nonzeros: one entry per agent, {@code {"agent": id, "weights": [[id, w], ...]}}, every
     * agent exactly once (any order), ids of the network, weights in [0, 1] summing to 1 per row.
     */
    private InterestMatrix sparseRows(Node rows, Network net) {
        int n = net.nodeCount();
        if (rows.type != Type.ARRAY) throw err(rows, "\"rows\" must be a list of {\"agent\": id, \"weights\": [[id, w], …]}, found " + rows.describe());
        if (rows.size() != n) {
            throw err(rows, "\"rows\" has " + rows.size() + " entries but the network has " + n + " nodes (one row per agent)");
        }
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        int[] rowLine = new int[n];
        for (int i = 0; i < n; i++) {
            Node row = rows.item(i);
            if (row.type != Type.OBJECT) throw err(row, "a row must be an object {\"agent\": id, \"weights\": [[id, w], …]}, found " + row.describe());
            onlyFields(row, "row", Set.of("agent", "weights"), "agent, weights");
            Node agentNode = require(row, "agent", "the agent's node id");
            int agent = intValue(agentNode, "agent");
            int a = net.indexOf(agent);
            if (a < 0) throw err(agentNode, "agent " + agent + " is not a node of the network");
            if (cols[a] != null) throw err(agentNode, "agent " + agent + " has a second row (first at line " + rowLine[a] + ")");
            rowLine[a] = row.line;
            Node ws = require(row, "weights", "a list of [id, weight] pairs");
            if (ws.type != Type.ARRAY) throw err(ws, "\"weights\" must be a list of [id, weight] pairs, found " + ws.describe());
            int k = ws.size();
            int[] c = new int[k];
            double[] v = new double[k];
            for (int j = 0; j < k; j++) {
                Node pair = ws.item(j);
                if (pair.type != Type.ARRAY || pair.size() != 2) {
                    throw err(pair, "agent " + agent + ": a weight must be a pair [id, weight], found " + pair.describe());
                }
                int id = intValue(pair.item(0), "column id");
                int m = net.indexOf(id);
                if (m < 0) throw err(pair, "agent " + agent + ": " + id + " is not a node of the network");
                Node x = pair.item(1);
                if (x.type != Type.NUMBER || x.tooBig || !Double.isFinite(x.num) || x.num < 0 || x.num > 1) {
                    throw err(x, "agent " + agent + ": the weight of " + id + " must be a number in [0, 1], found " + x.describe());
                }
                c[j] = m;
                v[j] = x.num;
            }
            cols[a] = c;
            vals[a] = v;
        }
        try {
            return InterestMatrix.sparse(n, cols, vals);
        } catch (DdamInputException e) {
            throw e.at(src, rows.line);
        }
    }

    private int[] terminals(Node t, Network net) {
        if (t == null) return null;
        if (t.type != Type.ARRAY) throw err(t, "\"terminals\" must be a list of node ids, found " + t.describe());
        int[] out = new int[t.size()];
        boolean[] seen = new boolean[net.nodeCount()];
        for (int i = 0; i < out.length; i++) {
            Node e = t.item(i);
            int id = intValue(e, "terminal");
            int idx = net.indexOf(id);
            if (idx < 0) throw err(e, "terminal " + id + " is not a node of the network");
            if (seen[idx]) throw err(e, "terminal " + id + " is listed twice");
            seen[idx] = true;
            out[i] = idx;
        }
        return out;
    }

    /** A JSON value as plain Java: String, Long (every integer), Double, Boolean, null, List, Map. */
    private Object plain(Node n) {
        switch (n.type) {
            case STRING:
                return n.text;
            case BOOLEAN:
                return n.bool;
            case NULL:
                return null;
            case NUMBER:
                if (n.tooBig) throw err(n, "number too large for metadata");
                if (!Double.isFinite(n.num)) throw err(n, "metadata number " + JsonTree.numText(n.num) + " is not finite (JSON has no NaN or Infinity)");
                // One integer type (Long) so that metadata compares equal after a round trip.
                if (n.intToken) return n.longValue;
                return n.num;
            case ARRAY: {
                List<Object> l = new ArrayList<>(n.size());
                for (int i = 0; i < n.size(); i++) l.add(plain(n.item(i)));
                return Collections.unmodifiableList(l);
            }
            case OBJECT:
            default: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Map.Entry<String, Node> f : n.fields.entrySet()) m.put(f.getKey(), plain(f.getValue()));
                return Collections.unmodifiableMap(m);
            }
        }
    }

    private Node require(Node obj, String key, String what) {
        Node n = obj.fields.get(key);
        if (n == null) throw err(obj, "missing field \"" + key + "\" (" + what + ")");
        return n;
    }

    private void onlyFields(Node obj, String what, Set<String> allowed, String list) {
        for (String k : obj.fields.keySet()) {
            if (!allowed.contains(k)) {
                throw new DdamInputException(src, obj.keyLine(k), "unknown field \"" + JsonTree.abbreviate(k) + "\" in " + what + "; known fields: " + list);
            }
        }
    }

    private int intValue(Node n, String what) {
        if (n.type != Type.NUMBER || !n.isWhole() || n.num < Integer.MIN_VALUE || n.num > Integer.MAX_VALUE) {
            throw err(n, what + " must be a whole number, found " + n.describe());
        }
        return (int) n.num;
    }

    private DdamInputException err(Node n, String problem) {
        return new DdamInputException(src, n.line, problem);
    }
}
