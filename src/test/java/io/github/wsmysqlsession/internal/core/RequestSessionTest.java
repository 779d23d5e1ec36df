package io.github.wsmysqlsession.internal.core;

import static io.github.wsmysqlsession.internal.core.CoherenceTest.connect;
import static io.github.wsmysqlsession.internal.core.CoherenceTest.on;
import static io.github.wsmysqlsession.internal.core.CoherenceTest.pushed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.FakeSocket;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/**
 * Issue 14, part 1: an HTTP request uses the session its token names, never one made for it; while it
 * runs it is one more connection of the session, so what it sets the WebSocket connections read at
 * once, and its log-out ends the session on them.
 */
class RequestSessionTest {

    final MutableClock clock = MutableClock.of(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    final SessionSettings settings = SessionSettings.builder().sweepInterval(Duration.ZERO).syncInterval(Duration.ZERO)
            .idleTimeout(Duration.ofHours(1)).build();
    InMemorySessionStore store;
    SessionService server;

    @BeforeEach
    void start() {
        store = new InMemorySessionStore(settings.maxDataBytes());
        server = new SessionService(store, settings, Tokens::secureRandom, EventSink.of(events::add), clock);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anInventedTokenGetsNoSessionAndNoRow() {
        int rows = store.size();
        assertThat(server.resumeForRequest("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isEmpty();
        assertThat(server.resumeForRequest("not a token")).isEmpty();
        assertThat(server.resumeForRequest("")).isEmpty();
        assertThat(store.size()).isEqualTo(rows);
        assertThat(store.find("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isEmpty();
        assertThat(server.liveSessions()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void anExpiredSessionIsNotResumedAndItsRowIsDeleted() {
        FakeSocket socket = connect(server, "");
        String token = on(server, socket).token();
        server.onClose(socket.session());
        clock.add(Duration.ofHours(2));
        int rows = store.size();
        assertThat(server.resumeForRequest(token)).isEmpty();
        assertThat(store.find(token)).isEmpty();
        assertThat(store.size()).isEqualTo(rows - 1);
    }

    @Test
    void aLiveSessionIsResumedAndWhatTheRequestSetsTheWebSocketReadsAtOnce() {
        FakeSocket socket = connect(server, "");
        SocketSession ws = on(server, socket);
        ws.set("user", "ann");
        SocketSession request = server.resumeForRequest(ws.token()).orElseThrow();
        assertThat(request.token()).isEqualTo(ws.token());
        assertThat(request.getString("user")).isEqualTo("ann");
        request.set("cart", 3);
        assertThat(ws.get("cart", Integer.class)).contains(3);
        server.onClose(request);
        assertThat(server.liveSessions()).isEqualTo(1);
        assertThat(ws.getString("user")).isEqualTo("ann");
        assertThat(events).extracting(SessionEvent::kind).containsOnly(SessionEvent.Kind.CREATED);
    }

    @Test
    void aSessionWithoutConnectionsIsResumedFromItsRowAndForgottenAfterTheRequest() {
        FakeSocket socket = connect(server, "");
        String token = on(server, socket).token();
        on(server, socket).set("user", "bob");
        server.onClose(socket.session());
        SocketSession request = server.resumeForRequest(token).orElseThrow();
        assertThat(request.getString("user")).isEqualTo("bob");
        server.onClose(request);
        assertThat(server.liveSessions()).isZero();
    }

    @Test
    void aLogOutInARequestEndsTheSessionOnItsWebSocketsAndLeavesTheRequestWithoutOne() {
        FakeSocket socket = connect(server, "");
        SocketSession ws = on(server, socket);
        String token = ws.token();
        SocketSession request = server.resumeForRequest(token).orElseThrow();
        int rows = store.size();
        request.invalidate();
        assertThat(store.find(token)).isEmpty();
        assertThat(store.size()).as("no session made for the request").isEqualTo(rows);
        assertThat(request.isReady()).isFalse();
        assertThat(request.token()).isEmpty();
        JsonObject ended = await().atMost(Duration.ofSeconds(5)).until(() -> pushed(socket).stream()
                .filter(p -> p.getString("errors").equals(Protocol.SESSION_ENDED)).findFirst().orElse(null),
                p -> p != null);
        assertThat(ended.getString("token")).isNotEqualTo(token).isEqualTo(ws.token());
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e.kind() == SessionEvent.Kind.ENDED));
        assertThat(events).as("the request's own log-out fires none; its WebSocket's end does")
                .extracting(SessionEvent::kind).containsExactly(SessionEvent.Kind.CREATED, SessionEvent.Kind.ENDED);
        assertThat(events.get(1).socket()).isSameAs(socket.session());
        assertThat(server.resumeForRequest(token)).isEmpty();
        server.onClose(request);
    }

    @Test
    void aSessionEndedElsewhereLeavesTheRequestWithoutOneNeverANewOne() {
        FakeSocket socket = connect(server, "");
        SocketSession ws = on(server, socket);
        String token = ws.token();
        SocketSession request = server.resumeForRequest(token).orElseThrow();
        int rows = store.size();
        ws.invalidate();
        assertThat(store.size()).as("the WebSocket's new session only").isEqualTo(rows);
        assertThat(request.isReady()).isFalse();
        assertThatThrownBy(() -> request.set("k", 1)).isInstanceOf(RuntimeException.class);
        server.onClose(request);
    }

    @Test
    void regenerateInARequestGivesTheNewTokenAndEndsTheOldOneOnTheWebSockets() {
        FakeSocket socket = connect(server, "");
        SocketSession ws = on(server, socket);
        String old = ws.token();
        ws.set("user", "cy");
        SocketSession request = server.resumeForRequest(old).orElseThrow();
        String rotated = request.regenerate();
        assertThat(rotated).isNotEqualTo(old);
        assertThat(request.token()).isEqualTo(rotated);
        assertThat(store.find(old)).isEmpty();
        server.onClose(request);
        SocketSession again = server.resumeForRequest(rotated).orElseThrow();
        assertThat(again.getString("user")).isEqualTo("cy");
        server.onClose(again);
        await().atMost(Duration.ofSeconds(5)).until(() -> pushed(socket).stream()
                .anyMatch(p -> p.getString("errors").equals(Protocol.SESSION_ENDED)));
        assertThat(ws.token()).isNotIn(old, rotated);
        assertThatThrownBy(request::regenerate).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aClosedRequestSessionNoLongerWrites() {
        FakeSocket socket = connect(server, "");
        SocketSession request = server.resumeForRequest(on(server, socket).token()).orElseThrow();
        server.onClose(request);
        assertThatThrownBy(() -> request.set("k", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this HTTP request has no session any more");
        assertThat(on(server, socket).keys()).doesNotContain("k");
    }

}
