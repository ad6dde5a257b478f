package io.ddam.solver.io;

/**
 * Quotes file content in one-line error messages: at most {@value #MAX_CHARS} characters of a token
 * (a longer one is cut and its length said), so a hostile 1 MB token cannot turn an error line into
 * a megabyte of output. Control characters are escaped by {@link io.ddam.solver.DdamInputException}.
 */
public final class Excerpt {
    /** Most characters of a token an error message quotes. */
    public static final int MAX_CHARS = 80;

    private Excerpt() {}

    /**
     * The token itself when short, else its first characters and its length.
     *
     * @param s the token as read (may be long)
     * @return at most about {@value #MAX_CHARS} characters plus a note of the full length
     */
    public static String of(CharSequence s) {
        if (s.length() <= MAX_CHARS) return s.toString();
        return s.subSequence(0, MAX_CHARS - 3) + "... (" + s.length() + " characters)";
    }
}
