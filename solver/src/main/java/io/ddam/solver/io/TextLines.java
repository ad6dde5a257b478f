package io.ddam.solver.io;

import io.ddam.solver.DdamInputException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A streaming reader of strictly UTF-8 text lines with exact 1-based line numbers, for the line-based
 * instance formats. It splits on raw {@code '\n'} bytes and decodes each line separately, so that an
 * invalid byte is reported on the line where it occurs (a {@code BufferedReader} decodes ahead in
 * blocks and would blame an earlier line); it also rejects NUL and other control bytes, which are
 * valid UTF-8 but mean the file is not text; and it refuses lines longer than {@link #MAX_LINE_BYTES},
 * so no line of a hostile file is ever held whole. Every problem becomes a {@link DdamInputException}.
 * Used by the instance readers and the traffic data reader.
 */
public final class TextLines implements Closeable {
    /** Longest accepted line; longer lines are almost certainly binary data, and would waste memory. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final String source;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[256];
    private int lineNo;
    private boolean atEnd;

    private TextLines(String source, InputStream in) {
        this.source = source;
        this.in = in;
    }

    /** Lines of an already open stream; {@code source} names it in messages. */
    static TextLines of(String source, InputStream in) {
        return new TextLines(source, in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16));
    }

    /**
     * Opens {@code file}, turning "missing" and "unreadable" into {@link DdamInputException}s.
     *
     * @param file the text file
     * @return its lines, to be closed by the caller
     * @throws DdamInputException if the file is missing or cannot be read
     */
    public static TextLines open(Path file) {
        try {
            return new TextLines(file.toString(), new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        } catch (NoSuchFileException e) {
            throw new DdamInputException(file.toString(), 0, "no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DdamInputException(file.toString(), 0, "cannot be read (permissions)", e);
        } catch (IOException e) {
            throw new DdamInputException(file.toString(), 0, "cannot be read: " + AtomicFiles.reason(e), e);
        }
    }

    /**
     * The number of the line last returned by {@link #next()}.
     *
     * @return the 1-based line number, 0 before the first line
     */
    public int lineNo() {
        return lineNo;
    }

    /**
     * The next line without its terminator ({@code \n} or {@code \r\n}).
     *
     * @return the line, or {@code null} at the end of the file
     * @throws DdamInputException if the line is too long, not UTF-8, holds a control character or cannot be read
     */
    public String next() {
        if (atEnd) return null;
        int len = 0;
        boolean sawAny = false;
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    atEnd = true;
                    if (!sawAny) return null;
                    break;
                }
                sawAny = true;
                if (b == '\n') break;
                if (len == MAX_LINE_BYTES) {
                    throw new DdamInputException(source, lineNo + 1,
                            "line is longer than " + MAX_LINE_BYTES + " bytes; this does not look like a text instance file");
                }
                if (len == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, buf.length * 2));
                buf[len++] = (byte) b;
            }
        } catch (IOException e) {
            throw new DdamInputException(source, lineNo + 1, "read failed: " + e.getMessage(), e);
        }
        lineNo++;
        if (len > 0 && buf[len - 1] == '\r') len--;
        String line;
        try {
            line = decoder.reset().decode(ByteBuffer.wrap(buf, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new DdamInputException(source, lineNo,
                    "invalid UTF-8 byte sequence; this does not look like a text instance file", e);
        }
        if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            // Tab, vertical tab, form feed and CR are whitespace some editors leave behind; the rest
            // of the C0 controls (NUL above all) only occur in binary files.
            if (c < 0x20 && c != '\t' && c != 0x0B && c != '\f' && c != '\r') {
                throw new DdamInputException(source, lineNo, String.format(
                        "control character 0x%02X at column %d; this does not look like a text instance file", (int) c, i + 1));
            }
        }
        return line;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing a file opened only for reading loses nothing.
        }
    }
}
