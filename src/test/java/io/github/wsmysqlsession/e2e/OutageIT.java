package io.github.wsmysqlsession.e2e;

import static io.github.wsmysqlsession.testing.TestApp.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.TcpProxy;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while clients write (its port is cut between the library and MariaDB),
 * stays away for seconds, and comes back; the same server, not restarted, must serve again.
 */
class OutageIT {

    static final String TABLE = "session_outage";
    static final int WRITERS = 4;

    /** One set as the client saw it. */
    record Write(String token, String key, boolean acknowledged, long millis) {
    }

    @Test
    void nothingAcknowledgedIsLostNothingHangsAndServiceResumes() throws Exception {
        TestDatabase.recreateTable(TABLE);
        InetSocketAddress db = TestDatabase.address();
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .queryTimeout(Duration.ofSeconds(2)).build();
        try (TcpProxy proxy = new TcpProxy(db.getHostString(), db.getPort());
                HikariDataSource pool = TestDatabase.newDataSource(TestDatabase.jdbcUrlVia("127.0.0.1", proxy.port()), 8)) {
            pool.setConnectionTimeout(2_000);
            try (SessionManager manager = SessionManager.builder(pool).settings(settings).build();
                    TestServer server = new TestServer(manager.endpoint("/s", new TestApp()))) {
                run(proxy, server);
            }
        }
    }

    private void run(TcpProxy proxy, TestServer server) throws Exception {
        List<TestClient> clients = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            TestClient c = new TestClient(server.uri("/s"));
            clients.add(c);
            tokens.add(c.getToken(null).getString("token"));
        }
        ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            TestClient c = clients.get(i);
            String token = tokens.get(i);
            Thread t = new Thread(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String key = "k" + n;
                    long start = System.nanoTime();
                    c.send(set(key, "\"v" + n + "\""));
                    JsonObject reply = c.nextJson();
                    writes.add(new Write(token, key, "ok".equals(reply.getString("event")),
                            (System.nanoTime() - start) / 1_000_000));
                }
            });
            t.start();
            threads.add(t);
        }
        Thread.sleep(1_500);
        proxy.cut();
        long cutAt = System.nanoTime();
        Thread.sleep(500);
        JsonObject duringOutage;
        long getTokenMillis;
        try (TestClient late = new TestClient(server.uri("/s"))) {
            long start = System.nanoTime();
            duringOutage = late.getToken(null);
            getTokenMillis = (System.nanoTime() - start) / 1_000_000;
        }
        Thread.sleep(4_000);
        int failedBeforeRestore = (int) writes.stream().filter(w -> !w.acknowledged()).count();
        int beforeRestore = writes.size();
        proxy.restore();
        long restoredAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> writes.stream().skip(beforeRestore).anyMatch(Write::acknowledged));
        long recoveredMillis = (System.nanoTime() - restoredAt) / 1_000_000;
        Thread.sleep(1_000);
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        long outageMillis = (restoredAt - cutAt) / 1_000_000;
        long slowestFailure = writes.stream().filter(w -> !w.acknowledged()).mapToLong(Write::millis).max().orElse(0);
        System.out.printf("outage %d ms: %d writes, %d failed; slowest failure %d ms; getToken during outage %d ms; "
                + "first acknowledged write %d ms after the database came back%n", outageMillis, writes.size(),
                writes.stream().filter(w -> !w.acknowledged()).count(), slowestFailure, getTokenMillis, recoveredMillis);

        assertThat(duringOutage.getString("token")).isEmpty();
        assertThat(duringOutage.getString("errors")).isEqualTo(Protocol.STORE_FAILED);
        assertThat(failedBeforeRestore).as("writes failed while the database was away").isPositive();
        assertThat(slowestFailure).as("a failing set returns within a bounded time").isLessThan(10_000);
        assertThat(recoveredMillis).as("the same server serves again within seconds").isBetween(0L, 10_000L);
        for (TestClient c : clients) {
            assertThat(c.isOpen()).as("the library dropped no connection").isTrue();
            c.close();
        }
        for (String token : tokens) {
            Map<String, String> stored = SessionDocument.parse(TestDatabase.queryString(
                    "SELECT data FROM " + TABLE + " WHERE sessionId = ?", token));
            for (Write w : writes) {
                if (!w.token().equals(token)) {
                    continue;
                }
                String expected = "\"v" + w.key().substring(1) + "\"";
                if (w.acknowledged()) {
                    assertThat(stored).as("acknowledged %s", w.key()).containsEntry(w.key(), expected);
                } else if (stored.containsKey(w.key())) {
                    // its commit reached the database but the answer did not: whole, never half-written
                    assertThat(stored.get(w.key())).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aDatabaseThatStopsAnsweringFailsTheCallerAfterTheQueryTimeout() throws Exception {
        TestDatabase.recreateTable(TABLE);
        InetSocketAddress db = TestDatabase.address();
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .queryTimeout(Duration.ofSeconds(1)).build();
        // one connection, so that the write after the freeze gets the one just used (no validation ping)
        try (TcpProxy proxy = new TcpProxy(db.getHostString(), db.getPort());
                HikariDataSource pool = TestDatabase.newDataSource(TestDatabase.jdbcUrlVia("127.0.0.1", proxy.port()), 1)) {
            pool.setConnectionTimeout(2_000);
            try (SessionManager manager = SessionManager.builder(pool).settings(settings).build();
                    TestServer server = new TestServer(manager.endpoint("/s", new TestApp()));
                    TestClient c = new TestClient(server.uri("/s"))) {
                assertThat(c.getToken(null).getString("errors")).isEmpty();
                c.send(set("before", "1"));
                assertThat(c.nextJson().getString("event")).isEqualTo("ok");
                proxy.freeze(); // no RST, no FIN: the driver's read blocks, and its KILL QUERY cannot get through
                long start = System.nanoTime();
                c.send(set("during", "2"));
                JsonObject reply = c.nextJson();
                long millis = (System.nanoTime() - start) / 1_000_000;
                proxy.thaw();
                System.out.printf("stalled network: set failed after %d ms (query timeout 1000 ms, socketTimeout "
                        + "30 s): %s%n", millis, reply.getString("data"));
                assertThat(reply.getString("event")).isEqualTo("error");
                assertThat(reply.getString("data")).contains("did not answer within 1000 ms");
                assertThat(millis).as("cancelled after 1 s; the connection aborted 1 s later, as the cancel cannot "
                        + "reach the database").isBetween(1_000L, 6_000L);
                // the same server writes again once the network is back
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    c.send(set("after", "3"));
                    return "ok".equals(c.nextJson().getString("event"));
                });
            }
        }
    }
}
