package io.github.wsmysqlsession.galera;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wsmysqlsession.internal.store.mysql.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three-node Galera cluster of {@code scripts/galera.sh}, named by the environment variable
 * {@value #ENV}: the JDBC URLs of nodes 1, 2 and 3, comma-separated, as the script's {@code start}
 * prints them. Without it the cluster tests are skipped.
 */
final class Galera {

    /** The node URLs, comma-separated. */
    static final String ENV = "GALERA_JDBC_URLS";
    /** Timeouts of every connection, the servers' and the checks'. */
    static final String SESSION_PARAMS = "connectTimeout=3000&socketTimeout=30000";
    /** What a server on the cluster adds to its JDBC URL by default (see the tests and docs/galera.md). */
    static final String JDBC_PARAMS = "sessionVariables=wsrep_sync_wait=3";

    private static final Pattern URL = Pattern.compile("jdbc:mysql://([^/?,]+)/([^?]+)\\?(.*)");

    private final List<String> urls;
    private final List<String> hosts = new ArrayList<>();
    private final String database;
    private final String credentials;

    private Galera(List<String> urls) {
        this.urls = urls;
        String db = null;
        String cred = null;
        for (String url : urls) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException(ENV + " must hold URLs like "
                        + "jdbc:mysql://host:port/db?user=u&password=p, was " + url);
            }
            hosts.add(m.group(1));
            db = m.group(2);
            cred = m.group(3);
        }
        this.database = db;
        this.credentials = cred;
    }

    /** @return the cluster; skips the calling test (class) when {@value #ENV} is not set */
    static Galera cluster() {
        String env = System.getenv(ENV);
        assumeTrue(env != null && !env.isBlank(),
                ENV + " is not set: run scripts/galera.sh start and export its output");
        List<String> urls = Arrays.stream(env.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (urls.size() != 3) {
            throw new IllegalArgumentException(ENV + " must name three nodes, named " + urls.size());
        }
        return new Galera(urls);
    }

    /**
     * A URL for an application server that uses node {@code preferred} and fails over to the other
     * two in order: mysql-connector-j's failover form, writable after a failover.
     *
     * @param preferred the node it uses while that node is up
     * @param extra more parameters ({@code a=b&c=d}) or ""
     */
    String serverUrl(int preferred, String extra) {
        List<String> order = new ArrayList<>();
        order.add(hosts.get(preferred - 1));
        for (int i = 0; i < hosts.size(); i++) {
            if (i != preferred - 1) {
                order.add(hosts.get(i));
            }
        }
        return "jdbc:mysql://" + String.join(",", order) + "/" + database + "?" + credentials
                + "&failOverReadOnly=false&" + SESSION_PARAMS + (extra.isEmpty() ? "" : "&" + extra);
    }

    /** Drops and creates a session table (on node 1; DDL is replicated before the statement returns). */
    void recreateTable(String table) {
        execute(1, "DROP TABLE IF EXISTS `" + table + "`");
        execute(1, Schema.ddl(table));
    }

    /** Runs one statement on node {@code n}. */
    void execute(int n, String sql, Object... params) {
        try (Connection c = connect(n); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("node " + n + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads on node {@code n} after every write the cluster committed before the read began has been
     * applied there ({@code wsrep_sync_wait=1}), so that it sees what any node acknowledged.
     *
     * @return the rows, each as its column values as text
     */
    List<List<String>> query(int n, String sql, Object... params) {
        try (Connection c = connect(n)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION wsrep_sync_wait = 1");
            }
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                List<List<String>> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= columns; i++) {
                            row.add(rs.getString(i));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("node " + n + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** @return the first column of the first row on node {@code n}, or null */
    String queryString(int n, String sql, Object... params) {
        List<List<String>> rows = query(n, sql, params);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    /** @return a numeric global status variable of node {@code n}, e.g. wsrep_local_cert_failures */
    long status(int n, String variable) {
        try (Connection c = connect(n); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + variable + "'")) {
            return rs.next() ? Long.parseLong(rs.getString(2)) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("node " + n + ": status " + variable + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return transactions aborted by the cluster for a conflict with another node so far, summed over
     *     the nodes given: certification failures at commit plus brute-force aborts of local
     *     transactions by replicated ones; each reaches its client as error 1213
     */
    long conflicts(int... nodes) {
        long sum = 0;
        for (int n : nodes) {
            sum += status(n, "wsrep_local_cert_failures") + status(n, "wsrep_local_bf_aborts");
        }
        return sum;
    }

    /** Runs {@code scripts/galera.sh} with arguments (kill N, restart N, status); its output is returned. */
    static String script(String... args) {
        Path script = Path.of(System.getProperty("galera.script", "scripts/galera.sh"));
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(script.toAbsolutePath() + " is missing; set -Dgalera.script");
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 240 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + p.exitValue() + "):\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prints a measured figure, one line, so that the run's output can be grepped for them. */
    static void report(String format, Object... args) {
        System.out.println("[galera] " + String.format(Locale.ROOT, format, args));
    }

    private Connection connect(int n) throws SQLException {
        return DriverManager.getConnection(urls.get(n - 1) + "&" + SESSION_PARAMS);
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }
}
