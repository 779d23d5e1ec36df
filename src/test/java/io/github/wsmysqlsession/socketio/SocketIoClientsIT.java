package io.github.wsmysqlsession.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.NodeSuites;
import io.github.wsmysqlsession.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real socket.io-client 2.5 (Engine.IO 3) and 4.8 (Engine.IO 4) from npm, in Node, against the
 * standalone server's socket.io endpoint, polling and WebSocket on one port, beside the plain
 * endpoint and the Node package (socket.io-mysql-session 1.0.9, run by the suite) on the same
 * table: the node:test suites in {@code socketio-tests/test}. Skipped (with the reason) where Node is
 * not installed.
 */
class SocketIoClientsIT {

    /** The Node package's table name, which it does not let anyone change: its suite shares it. */
    static final String TABLE = "session";
    /** Short, so that the ping-timeout cases take seconds; the clients heartbeat at this pace too. */
    static final Duration PING_INTERVAL = Duration.ofMillis(800);
    static final Duration PING_TIMEOUT = Duration.ofMillis(800);

    static HikariDataSource pool;
    static SessionManager manager;
    static TestServer server;
    static final SocketIoTestEvents EVENTS = new SocketIoTestEvents();

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        pool = TestDatabase.newDataSource(TestDatabase.jdbcUrl(), 8);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .socketIoPingInterval(PING_INTERVAL).socketIoPingTimeout(PING_TIMEOUT).socketIoMaxPayload(100_000)
                .build();
        manager = SessionManager.builder(pool).settings(settings).build();
        server = new TestServer(manager.endpoint("/session", new TestApp()), manager.socketIoEndpoint(EVENTS));
        manager.serveSocketIoPolling(server.container());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void theRealClientsPassTheNodeSuites() throws Exception {
        assumeTrue(NodeSuites.nodeInstalled(), "Node.js is not installed: the socket.io client suites need it");
        int exit = NodeSuites.run(Map.of("SOCKETIO_URL", server.httpBase(), "PLAIN_URL", server.uri("/session").toString(),
                "PING_INTERVAL_MS", String.valueOf(PING_INTERVAL.toMillis()),
                "PING_TIMEOUT_MS", String.valueOf(PING_TIMEOUT.toMillis()),
                "NODE_PACKAGE_DB", nodeMysqlOptions(TestDatabase.jdbcUrl())));
        assertThat(exit).as("node --test in socketio-tests (its output is above)").isZero();
        assertThat(EVENTS.disconnects()).as("the handler heard the sockets' disconnects").isNotEmpty();
    }

    /** @return the test database as options of Node's {@code mysql.createConnection} */
    static String nodeMysqlOptions(String jdbcUrl) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^jdbc:mysql://([^/:]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?$").matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException("Cannot read the test database's URL " + jdbcUrl);
        }
        jakarta.json.JsonObjectBuilder o = jakarta.json.Json.createObjectBuilder().add("host", m.group(1))
                .add("port", m.group(2) == null ? 3306 : Integer.parseInt(m.group(2))).add("database", m.group(3));
        if (m.group(4) != null) {
            for (String pair : m.group(4).split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && (kv[0].equals("user") || kv[0].equals("password"))) {
                    o.add(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
        }
        return o.build().toString();
    }

}
