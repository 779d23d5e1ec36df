package io.github.wsmysqlsession.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The library with the bench's prototype changes, side by side with the installed one in the same JVM.
 * The changed library classes ({@code bench/src/proto/java}, full copies of library files with a
 * change) are compiled at start against the installed library, then loaded child-first together with
 * the rest of the library jar and the bench's drivers ({@code ...bench.lib}); everything else (JDBC,
 * Hibernate, the harness's {@code Contender}) comes from the harness's class loader.
 */
final class Proto {

    private static final String LIBRARY = "io.github.wsmysqlsession.";
    private static final String BENCH = "io.github.wsmysqlsession.bench.";
    private static final String DRIVERS = "io.github.wsmysqlsession.bench.lib.";

    private Proto() {
    }

    /**
     * @param benchDir the bench project's folder
     * @return the prototype's class loader
     * @throws IllegalStateException when the prototype does not compile against the installed library
     *     (the library changed since the copy was made)
     */
    static ClassLoader loader(Path benchDir) throws IOException {
        Path src = benchDir.resolve("src/proto/java");
        Path out = benchDir.resolve("target/proto-classes");
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath",
                System.getProperty("java.class.path"), "--release", "17", "-nowarn", "-proc:none"));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this JVM (a JRE?); run the bench with a JDK");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        if (javac.run(null, err, err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the prototype in " + src + " does not compile against the installed "
                    + "library (it changed since the copy was made):\n" + err.toString(StandardCharsets.UTF_8));
        }
        URL library = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("websocket-mysql-session-") && name.endsWith(".jar") && !name.contains("bench")) {
                library = Path.of(entry).toUri().toURL();
            }
        }
        if (library == null) {
            throw new IllegalStateException("the library jar is not on the class path");
        }
        URL drivers = Proto.class.getProtectionDomain().getCodeSource().getLocation();
        return new ChildFirst(new URL[] {out.toUri().toURL(), library, drivers}, Proto.class.getClassLoader());
    }

    private static final class ChildFirst extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        ChildFirst(URL[] urls, ClassLoader parent) {
            super("bench-prototype", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            boolean mine = name.startsWith(DRIVERS) || (name.startsWith(LIBRARY) && !name.startsWith(BENCH));
            if (!mine) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
