package io.github.wsmysqlsession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.endpoint.SessionEndpoint;
import io.github.wsmysqlsession.testing.LogCapture;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** websocket.session.deferWrites: a handler's set() calls are written together when it returns. */
class DeferredWritesIT {

    static final String TABLE = "session_deferred";
    static SessionManager manager;
    static TestServer server;

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .maxDataBytes(300).deferWrites(true).build();
        manager = SessionManager.builder(TestDatabase.dataSource()).settings(settings).build();
        server = new TestServer(manager.endpoint("/d", (text, socket, session) -> {
            String[] cmd = text.split(":", 2);
            switch (cmd[0]) {
                case "three" -> {
                    session.set("a", cmd[1]);
                    session.set("b", cmd[1]);
                    session.set("c", cmd[1]);
                    // not committed yet, but the connection's copy has it
                    socket.getBasicRemote().sendText("set " + session.getString("c"));
                }
                case "get" -> socket.getBasicRemote().sendText("value " + session.getString(cmd[1]));
                case "failing" -> {
                    session.set("a", cmd[1]);
                    throw new IllegalArgumentException("the handler's own failure");
                }
                default -> throw new IllegalArgumentException(text);
            }
        }));
    }

    @AfterAll
    static void stop() {
        server.close();
        manager.close();
    }

    static String data(String token) {
        return TestDatabase.queryString("SELECT data FROM " + TABLE + " WHERE sessionId = ?", token);
    }

    @Test
    void setsOfOneHandlerAreAllStoredWhenItReturns() {
        try (TestClient c = new TestClient(server.uri("/d"))) {
            String token = c.getToken("").getString("token");
            c.send("three:x");
            assertThat(c.next()).isEqualTo("set x");
            c.send("get:a"); // answered after the previous handler's write
            assertThat(c.next()).isEqualTo("value x");
            assertThat(data(token)).contains("\"a\"").contains("\"b\"").contains("\"c\"");
        }
    }

    @Test
    void whenTheHandlerAndTheDeferredWriteBothFailTheHandlersFailureIsReported() {
        try (LogCapture log = LogCapture.start(SessionEndpoint.class.getName(), r -> true);
                TestClient c = new TestClient(server.uri("/d"))) {
            String token = c.getToken("").getString("token");
            TestDatabase.execute("UPDATE " + TABLE + " SET data = JSON_SET(data, '$.filler', ?) WHERE sessionId = ?",
                    "f".repeat(240), token);
            c.send("failing:" + "x".repeat(40)); // the handler throws, and its set no longer fits
            c.send("get:a"); // answered after the failed handler
            assertThat(c.next()).isEqualTo("value ");
            assertThat(log.records()).extracting(r -> String.valueOf(r.getParameters()[0]))
                    .anySatisfy(m -> assertThat(m).contains("the handler's own failure"))
                    .noneSatisfy(m -> assertThat(m).startsWith("io.github.wsmysqlsession."));
            assertThat(data(token)).doesNotContain("xxxx");
        }
    }

    @Test
    void aFailedWriteLeavesTheConnectionsCopyAsCommitted() {
        try (TestClient c = new TestClient(server.uri("/d"))) {
            String token = c.getToken("").getString("token");
            c.send("three:old");
            assertThat(c.next()).isEqualTo("set old");
            // another server filled the row close to the limit: the deferred write no longer fits
            TestDatabase.execute("UPDATE " + TABLE + " SET data = JSON_SET(data, '$.filler', ?) WHERE sessionId = ?",
                    "f".repeat(240), token);
            c.send("three:new-value");
            assertThat(c.next()).isEqualTo("set new-value"); // sent by the handler before the write failed
            c.send("get:a");
            assertThat(c.next()).isEqualTo("value old");
            assertThat(data(token)).contains("\"old\"").doesNotContain("new-value");
        }
    }
}
