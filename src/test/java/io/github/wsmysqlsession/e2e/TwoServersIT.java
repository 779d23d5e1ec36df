package io.github.wsmysqlsession.e2e;

import static io.github.wsmysqlsession.testing.TestApp.command;
import static io.github.wsmysqlsession.testing.TestApp.set;
import static org.assertj.core.api.Assertions.assertThat;

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

/** Two standalone servers, each with its own pool and persistence unit, sharing one table. */
class TwoServersIT {

    /** What the issue asks: other servers learn of a change within at most 2 s (syncInterval 1 s + a query). */
    static final Duration BOUND = Duration.ofSeconds(2);

    static final String TABLE = "session_two_servers";
    static final List<AutoCloseable> CLOSE = new ArrayList<>();
    static SessionManager managerA;
    static SessionManager managerB;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO).build();
        managerA = manager(settings);
        managerB = manager(settings);
        a = new TestServer(managerA.endpoint("/s", new TestApp()));
        b = new TestServer(managerB.endpoint("/s", new TestApp()));
    }

    private static SessionManager manager(SessionSettings settings) {
        HikariDataSource pool = TestDatabase.newDataSource(TestDatabase.jdbcUrl(), 16);
        SessionManager manager = SessionManager.builder(pool).settings(settings).build();
        CLOSE.add(pool);
        CLOSE.add(manager);
        return manager;
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
        for (int i = CLOSE.size() - 1; i >= 0; i--) {
            CLOSE.get(i).close();
        }
    }

    @Test
    void aSessionMadeOnOneServerResumesOnTheOther() {
        String token;
        try (TestClient c = new TestClient(a.uri("/s"))) {
            token = c.getToken(null).getString("token");
            c.send(set("made", "\"on A\""));
            assertThat(c.next()).contains("\"ok\"");
        }
        try (TestClient c = new TestClient(b.uri("/s"))) {
            assertThat(c.getToken(token).getString("errors")).isEmpty();
            c.send(TestApp.get("made"));
            assertThat(c.nextJson().getString("data")).isEqualTo("on A");
        }
    }

    @Test
    void sixteenWritersSplitAcrossBothServersLoseNoKey() throws Exception {
        String token;
        try (TestClient first = new TestClient(a.uri("/s"))) {
            token = first.getToken(null).getString("token");
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                TestServer server = w % 2 == 0 ? a : b;
                int writer = w;
                writers.add(() -> {
                    try (TestClient c = new TestClient(server.uri("/s"))) {
                        assertThat(c.getToken(token).getString("errors")).isEmpty();
                        int acknowledged = 0;
                        for (int k = 0; k < 25; k++) {
                            c.send(set("w" + writer + "k" + k, String.valueOf(k)));
                            if (c.next().contains("\"ok\"")) {
                                acknowledged++;
                            }
                        }
                        return acknowledged;
                    }
                });
            }
            int acknowledged = 0;
            for (Future<Integer> f : pool.invokeAll(writers)) {
                acknowledged += f.get();
            }
            assertThat(acknowledged).isEqualTo(16 * 25);
        } finally {
            pool.shutdownNow();
        }
        String data = TestDatabase.queryString("SELECT data FROM " + TABLE + " WHERE sessionId = ?", token);
        assertThat(SessionDocument.parse(data)).hasSize(16 * 25);
    }

    @Test
    void regenerateOnOneServerEndsTheSessionOnTheOtherWithinTheBound() {
        try (TestClient onA = new TestClient(a.uri("/s")); TestClient onB = new TestClient(b.uri("/s"))) {
            String old = onA.getToken(null).getString("token");
            assertThat(onB.getToken(old).getString("errors")).isEmpty();
            onA.send(command("regenerate"));
            long rotated = System.nanoTime();
            String fresh = onA.gotToken().getString("token");
            assertThat(onA.next()).contains("\"ok\"");
            JsonObject pushed = onB.gotToken();
            assertThat(Duration.ofNanos(System.nanoTime() - rotated)).as("within the 2 s bound").isLessThan(BOUND);
            assertThat(pushed.getString("errors")).isEqualTo(Protocol.SESSION_ENDED);
            assertThat(pushed.getString("token")).isNotEqualTo(fresh).isNotEqualTo(old);
            try (TestClient other = new TestClient(b.uri("/s"))) {
                assertThat(other.getToken(old).getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
            }
            try (TestClient other = new TestClient(b.uri("/s"))) {
                assertThat(other.getToken(fresh).getString("errors")).isEmpty();
            }
        }
    }

    @Test
    void bothSweepersTogetherDeleteEachExpiredRowOnce() throws Exception {
        long past = System.currentTimeMillis() / 1000 - 10;
        for (int i = 0; i < 300; i++) {
            TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{}')", String.format("expired%025d", i), past);
        }
        int live = TestDatabase.count(TABLE) - 300;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int deleted = 0;
            for (Future<Integer> f : pool.invokeAll(List.<Callable<Integer>>of(managerA::sweep, managerB::sweep))) {
                deleted += f.get();
            }
            assertThat(deleted).isEqualTo(300);
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestDatabase.count(TABLE)).isEqualTo(live);
    }
}
