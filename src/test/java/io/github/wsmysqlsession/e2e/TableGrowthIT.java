package io.github.wsmysqlsession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that opens many connections and sends {@code getToken} without a token on each (issue 11,
 * item 5): every answered frame used to add a row, since the limit was per connection and
 * connections cost nothing. With {@code newSessionsPerMinute} the table grows by at most that many
 * rows a minute per server; the rest are answered with token {@code ""}.
 */
class TableGrowthIT {

    static final String TABLE = "session_growth";
    static final int CONNECTIONS = 40;
    static final int FRAMES_EACH = 10;

    @Test
    void manyConnectionsAddAtMostNewSessionsPerMinuteRows() {
        int unlimited = flood(0);
        long start = System.nanoTime();
        int limited = flood(100);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("table growth: %d getToken frames on %d connections: %d rows without a limit, %d with "
                + "newSessionsPerMinute=100 (in %.1f s)%n", CONNECTIONS * FRAMES_EACH, CONNECTIONS, unlimited, limited,
                seconds);
        assertThat(unlimited).isEqualTo(CONNECTIONS * FRAMES_EACH);
        // the bucket of 100, and what it refilled meanwhile (100 a minute)
        assertThat(limited).isBetween(100, 100 + (int) Math.ceil(seconds * 100 / 60));
    }

    /** @return the rows in the table after the flood */
    private static int flood(int newSessionsPerMinute) {
        TestDatabase.recreateTable(TABLE);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .newSessionsPerMinute(newSessionsPerMinute).build();
        try (SessionManager manager = SessionManager.builder(TestDatabase.dataSource()).settings(settings).build();
                TestServer server = new TestServer(manager.endpoint("/s", new TestApp()))) {
            List<TestClient> clients = new ArrayList<>();
            try {
                int refused = 0;
                for (int i = 0; i < CONNECTIONS; i++) {
                    TestClient c = new TestClient(server.uri("/s"));
                    clients.add(c);
                    for (int f = 0; f < FRAMES_EACH; f++) {
                        JsonObject got = c.getToken(null);
                        if (got.getString("token").isEmpty()) {
                            assertThat(got.getString("errors")).isEqualTo(Protocol.TOO_MANY_NEW_SESSIONS);
                            refused++;
                        }
                    }
                }
                assertThat(refused + TestDatabase.count(TABLE)).isEqualTo(CONNECTIONS * FRAMES_EACH);
                return TestDatabase.count(TABLE);
            } finally {
                clients.forEach(TestClient::close);
            }
        }
    }
}
