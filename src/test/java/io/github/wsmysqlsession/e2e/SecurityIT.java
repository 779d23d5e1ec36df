package io.github.wsmysqlsession.e2e;

import static io.github.wsmysqlsession.testing.TestApp.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** Session fixation, flooding, leaked tables and endless sessions. */
class SecurityIT {

    static final String TABLE = "session_security";

    private record Setup(SessionManager manager, TestServer server, MutableClock clock) implements AutoCloseable {
        TestClient connect() {
            return new TestClient(server.uri("/s"));
        }

        @Override
        public void close() {
            server.close();
            manager.close();
        }
    }

    private static Setup start(SessionSettings.Builder settings) {
        TestDatabase.recreateTable(TABLE);
        SessionSettings s = settings.tableName(TABLE).sweepInterval(Duration.ZERO).build();
        MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        SessionManager manager = SessionManager.builder(TestDatabase.dataSource()).settings(s).clock(clock).build();
        return new Setup(manager, new TestServer(manager.endpoint("/s", new TestApp())), clock);
    }

    @Test
    void inventedTokensAreNeverAdopted() {
        Random random = new Random(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Set<String> invented = new HashSet<>();
        try (Setup s = start(SessionSettings.builder().getTokenPerMinute(0)); TestClient c = s.connect()) {
            for (int i = 0; i < 300; i++) {
                StringBuilder t = new StringBuilder();
                for (int k = 0; k < 32; k++) {
                    t.append(alphabet.charAt(random.nextInt(64)));
                }
                invented.add(t.toString());
                var got = c.getToken(t.toString());
                assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
                assertThat(got.getString("token")).isNotEqualTo(t.toString());
            }
            for (String t : invented) {
                assertThat(TestDatabase.queryString("SELECT COUNT(*) FROM " + TABLE + " WHERE sessionId = ?", t))
                        .isEqualTo("0");
            }
        }
    }

    @Test
    void aFloodOfGetTokenClosesTheConnectionWithPolicyViolation() {
        try (Setup s = start(SessionSettings.builder().getTokenPerMinute(5)); TestClient c = s.connect();
                TestClient polite = s.connect()) {
            for (int i = 0; i < 5; i++) {
                assertThat(c.getToken(null).getString("errors")).isEmpty();
            }
            int rows = TestDatabase.count(TABLE);
            c.send("{\"event\":\"getToken\",\"data\":{}}");
            assertThat(c.awaitClose(Duration.ofSeconds(5)).getCloseCode())
                    .isEqualTo(CloseReason.CloseCodes.VIOLATED_POLICY);
            assertThat(c.isOpen()).isFalse();
            assertThat(TestDatabase.count(TABLE)).as("the sixth frame wrote nothing").isEqualTo(rows);
            assertThat(polite.getToken(null).getString("errors")).as("other connections are not limited").isEmpty();
        }
    }

    @Test
    void hashedTokensKeepALeakedTableFromHandingOutSessions() throws Exception {
        try (Setup s = start(SessionSettings.builder().hashTokens(true)); TestClient c = s.connect()) {
            String token = c.getToken(null).getString("token");
            c.send(set("user", "\"42\""));
            assertThat(c.next()).contains("\"ok\"");
            String stored = TestDatabase.queryString("SELECT sessionId FROM " + TABLE);
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            assertThat(stored).isNotEqualTo(token).isEqualTo(HexFormat.of().formatHex(sha, 0, 16));
            try (TestClient thief = s.connect()) {
                var got = thief.getToken(stored);
                assertThat(got.getString("errors")).as("the stored key is no token").isEqualTo(Protocol.SESSION_NOT_FOUND);
                assertThat(got.getString("token")).isNotIn(token, stored);
            }
            try (TestClient again = s.connect()) {
                assertThat(again.getToken(token).getString("errors")).isEmpty();
                again.send(TestApp.get("user"));
                assertThat(again.nextJson().getString("data")).isEqualTo("42");
            }
        }
    }

    @Test
    void anAbsoluteTimeoutEndsEvenABusySession() {
        try (Setup s = start(SessionSettings.builder().absoluteTimeout(Duration.ofHours(1)))) {
            String token;
            long created = s.clock().millis() / 1000;
            try (TestClient c = s.connect()) {
                token = c.getToken(null).getString("token");
                for (int i = 0; i < 5; i++) {
                    s.clock().add(Duration.ofMinutes(11));
                    c.send(set("k" + i, "1"));
                    assertThat(c.next()).contains("\"ok\"");
                }
                c.send(TestApp.command("keys"));
                assertThat(c.nextJson().getJsonArray("data")).hasSize(5); // the creation marker stays hidden
            }
            assertThat(Long.parseLong(TestDatabase.queryString("SELECT expires FROM " + TABLE + " WHERE sessionId = ?",
                    token))).as("never past the absolute limit").isEqualTo(created + 3600);
            s.clock().add(Duration.ofMinutes(6));
            try (TestClient c = s.connect()) {
                var got = c.getToken(token);
                assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
                assertThat(got.getString("token")).isNotEqualTo(token);
            }
        }
    }
}
