package io.github.wsmysqlsession.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.internal.store.mysql.SessionPersistence;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The benchmark: the database's limit (raw JDBC), Spring Session JDBC and this library, measured side
 * by side in one run on the same database, printed as tables and written to docs/benchmarks.md.
 *
 * <p>Arguments: {@code full} (default) or {@code quick} (CI-sized, under a minute); optionally the
 * sections to run ({@code write handler resume memory shared coherence sweep socketio}), all by default. The database comes from the
 * environment variable {@code MYSQL_SESSION_JDBC_URL}.
 */
public final class Bench {

    static final String COMMAND = "export MYSQL_SESSION_JDBC_URL=$(bash scripts/mariadb-debian.sh start) && "
            + "mvn -q install -DskipTests && mvn -q -f bench/pom.xml compile exec:exec";

    static final int[] LEVELS = {1, 16, 64};

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argList = new ArrayList<>(Arrays.asList(args));
        argList.removeIf(String::isBlank);
        boolean quick = argList.remove("quick") | argList.remove("--quick");
        argList.remove("full");
        argList.remove("--full");
        // quick (CI): every section but 1b, whose figures add nothing to proving that the bench runs
        List<String> sections = !argList.isEmpty() ? argList
                : quick ? List.of("write", "resume", "memory", "shared", "coherence", "sweep", "socketio")
                : List.of("write", "handler", "resume", "memory", "shared", "coherence", "sweep", "socketio");
        String url = System.getenv("MYSQL_SESSION_JDBC_URL");
        if (url == null || url.isBlank()) {
            System.err.println("Set MYSQL_SESSION_JDBC_URL to a JDBC URL with user and password, e.g.\n  "
                    + "export MYSQL_SESSION_JDBC_URL=$(bash scripts/mariadb-debian.sh start)");
            System.exit(2);
        }
        Path benchDir = Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath().normalize();
        quietLogging();
        new Bench.Run(url.trim(), benchDir, quick, sections).run();
        System.exit(0); // Grizzly and Hikari threads must not keep the JVM alive
    }

    static void quietLogging() {
        Logger.getLogger("").setLevel(Level.WARNING);
        for (var h : Logger.getLogger("").getHandlers()) {
            h.setLevel(Level.WARNING);
        }
        Logger.getLogger("org.hibernate").setLevel(Level.SEVERE);
        Logger.getLogger("org.glassfish").setLevel(Level.SEVERE);
        System.setProperty("org.jboss.logging.provider", "jdk");
    }

    @FunctionalInterface
    interface SectionBody {
        void run(Run run) throws Exception;
    }

    /** One run of the benchmark. */
    static final class Run {

        final String url;
        final Path benchDir;
        final boolean quick;
        final List<String> sections;
        final Runner runner;
        final StringBuilder doc = new StringBuilder();
        final List<String> targets = new ArrayList<>();
        final Instant started = Instant.now();
        HikariDataSource auto;

        Run(String url, Path benchDir, boolean quick, List<String> sections) {
            this.url = url;
            this.benchDir = benchDir;
            this.quick = quick;
            this.sections = sections;
            long dbPid = Runner.findDbPid(port(url));
            this.runner = quick ? new Runner(1, 300, 200, dbPid) : new Runner(8, 600, 1000, dbPid);
        }

        void run() throws Exception {
            auto = Db.pool(url, "bench-autocommit", true, Db.POOL_SIZE);
            header();
            timed("write", WriteSection::run);
            timed("handler", HandlerSection::run);
            timed("resume", ResumeSection::run);
            timed("memory", MemorySection::run);
            timed("shared", SharedSection::run);
            timed("coherence", CoherenceSection::run);
            timed("sweep", SweepSection::run);
            timed("socketio", SocketIoSection::run);
            footer();
            auto.close();
        }

        private void timed(String section, SectionBody body) throws Exception {
            if (!sections.contains(section)) {
                return;
            }
            long t0 = System.nanoTime();
            body.run(this);
            System.out.printf("(%s: %.0f s)%n", section, (System.nanoTime() - t0) / 1e9);
        }

        Map<String, Object> hibernate() {
            return new HashMap<>(SessionPersistence.providerDefaults(auto));
        }

        void section(String title, String intro, Table table) {
            String text = "\n## " + title + "\n\n" + intro + "\n\n" + table.markdown();
            System.out.println(text);
            System.out.flush();
            doc.append(text);
        }

        void note(String text) {
            System.out.println(text);
            doc.append('\n').append(text).append('\n');
        }

        void target(String what, boolean met, String detail) {
            targets.add("| " + what + " | " + (met ? "met" : "**not met**") + " | " + detail + " |");
        }

        private void header() throws Exception {
            Map<String, String> m = Db.machine();
            StringBuilder s = new StringBuilder();
            s.append("# Benchmarks\n\n");
            s.append("Generated by `bench/` (").append(quick ? "quick" : "full").append(" run, ")
                    .append(started.truncatedTo(ChronoUnit.SECONDS)).append("). Every figure of a table was measured "
                    + "in the same run on the same database, in interleaved rounds (each contender in turn, the order "
                    + "rotating), so that the ratios hold on a noisy shared machine.\n\n");
            if (System.getProperty("bench.out", "").isEmpty()) {
                s.append("Command, from a fresh clone:\n\n```sh\n").append(COMMAND).append("\n```\n\n");
                s.append("(`-Dbench.args=quick` for the CI-sized run; sections can be named: "
                        + "`-Dbench.args=\"full write resume\"`.)\n\n");
            } else {
                s.append("Sections ").append(String.join(", ", sections)).append(" against the database below; the "
                        + "command is in bench/README.md.\n\n");
            }
            s.append("| machine | |\n|---|---|\n");
            m.forEach((k, v) -> s.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            s.append("| database | ").append(Db.version(auto)).append(" (").append(redact(url)).append(") |\n");
            s.append("| java | ").append(System.getProperty("java.vm.name")).append(' ')
                    .append(System.getProperty("java.version")).append(", default heap (max ")
                    .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB) |\n");
            for (Map.Entry<String, String> e : versions().entrySet()) {
                s.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
            }
            s.append("| rounds | ").append(quick ? "1 x 0.3 s per contender and level after 0.2 s warm-up"
                    : "8 x 0.6 s per contender and level after 1 s warm-up").append("; throughput = all rounds' "
                    + "operations / their time; \"x limit\" = median over rounds of the ratio to the limit's round "
                    + "(each round runs every contender once, back to back) |\n");
            s.append("| pools | HikariCP, ").append(Db.POOL_SIZE).append(" connections at most, one pool (auto-commit) for all "
                    + "contenders; ").append("false".equals(System.getProperty("bench.serverPrep"))
                            ? "statements sent as text (`-Dbench.serverPrep=false`)"
                            : "HikariCP's recommended MySQL settings (`cachePrepStmts`, `prepStmtCacheSize=250`, "
                                    + "`prepStmtCacheSqlLimit=2048`, `useServerPrepStmts`)").append(" |\n");
            s.append("| WebSocket server | Tyrus on Grizzly with ").append(TyrusServers.WORKERS).append(" workers |\n");
            System.out.println(s);
            doc.append(s);
        }

        private void footer() throws Exception {
            StringBuilder s = new StringBuilder("\n## Targets\n\n| target | result | figures |\n|---|---|---|\n");
            targets.forEach(t -> s.append(t).append('\n'));
            System.out.println(s);
            doc.append(s);
            String chosen = System.getProperty("bench.out", "");
            try (InputStream in = Bench.class.getResourceAsStream("/benchmarks-notes.md")) {
                if (in != null && chosen.isEmpty()) {
                    doc.append('\n').append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            Path out = !chosen.isEmpty() ? Path.of(chosen).toAbsolutePath()
                    : quick || !sections.containsAll(List.of("write", "handler", "resume", "memory", "shared",
                            "coherence", "sweep", "socketio"))
                    ? benchDir.resolve("target/benchmarks.md")
                    : benchDir.resolve("../docs/benchmarks.md").normalize();
            Files.createDirectories(out.getParent());
            Files.writeString(out, doc.toString());
            System.out.println("Written to " + out);
        }

        private static Map<String, String> versions() {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("library", jar("io.github.wsmysqlsession.SocketSession") + libraryBuild());
            v.put("JPA provider", jar("org.hibernate.Version"));
            v.put("JDBC driver", jar("com.mysql.cj.jdbc.Driver"));
            v.put("pool", jar("com.zaxxer.hikari.HikariDataSource"));
            v.put("WebSocket", jar("org.glassfish.tyrus.core.TyrusWebSocketEngine") + ", "
                    + jar("org.glassfish.grizzly.Grizzly"));
            v.put("JSON-B", jar("org.eclipse.yasson.YassonJsonb"));
            v.put("peer", jar("org.springframework.session.jdbc.JdbcIndexedSessionRepository") + ", "
                    + jar("org.springframework.jdbc.core.JdbcTemplate"));
            return v;
        }

        /** @return where the library jar came from: its file's time, and the commit it was built from if known */
        private static String libraryBuild() {
            try {
                Path jar = Path.of(Class.forName("io.github.wsmysqlsession.SocketSession").getProtectionDomain()
                        .getCodeSource().getLocation().toURI());
                String commit = System.getProperty("bench.library.commit", "");
                return " (jar of " + Files.getLastModifiedTime(jar).toInstant().truncatedTo(ChronoUnit.SECONDS)
                        + (commit.isEmpty() ? "" : ", built from commit " + commit) + ")";
            } catch (Exception e) {
                return "";
            }
        }

        private static String jar(String className) {
            try {
                var location = Class.forName(className).getProtectionDomain().getCodeSource().getLocation();
                String name = Path.of(location.toURI()).getFileName().toString();
                return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
            } catch (Exception e) {
                return "?";
            }
        }

        private static String redact(String url) {
            return url.replaceAll("password=[^&]*", "password=...");
        }

        private static int port(String url) {
            try {
                URI u = URI.create(url.substring("jdbc:".length()));
                return u.getPort() < 0 ? 3306 : u.getPort();
            } catch (Exception e) {
                return 3306;
            }
        }
    }
}
