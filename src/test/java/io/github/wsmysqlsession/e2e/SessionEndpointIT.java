package io.github.wsmysqlsession.e2e;

import static io.github.wsmysqlsession.testing.TestApp.command;
import static io.github.wsmysqlsession.testing.TestApp.get;
import static io.github.wsmysqlsession.testing.TestApp.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.endpoint.SessionEndpoint;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** The library end to end: Tyrus server and client, Hibernate, mysql-connector-j, real MariaDB. */
class SessionEndpointIT {

    static final String TABLE = "session_e2e";
    static final MutableClock CLOCK = MutableClock.of(Instant.now(), ZoneOffset.UTC);
    static final List<SessionEvent> EVENTS = new CopyOnWriteArrayList<>();
    static SessionSettings settings;
    static SessionManager manager;
    static TestServer server;

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO).build();
        manager = SessionManager.builder(TestDatabase.dataSource()).settings(settings).clock(CLOCK).listener(EVENTS::add)
                .build();
        server = new TestServer(manager.endpoint("/s", new TestApp()));
    }

    @AfterAll
    static void stop() {
        server.close();
        manager.close();
    }

    @BeforeEach
    void clearEvents() {
        EVENTS.clear();
    }

    TestClient connect() {
        return new TestClient(server.uri("/s"));
    }

    static String row(String column, String token) {
        return TestDatabase.queryString("SELECT " + column + " FROM " + TABLE + " WHERE sessionId = ?", token);
    }

    static long now() {
        return CLOCK.millis() / 1000;
    }

    @Test
    void newClientGetsAServerMadeTokenAndNoErrors() {
        try (TestClient c = connect()) {
            JsonObject got = c.getToken(null);
            assertThat(got.getString("token")).matches("[A-Za-z0-9_-]{32}");
            assertThat(got.getString("errors")).isEmpty();
            assertThat(row("data", got.getString("token"))).isEqualTo("{}");
            assertThat(EVENTS).extracting(SessionEvent::kind).containsExactly(SessionEvent.Kind.CREATED);
        }
    }

    @Test
    void setIsStoredAndResumedAfterReconnect() {
        String token;
        try (TestClient c = connect()) {
            token = c.getToken("").getString("token");
            c.send(set("name", "\"Ada\""));
            assertThat(c.next()).contains("\"ok\"");
            c.send(set("counter", "3"));
            assertThat(c.next()).contains("\"ok\"");
        }
        assertThat(row("data", token)).contains("\"name\"").contains("\"Ada\"");
        try (TestClient c = connect()) {
            JsonObject got = c.getToken(token);
            assertThat(got.getString("token")).isEqualTo(token);
            assertThat(got.getString("errors")).isEmpty();
            c.send(get("name"));
            assertThat(c.nextJson().getString("data")).isEqualTo("Ada");
            c.send(get("counter"));
            assertThat(c.nextJson().getString("data")).isEqualTo("3");
            c.send(get("absent"));
            assertThat(c.nextJson().getString("data")).isEmpty();
        }
        assertThat(EVENTS).extracting(SessionEvent::kind)
                .containsExactly(SessionEvent.Kind.CREATED, SessionEvent.Kind.RESUMED);
    }

    @Test
    void inventedTokenIsNeverAdopted() {
        String invented = "A".repeat(32);
        try (TestClient c = connect()) {
            JsonObject got = c.getToken(invented);
            assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
            assertThat(got.getString("token")).isNotEqualTo(invented).matches("[A-Za-z0-9_-]{32}");
        }
        assertThat(row("sessionId", invented)).isNull();
    }

    @Test
    void expiredSessionsDataNeverReachesTheNewSession() {
        String token;
        try (TestClient c = connect()) {
            token = c.getToken(null).getString("token");
            c.send(set("secret", "\"s3cr3t\""));
            assertThat(c.next()).contains("\"ok\"");
        }
        CLOCK.add(Duration.ofDays(1).plusSeconds(2));
        try (TestClient c = connect()) {
            JsonObject got = c.getToken(token);
            assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
            String fresh = got.getString("token");
            assertThat(fresh).isNotEqualTo(token);
            c.send(get("secret"));
            assertThat(c.nextJson().getString("data")).isEmpty();
            assertThat(row("data", fresh)).isEqualTo("{}");
        }
        assertThat(row("sessionId", token)).as("expired row is deleted").isNull();
        assertThat(EVENTS).extracting(SessionEvent::kind).contains(SessionEvent.Kind.EXPIRED);
    }

    @Test
    void writesAndResumesSlideTheExpiry() {
        try (TestClient c = connect()) {
            String token = c.getToken(null).getString("token");
            long idle = settings.idleTimeout().toSeconds();
            assertThat(Long.parseLong(row("expires", token))).isEqualTo(now() + idle);

            CLOCK.add(Duration.ofHours(5));
            c.send(set("k", "1"));
            assertThat(c.next()).contains("\"ok\"");
            assertThat(Long.parseLong(row("expires", token))).isEqualTo(now() + idle);

            CLOCK.add(Duration.ofSeconds(10));
            try (TestClient again = connect()) {
                assertThat(again.getToken(token).getString("errors")).isEmpty();
            }
            assertThat(Long.parseLong(row("expires", token)))
                    .as("a resume within resumeTouchInterval writes nothing").isEqualTo(now() - 10 + idle);

            CLOCK.add(Duration.ofHours(20));
            try (TestClient again = connect()) {
                assertThat(again.getToken(token).getString("errors")).as("20 h after the last write").isEmpty();
            }
            assertThat(Long.parseLong(row("expires", token))).isEqualTo(now() + idle);
        }
    }

    @Test
    void regenerateGivesANewTokenKeepsDataAndKillsTheOldOne() {
        try (TestClient c = connect()) {
            String old = c.getToken(null).getString("token");
            c.send(set("user", "\"42\""));
            assertThat(c.next()).contains("\"ok\"");
            c.send(command("regenerate"));
            String fresh = c.gotToken().getString("token");
            assertThat(c.next()).contains("\"ok\"");
            assertThat(fresh).isNotEqualTo(old).matches("[A-Za-z0-9_-]{32}");
            assertThat(row("sessionId", old)).isNull();
            assertThat(row("data", fresh)).contains("\"42\"");
            try (TestClient other = connect()) {
                assertThat(other.getToken(old).getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
            }
            try (TestClient other = connect()) {
                assertThat(other.getToken(fresh).getString("errors")).isEmpty();
                other.send(get("user"));
                assertThat(other.nextJson().getString("data")).isEqualTo("42");
            }
        }
        assertThat(EVENTS).extracting(SessionEvent::kind).contains(SessionEvent.Kind.ROTATED);
    }

    /** Issue 10: the other connection's session ends with the rotation, and it is not handed the new token. */
    @Test
    void aRotationEndsTheOtherConnectionsSessionWithoutHandingItTheNewToken() {
        try (TestClient a = connect(); TestClient b = connect()) {
            String old = a.getToken(null).getString("token");
            assertThat(b.getToken(old).getString("errors")).isEmpty();
            a.send(set("user", "\"42\""));
            assertThat(a.next()).contains("\"ok\"");
            a.send(command("regenerate"));
            String fresh = a.gotToken().getString("token");
            assertThat(a.next()).contains("\"ok\"");
            JsonObject pushed = b.gotToken();
            assertThat(pushed.getString("errors")).isEqualTo(Protocol.SESSION_ENDED);
            String theirs = pushed.getString("token");
            assertThat(theirs).isNotEqualTo(fresh).isNotEqualTo(old);
            b.send(get("user"));
            assertThat(b.nextJson().getString("data")).as("nothing of the rotated session").isEmpty();
            b.send(set("late", "1"));
            assertThat(b.next()).contains("\"ok\"");
            assertThat(row("sessionId", old)).isNull();
            assertThat(row("data", fresh)).doesNotContain("late");
            assertThat(row("data", theirs)).contains("late");
        }
    }

    @Test
    void invalidateDeletesTheSessionAndStartsAnEmptyOne() {
        try (TestClient c = connect()) {
            String old = c.getToken(null).getString("token");
            c.send(set("user", "\"42\""));
            assertThat(c.next()).contains("\"ok\"");
            c.send(command("invalidate"));
            String fresh = c.gotToken().getString("token");
            assertThat(c.next()).contains("\"ok\"");
            assertThat(fresh).isNotEqualTo(old);
            assertThat(row("sessionId", old)).isNull();
            assertThat(row("data", fresh)).isEqualTo("{}");
            c.send(get("user"));
            assertThat(c.nextJson().getString("data")).isEmpty();
        }
        assertThat(EVENTS).extracting(SessionEvent::kind).contains(SessionEvent.Kind.INVALIDATED);
    }

    @Test
    void removeAndClearChangeTheStoredRow() {
        try (TestClient c = connect()) {
            String token = c.getToken(null).getString("token");
            c.send(set("a", "1"));
            c.send(set("b", "2"));
            c.send(command("remove", "a"));
            assertThat(List.of(c.next(), c.next(), c.next())).allMatch(f -> f.contains("\"ok\""));
            assertThat(SessionDocument.parse(row("data", token))).containsOnlyKeys("b");
            c.send(command("clear"));
            assertThat(c.next()).contains("\"ok\"");
            assertThat(row("data", token)).isEqualTo("{}");
        }
    }

    @Test
    void rowWrittenByTheNodePackageLoads() {
        String token = "nodeMadeToken_0123456789abcdefgh";
        TestDatabase.execute("INSERT INTO " + TABLE + " (sessionId, expires, data) VALUES (?, ?, ?)", token,
                now() + 3600, "{\"userId\":\"42\",\"cart\":[1,2],\"profile\":{\"name\":\"Zoë\"}}");
        try (TestClient c = connect()) {
            assertThat(c.getToken(token).getString("errors")).isEmpty();
            c.send(get("userId"));
            assertThat(c.nextJson().getString("data")).isEqualTo("42");
            c.send(get("cart"));
            assertThat(c.nextJson().getString("data")).isEqualTo("[1,2]");
            c.send(set("more", "true"));
            assertThat(c.next()).contains("\"ok\"");
        }
        Map<String, String> stored = SessionDocument.parse(row("data", token));
        assertThat(stored).containsOnlyKeys("userId", "cart", "profile", "more");
    }

    @Test
    void oddKeysAndValuesRoundTripAndStayReadableJson() {
        Map<String, String> values = Map.of(
                "quote\"key", "\"it's \\\"quoted\\\"\"",
                "back\\slash", "\"C:\\\\dir\\\\file\"",
                "emoji😀", "\"smile 😀 and ñ\"",
                "nul\u0000key", "\"a\\u0000b\"",
                "", "\"empty key\"",
                "$.path[0].*", "{\"nested\":[1,{\"x\":null}]}",
                // MariaDB (10.11, 11.4) reads a quoted path member that starts with '-' as a syntax error
                "-", "\"dash\"",
                "-leading", "\"dash first\"");
        String token;
        try (TestClient c = connect()) {
            token = c.getToken(null).getString("token");
            values.forEach((k, v) -> {
                c.send(set(k, v));
                assertThat(c.next()).as("set %s", k).contains("\"ok\"");
            });
        }
        Map<String, String> stored = SessionDocument.parse(row("data", token));
        assertThat(stored).containsOnlyKeys(values.keySet());
        try (TestClient c = connect()) {
            assertThat(c.getToken(token).getString("errors")).isEmpty();
            c.send(get("emoji😀"));
            assertThat(c.nextJson().getString("data")).isEqualTo("smile 😀 and ñ");
            c.send(get("nul\u0000key"));
            assertThat(c.nextJson().getString("data")).isEqualTo("a\u0000b");
            c.send(get("quote\"key"));
            assertThat(c.nextJson().getString("data")).isEqualTo("it's \"quoted\"");
            c.send(get("back\\slash"));
            assertThat(c.nextJson().getString("data")).isEqualTo("C:\\dir\\file");
            c.send(get(""));
            assertThat(c.nextJson().getString("data")).isEqualTo("empty key");
            c.send(get("-leading"));
            assertThat(c.nextJson().getString("data")).isEqualTo("dash first");
            c.send(set("-leading", "\"again\""));
            assertThat(c.next()).contains("\"ok\"");
            c.send(command("remove", "-"));
            assertThat(c.next()).contains("\"ok\"");
        }
        assertThat(SessionDocument.parse(row("data", token))).doesNotContainKey("-").containsEntry("-leading", "\"again\"");
    }

    @Test
    void aKeyStartingWithADashWrittenByNodeIsUpdatedInPlace() {
        String token;
        try (TestClient c = connect()) {
            token = c.getToken(null).getString("token");
        }
        TestDatabase.execute("UPDATE " + TABLE + " SET data = ? WHERE sessionId = ?", "{\"-id\":\"1\"}", token);
        try (TestClient c = connect()) {
            assertThat(c.getToken(token).getString("errors")).isEmpty();
            c.send(set("-id", "\"2\""));
            assertThat(c.next()).contains("\"ok\"");
        }
        assertThat(SessionDocument.parse(row("data", token))).containsOnly(Map.entry("-id", "\"2\""));
    }

    @Test
    void setBeyondTheSizeLimitThrowsAndChangesNothing() {
        try (TestClient c = connect()) {
            String token = c.getToken(null).getString("token");
            c.send(set("keep", "\"me\""));
            assertThat(c.next()).contains("\"ok\"");
            String before = row("data", token);
            c.send(set("big", "\"" + "x".repeat(70_000) + "\""));
            assertThat(c.nextJson().getString("data")).startsWith("SessionTooLargeException").contains("65535 bytes");
            assertThat(row("data", token)).isEqualTo(before);
            c.send(get("big"));
            assertThat(c.nextJson().getString("data")).isEmpty();
            c.send(set("after", "1"));
            assertThat(c.next()).as("connection still usable").contains("\"ok\"");
        }
    }

    @Test
    void unserialisableValueThrowsToTheEndpointAndChangesNothing() {
        try (TestClient c = connect()) {
            String token = c.getToken(null).getString("token");
            c.send("{\"event\":\"setUnserialisable\",\"data\":{\"key\":\"bad\"}}");
            assertThat(c.nextJson().getString("data")).startsWith("IllegalArgumentException").contains("\"bad\"");
            assertThat(row("data", token)).isEqualTo("{}");
            c.send(set("good", "1"));
            assertThat(c.next()).contains("\"ok\"");
        }
    }

    /** Regression (issue 5, hostile input): MariaDB rejected these with a JSON syntax error reported as corrupt data. */
    @Test
    void unpairedSurrogatesAreRefusedBeforeTheDatabase() {
        try (TestClient c = connect()) {
            String token = c.getToken(null).getString("token");
            c.send("{\"event\":\"set\",\"data\":{\"key\":\"k\\ud800\",\"value\":1}}");
            assertThat(c.nextJson().getString("data")).startsWith("IllegalArgumentException").contains("unpaired surrogate");
            c.send("{\"event\":\"set\",\"data\":{\"key\":\"k\",\"value\":\"v\\udfff\"}}");
            assertThat(c.nextJson().getString("data")).startsWith("IllegalArgumentException").contains("unpaired surrogate");
            assertThat(row("data", token)).isEqualTo("{}");
        }
    }

    @Test
    void writingBeforeGetTokenIsAnErrorForTheEndpoint() {
        try (TestClient c = connect()) {
            c.send(set("early", "1"));
            assertThat(c.nextJson().getString("data")).startsWith("IllegalStateException").contains("getToken");
            assertThat(c.getToken(null).getString("errors")).isEmpty();
        }
    }

    @Test
    void otherFramesReachTheEndpointUntouched() {
        try (TestClient c = connect()) {
            c.send("{\"event\":\"chat\",\"data\":{\"text\":\"getToken is a word\"}}");
            assertThat(c.next()).isEqualTo("echo:{\"event\":\"chat\",\"data\":{\"text\":\"getToken is a word\"}}");
        }
    }

    @Test
    void sixteenWritersOnTwoConnectionsSharingATokenLoseNoKey() throws Exception {
        int writersPerConnection = 8;
        int keysPerWriter = 25;
        try (TestClient a = connect(); TestClient b = connect()) {
            String token = a.getToken(null).getString("token");
            assertThat(b.getToken(token).getString("errors")).isEmpty();
            List<Thread> writers = new java.util.ArrayList<>();
            for (int w = 0; w < 2 * writersPerConnection; w++) {
                TestClient client = w % 2 == 0 ? a : b;
                int writer = w;
                Thread t = new Thread(() -> {
                    for (int k = 0; k < keysPerWriter; k++) {
                        synchronized (client) {
                            client.send(set("w" + writer + "k" + k, String.valueOf(k)));
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            for (Thread t : writers) {
                t.join();
            }
            int total = 2 * writersPerConnection * keysPerWriter;
            for (int i = 0; i < total / 2; i++) {
                assertThat(a.next()).contains("\"ok\"");
                assertThat(b.next()).contains("\"ok\"");
            }
            assertThat(SessionDocument.parse(row("data", token))).hasSize(total);
        }
    }
}
