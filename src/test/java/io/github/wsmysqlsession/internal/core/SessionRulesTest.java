package io.github.wsmysqlsession.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionGoneException;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionTooLargeException;
import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.FakeSocket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/**
 * Core's rules (resume, expiry, rotation, the absolute lifetime, deferred writes, flooding) through the
 * store seam, on an in-memory store: no database, no network.
 */
class SessionRulesTest {

    final MutableClock clock = MutableClock.of(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    InMemorySessionStore store;
    SessionService service;

    SessionService start(SessionSettings.Builder settings) {
        SessionSettings s = settings.sweepInterval(Duration.ZERO).build();
        store = new InMemorySessionStore(s.maxDataBytes());
        service = new SessionService(store, s, Tokens::secureRandom, EventSink.of(events::add), clock);
        service.start();
        return service;
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    static String getToken(String token) {
        return "{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}";
    }

    /** Sends getToken on a connection and returns the gotToken's data. */
    JsonObject resume(FakeSocket socket, String token) {
        String reply = service.onMessage(getToken(token), socket.session());
        return Json.createReader(new StringReader(reply)).readObject().getJsonObject("data");
    }

    SocketSession session(FakeSocket socket) {
        return service.sessionOf(socket.session());
    }

    List<SessionEvent.Kind> kinds() {
        return events.stream().map(SessionEvent::kind).toList();
    }

    static String gotToken(String token, String errors) {
        return "{\"event\":\"gotToken\",\"data\":{\"token\":\"" + token + "\",\"errors\":\"" + errors + "\"}}";
    }

    /** Waits for a frame the library pushes from its own threads. */
    static void awaitSent(FakeSocket socket, String frame) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(socket.sent()).contains(frame));
    }

    @Test
    void aClientWithoutATokenGetsANewOneAndNoErrors() {
        start(SessionSettings.builder());
        FakeSocket socket = FakeSocket.open();
        JsonObject got = resume(socket, "");
        assertThat(got.getString("errors")).isEmpty();
        assertThat(got.getString("token")).matches("[A-Za-z0-9_-]{32}");
        assertThat(store.data(got.getString("token"))).isEqualTo("{}");
        assertThat(store.expires(got.getString("token"))).isEqualTo(now() + Duration.ofDays(1).toSeconds());
        assertThat(kinds()).containsExactly(SessionEvent.Kind.CREATED);
    }

    @Test
    void aResumedSessionHasItsValuesAndAResumeWithinTheTouchIntervalWritesNothing() {
        start(SessionSettings.builder());
        FakeSocket first = FakeSocket.open();
        String token = resume(first, "").getString("token");
        session(first).set("name", "Ada");
        clock.add(Duration.ofSeconds(30));
        FakeSocket second = FakeSocket.open();
        assertThat(resume(second, token).getString("errors")).isEmpty();
        assertThat(session(second).getString("name")).isEqualTo("Ada");
        assertThat(store.operations()).doesNotContain("touch");
        clock.add(Duration.ofMinutes(5));
        assertThat(resume(FakeSocket.open(), token).getString("errors")).isEmpty();
        assertThat(store.operations()).contains("touch");
        assertThat(store.expires(token)).isEqualTo(now() + Duration.ofDays(1).toSeconds());
    }

    @Test
    void anInventedTokenIsNeverAdopted() {
        start(SessionSettings.builder());
        String invented = "I".repeat(32);
        JsonObject got = resume(FakeSocket.open(), invented);
        assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
        assertThat(got.getString("token")).isNotEqualTo(invented);
        assertThat(store.data(invented)).isNull();
    }

    @Test
    void anExpiredSessionsDataNeverReachesTheNewSessionAndItsRowIsDeleted() {
        start(SessionSettings.builder().idleTimeout(Duration.ofMinutes(10)));
        FakeSocket first = FakeSocket.open();
        String token = resume(first, "").getString("token");
        session(first).set("secret", "s3cr3t");
        clock.add(Duration.ofMinutes(11));
        FakeSocket second = FakeSocket.open();
        JsonObject got = resume(second, token);
        assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
        assertThat(session(second).getString("secret")).isEmpty();
        assertThat(store.data(token)).isNull();
        assertThat(store.data(got.getString("token"))).isEqualTo("{}");
        assertThat(kinds()).contains(SessionEvent.Kind.EXPIRED);
    }

    @Test
    void aWriteToASessionThatIsGoneThrowsAndTheConnectionGetsANewSessionAndItsToken() {
        start(SessionSettings.builder());
        FakeSocket socket = FakeSocket.open();
        String token = resume(socket, "").getString("token");
        store.delete(token); // another server invalidated it
        assertThatThrownBy(() -> session(socket).set("k", 1)).isInstanceOf(SessionGoneException.class)
                .hasMessageContaining("nothing was written");
        assertThat(store.data(token)).isNull();
        String fresh = session(socket).token();
        assertThat(fresh).isNotEqualTo(token).isNotEmpty();
        assertThat(store.data(fresh)).isEqualTo("{}");
        awaitSent(socket, gotToken(fresh, Protocol.SESSION_ENDED));
    }

    @Test
    void aWriteOverTheLimitThrowsAndChangesNothing() {
        start(SessionSettings.builder().maxDataBytes(100));
        FakeSocket socket = FakeSocket.open();
        String token = resume(socket, "").getString("token");
        session(socket).set("keep", "me");
        assertThatThrownBy(() -> session(socket).set("big", "x".repeat(100)))
                .isInstanceOf(SessionTooLargeException.class).hasMessageContaining("websocket.session.maxDataBytes");
        assertThat(session(socket).keys()).containsExactly("keep");
        assertThat(SessionDocument.parse(store.data(token))).containsOnlyKeys("keep");
    }

    @Test
    void aFailedWriteLeavesTheConnectionsValuesAsCommitted() {
        start(SessionSettings.builder());
        FakeSocket socket = FakeSocket.open();
        resume(socket, "");
        session(socket).set("a", 1);
        store.failNext(() -> new SessionUnavailableException("database down", null, false));
        assertThatThrownBy(() -> session(socket).set("a", 2)).isInstanceOf(SessionUnavailableException.class);
        assertThat(session(socket).get("a", Integer.class)).contains(1);
    }

    @Test
    void regenerateKeepsTheDataAndTheCreationTimeMovesTheRowAndSendsTheNewToken() {
        start(SessionSettings.builder().absoluteTimeout(Duration.ofHours(8)));
        FakeSocket socket = FakeSocket.open();
        String old = resume(socket, "").getString("token");
        long created = now();
        session(socket).set("user", "42");
        clock.add(Duration.ofHours(1));
        String fresh = session(socket).regenerate();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(store.data(old)).isNull();
        assertThat(SessionDocument.parse(store.data(fresh))).containsEntry("user", "\"42\"")
                .containsEntry(SessionSettings.CREATED_KEY, Long.toString(created));
        assertThat(store.expires(fresh)).as("the absolute lifetime is not restarted").isEqualTo(created + 8 * 3600);
        assertThat(socket.sent()).containsExactly("{\"event\":\"gotToken\",\"data\":{\"token\":\"" + fresh
                + "\",\"errors\":\"\"}}");
        assertThat(kinds()).endsWith(SessionEvent.Kind.ROTATED);
    }

    @Test
    void theAbsoluteTimeoutEndsABusySessionAndCapsItsExpiry() {
        start(SessionSettings.builder().absoluteTimeout(Duration.ofHours(2)).idleTimeout(Duration.ofHours(1)));
        FakeSocket socket = FakeSocket.open();
        String token = resume(socket, "").getString("token");
        long created = now();
        for (int i = 0; i < 2; i++) {
            clock.add(Duration.ofMinutes(50));
            session(socket).set("tick", i);
        }
        assertThat(store.expires(token)).as("never past creation + absolute").isEqualTo(created + 7200);
        clock.add(Duration.ofMinutes(30)); // 130 minutes after creation, 30 after the last write
        assertThatThrownBy(() -> session(socket).set("tick", 2)).isInstanceOf(SessionGoneException.class);
        JsonObject got = resume(FakeSocket.open(), token);
        assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
    }

    @Test
    void aRowWithoutACreationMarkerGetsOneAtItsFirstResume() {
        start(SessionSettings.builder().absoluteTimeout(Duration.ofHours(2)));
        String nodeToken = "nodeMadeToken_0123456789abcdefgh";
        store.putRow(nodeToken, now() + 3600, "{\"userId\":\"42\"}");
        FakeSocket socket = FakeSocket.open();
        assertThat(resume(socket, nodeToken).getString("errors")).isEmpty();
        assertThat(SessionDocument.parse(store.data(nodeToken))).containsEntry(SessionSettings.CREATED_KEY,
                Long.toString(now()));
        assertThat(session(socket).keys()).containsExactly("userId");
    }

    /** Before the fix a refused marker write was ignored: the session resumed, its lifetime counted from every resume. */
    @Test
    void aCreationMarkerThatCannotBeWrittenDoesNotLetTheSessionOutliveTheAbsoluteTimeout() {
        start(SessionSettings.builder().absoluteTimeout(Duration.ofHours(2)).maxDataBytes(60));
        String nodeToken = "nodeMadeToken_0123456789abcdefgh";
        String full = "{\"userId\":\"" + "4".repeat(45) + "\"}"; // 58 bytes: the marker does not fit
        store.putRow(nodeToken, now() + 3600, full);
        JsonObject got = resume(FakeSocket.open(), nodeToken);
        assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
        assertThat(got.getString("token")).isNotEqualTo(nodeToken);
        assertThat(store.data(nodeToken)).as("left as the Node package wrote it").isEqualTo(full);
    }

    @Test
    void anUnreadableCreationMarkerCountsAsPastTheAbsoluteTimeoutNotAsCreatedNow() {
        start(SessionSettings.builder().absoluteTimeout(Duration.ofHours(2)));
        String token = "markerByHand_0123456789abcdefghi";
        for (String marker : new String[] {"\"yesterday\"", "-5", "0", "1.5e9"}) {
            store.putRow(token, now() + 3600, "{\"" + SessionSettings.CREATED_KEY + "\":" + marker + "}");
            assertThat(resume(FakeSocket.open(), token).getString("errors")).as(marker)
                    .isEqualTo(Protocol.SESSION_EXPIRED);
        }
    }

    /** Before the fix regenerate on unparsable data dropped the creation time; clear() then wrote no marker. */
    @Test
    void regenerateOnUnparsableDataKeepsTheCreationTime() {
        start(SessionSettings.builder().absoluteTimeout(Duration.ofHours(2)).idleTimeout(Duration.ofHours(1)));
        FakeSocket socket = FakeSocket.open();
        String token = resume(socket, "").getString("token");
        long created = now();
        clock.add(Duration.ofMinutes(90));
        store.putRow(token, now() + 1800, "not json, written by hand");
        String fresh = session(socket).regenerate();
        session(socket).clear();
        assertThat(SessionDocument.parse(store.data(fresh))).containsEntry(SessionSettings.CREATED_KEY,
                Long.toString(created));
        assertThat(store.expires(fresh)).isEqualTo(created + 7200);
        clock.add(Duration.ofMinutes(31));
        assertThat(resume(FakeSocket.open(), fresh).getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
    }

    /**
     * A write whose answer was lost after it reached the database (issue 11, item 7): the exception
     * says the outcome is unknown, and the next read, on this connection or another of the session,
     * reloads the row. Before the fix both kept their copies: B never saw the value A had committed.
     */
    @Test
    void afterAWriteWhoseOutcomeIsUnknownTheNextReadReloadsTheRow() {
        start(SessionSettings.builder());
        FakeSocket a = FakeSocket.open();
        String token = resume(a, "").getString("token");
        FakeSocket b = FakeSocket.open();
        resume(b, token);
        long expires = store.expires(token);
        store.failNext(() -> {
            store.putRow(token, expires, "{\"n\":5}"); // it was applied; the answer was lost
            return new SessionUnavailableException("the connection broke", null, true);
        });
        assertThatThrownBy(() -> session(a).set("n", 5)).isInstanceOfSatisfying(SessionUnavailableException.class,
                e -> assertThat(e.outcomeUnknown()).isTrue());
        assertThat(session(b).get("n", Integer.class)).contains(5);
        assertThat(session(a).get("n", Integer.class)).contains(5);

        // not applied: the reload finds the old value
        store.failNext(() -> new SessionUnavailableException("cut off at the query timeout", null, true));
        assertThatThrownBy(() -> session(a).set("n", 6)).isInstanceOf(SessionUnavailableException.class);
        assertThat(session(b).get("n", Integer.class)).contains(5);

        // while the reload cannot reach the database, reads fail rather than answer from the old copy
        store.failNext(() -> new SessionUnavailableException("cut off", null, true));
        assertThatThrownBy(() -> session(a).set("n", 7)).isInstanceOf(SessionUnavailableException.class);
        store.failNext(() -> new SessionUnavailableException("the database is down", null, false));
        assertThatThrownBy(() -> session(b).getString("n")).isInstanceOf(SessionUnavailableException.class);
        assertThat(session(b).get("n", Integer.class)).contains(5);
        assertThat(session(a).increment("n", 1)).isEqualTo(6);
    }

    @Test
    void aRotationWhoseOutcomeIsUnknownEndsTheSessionWhenTheOldRowTurnsOutGone() {
        start(SessionSettings.builder());
        FakeSocket socket = FakeSocket.open();
        String old = resume(socket, "").getString("token");
        session(socket).set("user", "42");
        store.failNext(() -> {
            store.rotate(old, "R".repeat(32), now() + 60, now()); // it was applied; the answer was lost
            return new SessionUnavailableException("the connection broke", null, true);
        });
        assertThatThrownBy(() -> session(socket).regenerate()).isInstanceOfSatisfying(
                SessionUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
        assertThat(session(socket).getString("user")).as("the old copy is not used").isEmpty();
        String fresh = session(socket).token();
        assertThat(fresh).isNotIn(old, "R".repeat(32));
        awaitSent(socket, gotToken(fresh, Protocol.SESSION_ENDED));
    }

    /** Issue 11, item 5: a client that opens many connections adds at most newSessionsPerMinute rows a minute. */
    @Test
    void aServerCreatesAtMostNewSessionsPerMinuteAndResumesAreNotCounted() {
        start(SessionSettings.builder().newSessionsPerMinute(5));
        String first = resume(FakeSocket.open(), "").getString("token");
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            JsonObject got = resume(FakeSocket.open(), i % 2 == 0 ? "" : "I".repeat(31) + (char) ('a' + i));
            if (got.getString("token").isEmpty()) {
                assertThat(got.getString("errors")).isEqualTo(Protocol.TOO_MANY_NEW_SESSIONS);
                refused++;
            }
        }
        assertThat(refused).isEqualTo(16);
        assertThat(store.size()).isEqualTo(5);
        assertThat(resume(FakeSocket.open(), first).getString("token")).as("a resume is never refused")
                .isEqualTo(first);
        clock.add(Duration.ofSeconds(12)); // one more a minute / 5
        assertThat(resume(FakeSocket.open(), "").getString("token")).hasSize(32);
        assertThat(resume(FakeSocket.open(), "").getString("token")).isEmpty();
        assertThat(store.size()).isEqualTo(6);
    }

    @Test
    void invalidateDeletesTheRowAndGivesTheConnectionANewEmptySession() {
        start(SessionSettings.builder());
        FakeSocket socket = FakeSocket.open();
        String old = resume(socket, "").getString("token");
        session(socket).set("user", "42");
        session(socket).invalidate();
        String fresh = session(socket).token();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(store.data(old)).isNull();
        assertThat(store.data(fresh)).isEqualTo("{}");
        assertThat(session(socket).getString("user")).isEmpty();
        assertThat(socket.sent()).containsExactly(gotToken(fresh, ""));
    }

    @Test
    void deferredSetsAreWrittenTogetherWhenTheHandlerReturns() throws Exception {
        start(SessionSettings.builder().deferWrites(true));
        FakeSocket socket = FakeSocket.open();
        String token = resume(socket, "").getString("token");
        service.runHandler(socket.session(), () -> {
            session(socket).set("a", 1);
            session(socket).set("b", 2);
            assertThat(session(socket).get("b", Integer.class)).contains(2);
            assertThat(store.data(token)).isEqualTo("{}");
            return null;
        });
        assertThat(store.operations().stream().filter("put"::equals)).hasSize(1);
        assertThat(SessionDocument.parse(store.data(token))).containsOnlyKeys("a", "b");
    }

    @Test
    void whenTheHandlerAndItsDeferredWriteFailTheHandlersExceptionCarriesTheWritesAsSuppressed() {
        start(SessionSettings.builder().deferWrites(true));
        FakeSocket socket = FakeSocket.open();
        String token = resume(socket, "").getString("token");
        IllegalArgumentException own = new IllegalArgumentException("the handler's own failure");
        assertThatThrownBy(() -> service.runHandler(socket.session(), () -> {
            session(socket).set("a", 1);
            store.failNext(() -> new SessionUnavailableException("database down", null, false));
            throw own;
        })).isSameAs(own).satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                .isInstanceOf(SessionUnavailableException.class));
        assertThat(session(socket).get("a", Integer.class)).as("the copy is back to what was committed").isEmpty();
        assertThat(store.data(token)).isEqualTo("{}");
    }

    @Test
    void aMalformedGetTokenGetsANewSessionAndTheReason() {
        start(SessionSettings.builder());
        String reply = service.onMessage("{\"event\":\"getToken\",\"data\":{\"token\":42}}", FakeSocket.create());
        JsonObject got = Json.createReader(new StringReader(reply)).readObject().getJsonObject("data");
        assertThat(got.getString("errors")).startsWith(Protocol.MALFORMED).contains("must be a string");
        assertThat(store.data(got.getString("token"))).isEqualTo("{}");
    }

    @Test
    void aConnectionSendingTooManyGetTokenFramesIsClosed() {
        start(SessionSettings.builder().getTokenPerMinute(3));
        FakeSocket socket = FakeSocket.open();
        for (int i = 0; i < 3; i++) {
            assertThat(service.onMessage(getToken(""), socket.session())).contains("gotToken");
        }
        assertThat(service.onMessage(getToken(""), socket.session())).isEmpty();
        assertThat(socket.closed()).isTrue();
        clock.add(Duration.ofMinutes(1)); // the window is counted in System.nanoTime, not the clock
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void aTokenGeneratorThatMakesBadTokensFailsTheSessionsCreation() {
        SessionSettings s = SessionSettings.builder().sweepInterval(Duration.ZERO).build();
        store = new InMemorySessionStore(s.maxDataBytes());
        service = new SessionService(store, s, () -> "short", EventSink.NONE, clock);
        assertThatThrownBy(() -> service.onMessage(getToken(""), FakeSocket.create()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fix the generator");
        assertThat(store.size()).isZero();
    }
}
