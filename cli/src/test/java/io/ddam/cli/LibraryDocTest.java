package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/library.md cannot rot: every Java example in it is compiled (in memory, with {@code -Xlint:all
 * -Werror}) against the library, its {@code main} is run with the project root as {@code args[0]},
 * and what it prints must equal the output block documented under it (trailing whitespace aside).
 *
 * <p>Markup in the page: {@code <!-- snippet: ClassName -->} right before a {@code ```java} block that
 * declares {@code public class ClassName}, then, before the next snippet, {@code <!-- output -->} right
 * before a fenced block with the expected output. Every {@code ```java} block must be such a snippet.
 *
 * <p>Every example is compiled twice, against the test class path with and <em>without</em> OR-Tools
 * (and its JNA and protobuf dependencies), and run in its own class loader without OR-Tools, which is
 * what the page promises: only the MILP examples need the solvers. A fresh loader also keeps the
 * library's static state (e.g. whether OR-Tools was loaded) apart from the other tests in this JVM.
 * An example whose output depends on OR-Tools has two blocks: {@code <!-- output -->} (with OR-Tools;
 * it is then also run with OR-Tools, in a child JVM, since a native library can belong to one class
 * loader only) and {@code <!-- output without ortools -->}.
 *
 * <p>The complete {@code pom.xml} the page shows (after {@code <!-- pom -->}) must be well-formed and
 * name this build's version.
 */
class LibraryDocTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DOC = ROOT.resolve("docs/library.md");

    private static final Pattern SNIPPET = Pattern.compile("<!--\\s*snippet:\\s*(\\w+)\\s*-->");
    private static final Pattern OUTPUT = Pattern.compile("<!--\\s*output\\s*-->");
    private static final Pattern OUTPUT_WITHOUT = Pattern.compile("<!--\\s*output without ortools\\s*-->");
    private static final Pattern POM = Pattern.compile("<!--\\s*pom\\s*-->");
    private static final Pattern CLASS = Pattern.compile("(?m)^public\\s+(?:final\\s+)?class\\s+(\\w+)");
    /** Class-path entries the examples must do without (OR-Tools and what only it needs). */
    private static final Pattern HIDDEN = Pattern.compile("ortools|[/\\\\]jna|protobuf-java");

    /**
     * One example: its class name, source, the documented output (with OR-Tools), the output without
     * OR-Tools when it differs ({@code null}: the same), and the line of its marker.
     */
    record Snippet(String name, String source, String expected, String expectedWithout, int line) {
        String expectedWithoutOrTools() { return expectedWithout != null ? expectedWithout : expected; }
    }

    @Test
    void thePageHasExamplesAndEveryJavaBlockIsOne() throws IOException {
        List<Snippet> snippets = snippets();
        assertTrue(snippets.size() >= 3, "docs/library.md should have at least 3 examples, found " + snippets.size());
        long javaBlocks = Files.readAllLines(DOC).stream().filter(l -> l.strip().startsWith("```java")).count();
        assertEquals(javaBlocks, snippets.size(), "every ```java block in docs/library.md must be a marked, tested snippet");
        Set<String> names = new HashSet<>();
        for (Snippet s : snippets) assertTrue(names.add(s.name()), "two snippets named " + s.name());
    }

    @TestFactory
    Stream<DynamicTest> everyExamplePrintsWhatThePageShows() throws IOException {
        List<Snippet> snippets = snippets();
        return snippets.stream().map(s -> DynamicTest.dynamicTest(s.name() + " (docs/library.md:" + s.line() + ")", () -> {
            // Compiles with OR-Tools too (what a user with the default dependencies does).
            Map<String, byte[]> withOrTools = compile(s, String.join(File.pathSeparator, classPath(true)));
            String actual = run(s);
            assertEquals(normalise(s.expectedWithoutOrTools()), normalise(actual),
                    "docs/library.md:" + s.line() + ": the output of " + s.name() + " without OR-Tools"
                            + " differs from the documented block; update the page (or fix the code)");
            if (s.expectedWithout() != null) {
                assertEquals(normalise(s.expected()), normalise(runInChildJvm(s, withOrTools)),
                        "docs/library.md:" + s.line() + ": the output of " + s.name() + " with OR-Tools"
                                + " differs from the documented block; update the page (or fix the code)");
            }
        }));
    }

    @Test
    void theCompletePomOnThePageIsWellFormedAndNamesThisVersion() throws Exception {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int marker = -1;
        for (int i = 0; i < lines.size() && marker < 0; i++) if (POM.matcher(lines.get(i)).find()) marker = i;
        assertTrue(marker >= 0, "docs/library.md should show a complete pom.xml after <!-- pom -->");
        int f = nextNonBlank(lines, marker + 1);
        assertEquals("```xml", lines.get(f).strip(), "docs/library.md:" + (marker + 1) + ": <!-- pom --> must be followed by a ```xml block");
        List<String> xml = new ArrayList<>();
        fenced(lines, f + 1, xml, "pom", marker + 1);
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(String.join("\n", xml).getBytes(StandardCharsets.UTF_8)));
        var version = doc.getElementsByTagName("ddam.version");
        assertEquals(1, version.getLength(), "the pom should set the property ddam.version");
        java.util.Properties p = new java.util.Properties();
        try (var in = Main.class.getResourceAsStream("/ddam-version.properties")) {
            p.load(in);
        }
        assertEquals(p.getProperty("version"), version.item(0).getTextContent().strip(),
                "docs/library.md: the pom's ddam.version should be this build's version");
        String text = String.join("\n", xml);
        for (String artifact : List.of("ddam-experiments", "maven-compiler-plugin", "exec-maven-plugin")) {
            assertTrue(text.contains("<artifactId>" + artifact + "</artifactId>"), "the pom should use " + artifact);
        }
    }

    // ------------------------------------------------------------------------------------------ parsing

    static List<Snippet> snippets() throws IOException {
        assertTrue(Files.isRegularFile(DOC), "missing " + DOC);
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SNIPPET.matcher(lines.get(i));
            if (!m.find()) continue;
            String name = m.group(1);
            int marker = i + 1;
            int j = nextNonBlank(lines, i + 1);
            if (j < 0 || !lines.get(j).strip().equals("```java")) {
                fail("docs/library.md:" + marker + ": snippet " + name + " must be followed by a ```java block");
            }
            List<String> code = new ArrayList<>();
            j = fenced(lines, j + 1, code, name, marker);
            int k = j + 1;
            while (k < lines.size() && !OUTPUT.matcher(lines.get(k)).find()) {
                if (SNIPPET.matcher(lines.get(k)).find() || lines.get(k).strip().startsWith("```java")) {
                    fail("docs/library.md:" + marker + ": snippet " + name + " has no <!-- output --> block before the next example");
                }
                k++;
            }
            if (k == lines.size()) fail("docs/library.md:" + marker + ": snippet " + name + " has no <!-- output --> block");
            int f = nextNonBlank(lines, k + 1);
            if (f < 0 || !lines.get(f).strip().startsWith("```")) {
                fail("docs/library.md:" + (k + 1) + ": <!-- output --> of " + name + " must be followed by a fenced block");
            }
            List<String> expected = new ArrayList<>();
            i = fenced(lines, f + 1, expected, name, marker);
            // An optional second block for the output without OR-Tools, before the next example.
            String without = null;
            for (int q = i + 1; q < lines.size(); q++) {
                if (SNIPPET.matcher(lines.get(q)).find() || lines.get(q).strip().startsWith("```java")) break;
                if (OUTPUT_WITHOUT.matcher(lines.get(q)).find()) {
                    int g = nextNonBlank(lines, q + 1);
                    if (g < 0 || !lines.get(g).strip().startsWith("```")) {
                        fail("docs/library.md:" + (q + 1) + ": <!-- output without ortools --> of " + name + " must be followed by a fenced block");
                    }
                    List<String> w = new ArrayList<>();
                    i = fenced(lines, g + 1, w, name, marker);
                    without = String.join("\n", w);
                    break;
                }
            }
            String source = String.join("\n", code) + "\n";
            Matcher c = CLASS.matcher(source);
            if (!c.find() || !c.group(1).equals(name)) {
                fail("docs/library.md:" + marker + ": snippet " + name + " must declare 'public class " + name + "'");
            }
            out.add(new Snippet(name, source, String.join("\n", expected), without, marker));
        }
        return out;
    }

    private static int nextNonBlank(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) if (!lines.get(i).isBlank()) return i;
        return -1;
    }

    /** Collects the lines up to the closing fence; returns the fence's index. */
    private static int fenced(List<String> lines, int from, List<String> into, String name, int marker) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) return i;
            into.add(lines.get(i));
        }
        fail("docs/library.md:" + marker + ": a block of snippet " + name + " is not closed");
        return -1;
    }

    static String normalise(String text) {
        List<String> l = text.replace("\r\n", "\n").lines().map(String::stripTrailing).collect(Collectors.toList());
        while (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) l.remove(l.size() - 1);
        return String.join("\n", l);
    }

    // ------------------------------------------------------------------------------ compiling and running

    /** The test class path without OR-Tools. */
    static List<String> classPath() {
        return classPath(false);
    }

    /** The test class path, with or without OR-Tools; surefire puts it in its own property when it runs from a manifest-only jar. */
    static List<String> classPath(boolean withOrTools) {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank() && (withOrTools || !HIDDEN.matcher(e).find())) entries.add(e);
        }
        return entries;
    }

    /** Runs the compiled example in a fresh JVM over the full class path (OR-Tools included); returns its stdout. */
    static String runInChildJvm(Snippet s, Map<String, byte[]> classes) throws Exception {
        Path dir = Files.createTempDirectory("ddam-libdoc-");
        try {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                Path f = dir.resolve(c.getKey().replace('.', '/') + ".class");
                Files.createDirectories(f.getParent());
                Files.write(f, c.getValue());
            }
            List<String> cp = new ArrayList<>(classPath(true));
            cp.add(0, dir.toString());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, cp), s.name(), ROOT.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "docs/library.md:" + s.line() + ": " + s.name() + " with OR-Tools failed; it printed:\n" + out);
            return out;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static String run(Snippet s) throws Exception {
        List<String> cp = classPath();
        Map<String, byte[]> classes = compile(s, String.join(File.pathSeparator, cp));
        URL[] urls = new URL[cp.size()];
        for (int i = 0; i < urls.length; i++) urls[i] = url(cp.get(i));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        try (URLClassLoader library = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            ClassLoader loader = new MemoryClassLoader(classes, library);
            Method main = loader.loadClass(s.name()).getMethod("main", String[].class);
            thread.setContextClassLoader(loader);
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {ROOT.toString()});
        } catch (InvocationTargetException e) {
            throw new AssertionError("docs/library.md:" + s.line() + ": " + s.name() + " threw " + e.getCause(), e.getCause());
        } finally {
            System.setOut(stdout);
            thread.setContextClassLoader(context);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, byte[]> compile(Snippet s, String classPath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no Java compiler in this runtime (the tests need a JDK)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, byte[]> classes = new HashMap<>();
        try (StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
             MemoryFileManager files = new MemoryFileManager(std, classes)) {
            JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + s.name() + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) { return s.source(); }
            };
            List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:all", "-Werror", "-encoding", "UTF-8",
                    "-classpath", classPath);
            boolean ok = javac.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
            if (!ok) {
                StringBuilder msg = new StringBuilder("docs/library.md:" + s.line() + ": " + s.name() + " does not compile:");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    msg.append("\n  line ").append(d.getLineNumber()).append(" of the snippet: ").append(d.getMessage(null));
                }
                fail(msg.toString());
            }
        }
        assertFalse(classes.isEmpty(), "javac produced no classes for " + s.name());
        return classes;
    }

    /** Keeps javac's class files in memory. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> classes;

        MemoryFileManager(StandardJavaFileManager std, Map<String, byte[]> classes) {
            super(std);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() { classes.put(className, toByteArray()); }
                    };
                }
            };
        }
    }

    /** Defines the compiled snippet classes on top of the library's loader. */
    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
        }
    }
}
