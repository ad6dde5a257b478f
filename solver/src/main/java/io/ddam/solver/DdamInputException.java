package io.ddam.solver;

/**
 * A problem with what the user gave us: a malformed file, an invalid network or interest matrix,
 * an unreachable terminal, a solver that found nothing in time. It names the source (usually a
 * file), the 1-based line when one is known, and the problem, so the command line can print it as
 * one line {@code error: <file>:<line>: <problem>} and exit with code 2.
 */
public class DdamInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String problem;

    /** A problem in {@code source} at 1-based {@code line} (0 when no line applies). */
    public DdamInputException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    /** As {@link #DdamInputException(String, int, String)}, keeping the low-level cause for {@code --debug}. */
    public DdamInputException(String source, int line, String problem, Throwable cause) {
        super(format(source, line, problem), cause);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** A problem that belongs to no file (a bad option value, an invalid object built in code). */
    public DdamInputException(String problem) {
        this(null, 0, problem);
    }

    /** The file or other source named in the message, or {@code null}. */
    public String source() { return source; }

    /** The 1-based line, or 0 when unknown or not applicable. */
    public int line() { return line; }

    /** The problem alone, without source and line. */
    public String problem() { return problem; }

    /** The same problem re-attributed to a source and line (used when a reader validates a built object). */
    public DdamInputException at(String newSource, int newLine) {
        return new DdamInputException(newSource, newLine, problem, getCause() == null ? this : getCause());
    }

    private static String format(String source, int line, String problem) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(':');
            if (line > 0) sb.append(line).append(':');
            sb.append(' ');
        }
        return sb.append(problem).toString();
    }
}
