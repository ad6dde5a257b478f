package io.ddam.solver;

/**
 * A problem with what the user gave us: a malformed file, an invalid network or interest matrix,
 * an unreachable terminal, a solver that found nothing in time. It names the source (usually a
 * file), the 1-based line when one is known, and the problem, so the command line can print it as
 * one line {@code error: <file>:<line>: <problem>} and exit with code 2.
 */
public class DdamInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The file or other source the problem is in; {@code null} for problems that belong to no file. */
    private final String source;
    /** 1-based line of {@link #source}, or 0 when no line applies. */
    private final int line;
    /** The problem alone, as one sentence without source and line. */
    private final String problem;

    /**
     * A problem in {@code source} at 1-based {@code line} (0 when no line applies).
     *
     * @param source  the file (or other input) that has the problem, as the user named it; {@code null} for none
     * @param line    the 1-based line in {@code source}, or 0 when no line applies
     * @param problem what is wrong, one sentence without source and line, e.g. {@code "edge 3-4 has delay 0"}
     */
    public DdamInputException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    /**
     * As {@link #DdamInputException(String, int, String)}, keeping the low-level cause for {@code --debug}.
     *
     * @param source  the file (or other input) that has the problem; {@code null} for none
     * @param line    the 1-based line in {@code source}, or 0 when no line applies
     * @param problem what is wrong, without source and line
     * @param cause   the low-level exception (a parser's, an I/O error), or {@code null}
     */
    public DdamInputException(String source, int line, String problem, Throwable cause) {
        super(format(source, line, problem), cause);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /**
     * A problem that belongs to no file (a bad option value, an invalid object built in code).
     *
     * @param problem what is wrong, one sentence
     */
    public DdamInputException(String problem) {
        this(null, 0, problem);
    }

    /**
     * The file or other source named in the message.
     *
     * @return the source as given to the constructor, or {@code null} when the problem belongs to no file
     */
    public String source() { return source; }

    /**
     * The line of the source the problem is on.
     *
     * @return the 1-based line, or 0 when unknown or not applicable
     */
    public int line() { return line; }

    /**
     * The problem alone, without source and line.
     *
     * @return the problem sentence, as given to the constructor
     */
    public String problem() { return problem; }

    /**
     * The same problem re-attributed to a source and line (used when a reader validates a built object).
     *
     * @param newSource the file to name in the message
     * @param newLine   the 1-based line in {@code newSource}, or 0
     * @return a new exception with the same problem and cause (this exception when it had no cause)
     */
    public DdamInputException at(String newSource, int newLine) {
        return new DdamInputException(newSource, newLine, problem, getCause() == null ? this : getCause());
    }

    /** Longest problem text printed; readers quote at most ~80 characters of a token, this is the backstop. */
    static final int MAX_PROBLEM_CHARS = 400;

    private static String format(String source, int line, String problem) {
        if (problem != null && problem.length() > MAX_PROBLEM_CHARS) {
            problem = problem.substring(0, MAX_PROBLEM_CHARS - 3) + "...";
        }
        if (source != null && source.length() > MAX_PROBLEM_CHARS) source = source.substring(0, MAX_PROBLEM_CHARS - 3) + "...";
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(':');
            if (line > 0) sb.append(line).append(':');
            sb.append(' ');
        }
        return escapeControls(sb.append(problem).toString());
    }

    /**
     * The text with C0 control characters and DEL written as escapes ({@code \n}, {@code \t},
     * {@code \x1B}), so that a file name or token holding a newline cannot split the one-line message.
     *
     * @param s any text
     * @return the same text on one line
     */
    public static String escapeControls(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                if (out == null) out = new StringBuilder(s.length() + 8).append(s, 0, i);
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\x%02X", (int) c));
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
