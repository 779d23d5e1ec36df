package io.github.wsmysqlsession.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.DirectSessions;
import io.github.wsmysqlsession.testing.FakeSocket;
import io.github.wsmysqlsession.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, part 1, on MariaDB: an HTTP request's session through the real store, on two servers of
 * one table (the default sync interval, 1 s): a request never adds a row; what a request on one server
 * sets, and its log-out, reach the WebSocket on the other within the sync bound.
 */
class RequestSessionIT {

    static final String TABLE = "session_requests";
    static final Duration BOUND = Duration.ofSeconds(3);
    static DirectSessions a;
    static DirectSessions b;

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .idleTimeout(Duration.ofMinutes(5)).build();
        a = new DirectSessions(TestDatabase.dataSource(), settings);
        b = new DirectSessions(TestDatabase.dataSource(), settings);
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    static FakeSocket connect(SessionService s) {
        FakeSocket socket = FakeSocket.open();
        s.onMessage("{\"event\":\"getToken\",\"data\":{\"token\":\"\"}}", socket.session());
        return socket;
    }

    @Test
    void aRequestWithAnInventedOrExpiredTokenAddsNoRow() {
        int rows = TestDatabase.count(TABLE);
        assertThat(b.service().resumeForRequest("B".repeat(32))).isEmpty();
        SocketSession ws = a.open("");
        String token = ws.token();
        TestDatabase.execute("UPDATE " + TABLE + " SET expires = 1 WHERE sessionId = ?", token);
        assertThat(b.service().resumeForRequest(token)).isEmpty();
        assertThat(TestDatabase.queryString("SELECT sessionId FROM " + TABLE + " WHERE sessionId = ?", token))
                .as("the expired row is deleted").isNull();
        assertThat(TestDatabase.count(TABLE)).isEqualTo(rows);
    }

    @Test
    void whatARequestOnOneServerSetsTheWebSocketOnTheOtherReadsWithinTheBound() {
        FakeSocket socket = connect(a.service());
        SocketSession ws = a.service().sessionOf(socket.session());
        ws.set("user", "ann");
        SocketSession request = b.service().resumeForRequest(ws.token()).orElseThrow();
        try {
            assertThat(request.getString("user")).isEqualTo("ann");
            request.set("cart", 3);
        } finally {
            b.service().onClose(request);
        }
        assertThat(b.service().liveSessions()).as("let go after the request").isZero();
        await().atMost(BOUND).until(() -> ws.get("cart", Integer.class).orElse(0) == 3);
    }

    @Test
    void aLogOutOverHttpOnOneServerEndsTheWebSocketOnTheOther() {
        FakeSocket socket = connect(a.service());
        SocketSession ws = a.service().sessionOf(socket.session());
        String token = ws.token();
        int rows = TestDatabase.count(TABLE);
        SocketSession request = b.service().resumeForRequest(token).orElseThrow();
        request.invalidate();
        b.service().onClose(request);
        assertThat(TestDatabase.count(TABLE)).isEqualTo(rows - 1);
        await().atMost(BOUND).until(() -> socket.sent().stream().anyMatch(f -> f.contains(Protocol.SESSION_ENDED)));
        assertThat(ws.token()).isNotEqualTo(token).isNotEmpty();
        assertThat(b.service().resumeForRequest(token)).isEmpty();
    }
}
