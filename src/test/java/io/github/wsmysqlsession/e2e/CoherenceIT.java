package io.github.wsmysqlsession.e2e;

import static io.github.wsmysqlsession.testing.TestApp.append;
import static io.github.wsmysqlsession.testing.TestApp.command;
import static io.github.wsmysqlsession.testing.TestApp.get;
import static io.github.wsmysqlsession.testing.TestApp.increment;
import static io.github.wsmysqlsession.testing.TestApp.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One session, every connection (issue 10), end to end: two standalone servers, each with its own pool,
 * on one table, with the default sync interval (1 s); real WebSocket clients.
 */
class CoherenceIT {

    /** The bound for other servers: at most 2 s with the default settings. */
    static final Duration BOUND = Duration.ofSeconds(2);
    static final String TABLE = "session_coherence";
    static final List<AutoCloseable> CLOSE = new ArrayList<>();
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .getTokenPerMinute(0).build();
        a = server(settings);
        b = server(settings);
    }

    static TestServer server(SessionSettings settings) {
        HikariDataSource pool = TestDatabase.newDataSource(TestDatabase.jdbcUrl(), 16);
        SessionManager manager = SessionManager.builder(pool).settings(settings).build();
        TestServer server = new TestServer(manager.endpoint("/s", new TestApp()));
        CLOSE.add(pool);
        CLOSE.add(manager);
        CLOSE.add(server);
        return server;
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = CLOSE.size() - 1; i >= 0; i--) {
            CLOSE.get(i).close();
        }
    }

    static String data(String token) {
        return TestDatabase.queryString("SELECT data FROM " + TABLE + " WHERE sessionId = ?", token);
    }

    /** Two connections of one new session: the first on {@code first}, the second on {@code second}. */
    record Pair(TestClient one, TestClient two, String token) implements AutoCloseable {
        static Pair on(TestServer first, TestServer second) {
            TestClient one = new TestClient(first.uri("/s"));
            String token = one.getToken(null).getString("token");
            TestClient two = new TestClient(second.uri("/s"));
            assertThat(two.getToken(token).getString("errors")).isEmpty();
            return new Pair(one, two, token);
        }

        @Override
        public void close() {
            one.close();
            two.close();
        }
    }

    @Test
    void twoConnectionsOnTwoServersEachIncrementingAThousandTimesCountTwoThousand() throws Exception {
        try (Pair p = Pair.on(a, b)) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<Long>> last = threads.invokeAll(List.<Callable<Long>>of(() -> count(p.one(), 1000),
                        () -> count(p.two(), 1000)));
                assertThat(Math.max(last.get(0).get(), last.get(1).get())).isEqualTo(2000);
            } finally {
                threads.shutdownNow();
            }
            assertThat(SessionDocument.parse(data(p.token()))).containsEntry("counter", "2000");
        }
    }

    @Test
    void twoConnectionsOnOneServerIncrementingLoseNothing() throws Exception {
        try (Pair p = Pair.on(a, a)) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                threads.invokeAll(List.<Callable<Long>>of(() -> count(p.one(), 300), () -> count(p.two(), 300)));
            } finally {
                threads.shutdownNow();
            }
            p.one().send(get("counter"));
            assertThat(p.one().nextJson().getString("data")).isEqualTo("600");
        }
    }

    /** @return the last value the increments returned */
    private static long count(TestClient c, int times) {
        long last = 0;
        for (int i = 0; i < times; i++) {
            c.send(increment("counter", 1));
            last = c.nextJson().getJsonNumber("data").longValue();
        }
        return last;
    }

    @Test
    void concurrentUpdatesOfOneListOnTwoServersLoseNoItem() throws Exception {
        try (Pair p = Pair.on(a, b)) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                threads.invokeAll(List.<Callable<Void>>of(() -> appendAll(p.one(), "a", 100),
                        () -> appendAll(p.two(), "b", 100)));
            } finally {
                threads.shutdownNow();
            }
            String notes = SessionDocument.parse(data(p.token())).get("notes");
            assertThat(notes.split(",")).hasSize(200);
            for (int i = 0; i < 100; i++) {
                assertThat(notes).contains("\"a" + i + "\"").contains("\"b" + i + "\"");
            }
        }
    }

    private static Void appendAll(TestClient c, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            c.send(append("notes", prefix + i));
            assertThat(c.nextJson().getString("event")).isEqualTo("value");
        }
        return null;
    }

    @Test
    void aValueSetOnOneServerIsReadOnTheOtherWithinTheBound() {
        try (Pair p = Pair.on(a, b)) {
            p.one().send(set("name", "\"Ada\""));
            assertThat(p.one().next()).contains("\"ok\"");
            long written = System.nanoTime();
            awaitValue(p.two(), "name", "Ada");
            assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(BOUND);
        }
    }

    @Test
    void aValueSetOnOneConnectionIsReadOnAnotherOfTheSameServerAtOnce() {
        try (Pair p = Pair.on(a, a)) {
            p.one().send(set("name", "\"Grace\""));
            assertThat(p.one().next()).contains("\"ok\"");
            p.two().send(get("name"));
            assertThat(p.two().nextJson().getString("data")).isEqualTo("Grace");
        }
    }

    @Test
    void aWriteByTheNodePackageIsReadOnEveryServerWithinTheBound() {
        try (Pair p = Pair.on(a, b)) {
            TestDatabase.execute("UPDATE " + TABLE + " SET data = JSON_SET(data, '$.userId', '42') WHERE sessionId = ?",
                    p.token());
            long written = System.nanoTime();
            awaitValue(p.one(), "userId", "42");
            awaitValue(p.two(), "userId", "42");
            assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(BOUND);
        }
    }

    private static void awaitValue(TestClient c, String key, String expected) {
        await().atMost(BOUND.plusSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            c.send(get(key));
            return expected.equals(c.nextJson().getString("data"));
        });
    }

    @Test
    void aLogOutOnOneServerEndsTheSessionOnTheOtherWithinTheBound() {
        try (Pair p = Pair.on(a, b)) {
            p.one().send(set("userId", "\"42\""));
            assertThat(p.one().next()).contains("\"ok\"");
            p.one().send(command("invalidate"));
            long loggedOut = System.nanoTime();
            String mine = p.one().gotToken().getString("token");
            assertThat(p.one().next()).contains("\"ok\"");
            JsonObject pushed = p.two().gotToken();
            assertThat(Duration.ofNanos(System.nanoTime() - loggedOut)).isLessThan(BOUND);
            assertThat(pushed.getString("errors")).isEqualTo(Protocol.SESSION_ENDED);
            assertThat(pushed.getString("token")).isNotEqualTo(mine).isNotEqualTo(p.token());
            p.two().send(get("userId"));
            assertThat(p.two().nextJson().getString("data")).isEmpty();
        }
    }

    @Test
    void aLogOutEndsTheSessionOnTheSameServersOtherConnectionBeforeTheAnswer() {
        try (Pair p = Pair.on(a, a)) {
            p.one().send(command("invalidate"));
            p.one().gotToken();
            assertThat(p.one().next()).contains("\"ok\"");
            // pushed before invalidate() returned, so before the handler answered "ok"
            assertThat(p.two().gotToken().getString("errors")).isEqualTo(Protocol.SESSION_ENDED);
        }
    }

    @Test
    void aRowDeletedBySqlEndsTheSessionOnEveryConnectionWithinTheBound() {
        try (Pair p = Pair.on(a, b)) {
            TestDatabase.execute("DELETE FROM " + TABLE + " WHERE sessionId = ?", p.token());
            long deleted = System.nanoTime();
            assertThat(p.one().gotToken().getString("errors")).isEqualTo(Protocol.SESSION_ENDED);
            assertThat(p.two().gotToken().getString("errors")).isEqualTo(Protocol.SESSION_ENDED);
            assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isLessThan(BOUND);
        }
    }

    @Test
    void aSessionPastItsExpiryEndsOnEveryConnectionWithinTheBound() {
        try (Pair p = Pair.on(a, b)) {
            TestDatabase.execute("UPDATE " + TABLE + " SET expires = UNIX_TIMESTAMP() - 1 WHERE sessionId = ?",
                    p.token());
            long expired = System.nanoTime();
            JsonObject one = p.one().gotToken();
            JsonObject two = p.two().gotToken();
            assertThat(Duration.ofNanos(System.nanoTime() - expired)).isLessThan(BOUND);
            assertThat(List.of(one.getString("errors"), two.getString("errors")))
                    .containsOnly(Protocol.SESSION_EXPIRED);
            assertThat(one.getString("token")).isNotEqualTo(two.getString("token"));
        }
    }

    @Test
    void anIdleSessionEndsAsExpiredOnItsOpenConnections() {
        SessionSettings shortLived = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .idleTimeout(Duration.ofSeconds(2)).build();
        TestServer c = server(shortLived);
        TestServer d = server(shortLived);
        try (Pair p = Pair.on(c, d)) {
            long opened = System.nanoTime();
            JsonObject one = p.one().gotToken();
            JsonObject two = p.two().gotToken();
            // 2 s idle, a second of rounding (expiry is in whole seconds), then the bound
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(BOUND.plusSeconds(3));
            assertThat(one.getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
            assertThat(two.getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
        }
    }
}
