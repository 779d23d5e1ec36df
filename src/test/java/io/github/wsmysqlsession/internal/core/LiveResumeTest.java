package io.github.wsmysqlsession.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.FakeSocket;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/**
 * A resume of a session that already has a connection on this server (issue 16): answered from the
 * server's copy, without reading the row, only while a read found the row alive within
 * {@code syncInterval}; everything else reads the row. The sync interval here is an hour of the test's
 * clock, so the sync thread never runs and {@code syncNow()} plays it.
 */
class LiveResumeTest {

    static final Duration SYNC = Duration.ofHours(1);

    final MutableClock clock = MutableClock.of(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    final InMemorySessionStore store = new InMemorySessionStore(SessionSettings.builder().build().maxDataBytes());
    final List<SessionService> services = new ArrayList<>();

    SessionService server(Duration syncInterval) {
        return server(syncInterval, Duration.ofHours(6));
    }

    SessionService server(Duration syncInterval, Duration resumeTouchInterval) {
        SessionSettings settings = SessionSettings.builder().sweepInterval(Duration.ZERO).syncInterval(syncInterval)
                .idleTimeout(Duration.ofDays(1)).resumeTouchInterval(resumeTouchInterval).build();
        SessionService s = new SessionService(store, settings, Tokens::secureRandom, EventSink.of(e -> { }), clock);
        s.start();
        services.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        services.forEach(SessionService::close);
    }

    static JsonObject resume(SessionService server, FakeSocket socket, String token) {
        return CoherenceTest.reply(server.onMessage("{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}",
                socket.session()));
    }

    long finds() {
        return store.operations().stream().filter("find"::equals).count();
    }

    @Test
    void aSessionLiveOnThisServerResumesWithoutReadingItsRow() {
        SessionService a = server(SYNC);
        FakeSocket first = CoherenceTest.connect(a, "");
        SocketSession s = CoherenceTest.on(a, first);
        s.set("name", "Ada");
        long before = finds();

        FakeSocket second = FakeSocket.open();
        assertThat(resume(a, second, s.token()).getString("errors")).isEmpty();
        assertThat(resume(a, first, s.token()).getString("errors")).as("the connection already on it").isEmpty();

        assertThat(finds()).isEqualTo(before);
        CoherenceTest.on(a, second).set("city", "London");
        assertThat(s.getString("city")).as("one copy for both connections").isEqualTo("London");
        assertThat(CoherenceTest.on(a, second).getString("name")).isEqualTo("Ada");
    }

    @Test
    void aCopyNotCheckedWithinTheSyncIntervalIsReadAgainAndAfterASyncItIsNot() {
        SessionService a = server(SYNC);
        FakeSocket first = CoherenceTest.connect(a, "");
        String token = CoherenceTest.on(a, first).token();
        clock.add(SYNC.plusSeconds(1)); // the sync fell behind (or the database is away)
        long before = finds();

        assertThat(resume(a, FakeSocket.open(), token).getString("errors")).isEmpty();
        assertThat(finds()).as("read again").isEqualTo(before + 1);

        clock.add(SYNC.plusSeconds(1));
        a.syncNow();
        assertThat(resume(a, FakeSocket.open(), token).getString("errors")).isEmpty();
        assertThat(finds()).as("the sync checked it").isEqualTo(before + 1);
    }

    @Test
    void withoutASyncEveryResumeReadsTheRow() {
        SessionService a = server(Duration.ZERO);
        FakeSocket first = CoherenceTest.connect(a, "");
        String token = CoherenceTest.on(a, first).token();
        long before = finds();

        resume(a, FakeSocket.open(), token);
        resume(a, first, token);

        assertThat(finds()).isEqualTo(before + 2);
    }

    @Test
    void aSessionEndedOnAnotherServerIsNotResumedHereAfterTheSync() {
        SessionService a = server(SYNC);
        SessionService b = server(SYNC);
        FakeSocket here = CoherenceTest.connect(a, "");
        String token = CoherenceTest.on(a, here).token();
        FakeSocket there = CoherenceTest.connect(b, token);

        CoherenceTest.on(b, there).invalidate();
        a.syncNow();

        assertThat(resume(a, FakeSocket.open(), token).getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
    }

    @Test
    void beforeTheSyncAResumeOfASessionEndedElsewhereEndsWithTheSessionAtTheSync() {
        SessionService a = server(SYNC);
        SessionService b = server(SYNC);
        FakeSocket here = CoherenceTest.connect(a, "");
        String token = CoherenceTest.on(a, here).token();
        FakeSocket there = CoherenceTest.connect(b, token);
        CoherenceTest.on(b, there).invalidate();

        FakeSocket late = FakeSocket.open();
        assertThat(resume(a, late, token).getString("errors")).as("within the sync interval, as for `here`")
                .isEmpty();
        a.syncNow();

        for (FakeSocket socket : List.of(here, late)) {
            JsonObject ended = CoherenceTest.awaitPush(socket, Protocol.SESSION_ENDED);
            assertThat(ended.getString("token")).isNotEqualTo(token);
            assertThat(CoherenceTest.on(a, socket).token()).isNotEqualTo(token);
        }
    }

    @Test
    void aCopyWithAWriteOfUnknownOutcomeIsReadAgain() {
        SessionService a = server(SYNC);
        FakeSocket first = CoherenceTest.connect(a, "");
        SocketSession s = CoherenceTest.on(a, first);
        store.failNext(() -> new SessionUnavailableException("connection broke mid-statement", null, true));
        assertThatThrownBy(() -> s.set("name", "Ada")).isInstanceOf(SessionUnavailableException.class);
        long before = finds();

        assertThat(resume(a, FakeSocket.open(), s.token()).getString("errors")).isEmpty();

        assertThat(finds()).isGreaterThan(before);
    }

    @Test
    void aCopyWhoseExpiryIsDueToMoveReadsAndTouchesTheRow() {
        SessionService a = server(SYNC, Duration.ofSeconds(60));
        FakeSocket first = CoherenceTest.connect(a, "");
        String token = CoherenceTest.on(a, first).token();
        long expires = store.expires(token);
        clock.add(Duration.ofMinutes(2)); // past resumeTouchInterval (60 s), within the sync interval
        long before = finds();

        assertThat(resume(a, FakeSocket.open(), token).getString("errors")).isEmpty();

        assertThat(finds()).isEqualTo(before + 1);
        assertThat(store.expires(token)).isEqualTo(expires + 120);
    }

    @Test
    void anExpiredCopyIsNotResumed() {
        SessionService a = server(Duration.ofDays(2), Duration.ofDays(1));
        FakeSocket first = CoherenceTest.connect(a, "");
        String token = CoherenceTest.on(a, first).token();
        clock.add(Duration.ofDays(1).plusSeconds(1)); // past the idle timeout, within the sync and touch intervals

        assertThat(resume(a, FakeSocket.open(), token).getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
        assertThat(store.data(token)).as("deleted, never carried over").isNull();
    }
}
