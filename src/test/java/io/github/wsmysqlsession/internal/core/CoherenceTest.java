package io.github.wsmysqlsession.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionGoneException;
import io.github.wsmysqlsession.SessionSettings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/**
 * One session, every connection (issue 10), through the store seam: connections of one server share
 * one state; two services on one in-memory store play two servers, brought in step by
 * {@code syncNow()} as the sync thread does every interval.
 */
class CoherenceTest {

    final MutableClock clock = MutableClock.of(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    final List<String> eventTokens = new CopyOnWriteArrayList<>();
    final SessionSettings settings = SessionSettings.builder().sweepInterval(Duration.ZERO).syncInterval(Duration.ZERO)
            .idleTimeout(Duration.ofHours(1)).build();
    InMemorySessionStore store;
    SessionService a;
    SessionService b;

    @BeforeEach
    void start() {
        store = new InMemorySessionStore(settings.maxDataBytes());
        a = service();
        b = service();
    }

    SessionService service() {
        SessionService s = new SessionService(store, settings, Tokens::secureRandom, EventSink.of(e -> {
            events.add(e);
            eventTokens.add(e.session().token());
        }), clock);
        s.start();
        return s;
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    static JsonObject reply(String frame) {
        return Json.createReader(new StringReader(frame)).readObject().getJsonObject("data");
    }

    static FakeSocket connect(SessionService server, String token) {
        FakeSocket socket = FakeSocket.open();
        reply(server.onMessage("{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}", socket.session()));
        return socket;
    }

    static SocketSession on(SessionService server, FakeSocket socket) {
        return server.sessionOf(socket.session());
    }

    /** @return the data of the gotToken frames the library pushed to a connection */
    static List<JsonObject> pushed(FakeSocket socket) {
        return socket.sent().stream().filter(f -> f.contains("gotToken")).map(CoherenceTest::reply).toList();
    }

    static JsonObject awaitPush(FakeSocket socket, String errors) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> pushed(socket).stream()
                .filter(p -> p.getString("errors").equals(errors)).findFirst().orElse(null), p -> p != null);
    }

    @Test
    void aValueOneConnectionCommitsIsWhatTheOtherReadsAtOnce() {
        FakeSocket one = connect(a, "");
        String token = on(a, one).token();
        FakeSocket two = connect(a, token);
        on(a, one).set("name", "Ada");
        assertThat(on(a, two).getString("name")).isEqualTo("Ada");
        on(a, two).remove("name");
        assertThat(on(a, one).getString("name")).isEmpty();
        assertThat(a.liveSessions()).isEqualTo(1);
    }

    @Test
    void anotherServersWriteIsReadAfterTheSync() {
        FakeSocket here = connect(a, "");
        String token = on(a, here).token();
        FakeSocket there = connect(b, token);
        on(b, there).set("cart", List.of(1, 2));
        assertThat(on(a, here).getString("cart")).as("not yet: the other server's commit").isEmpty();
        assertThat(a.syncNow()).isEqualTo(1);
        assertThat(on(a, here).getString("cart")).isEqualTo("[1,2]");
    }

    @Test
    void aWriteByTheNodePackageOnTheTableIsReadAfterTheSync() {
        FakeSocket here = connect(a, "");
        String token = on(a, here).token();
        store.putRow(token, store.expires(token), "{\"userId\":\"42\"}");
        a.syncNow();
        assertThat(on(a, here).getString("userId")).isEqualTo("42");
        assertThat(a.syncNow()).as("nothing changed since").isZero();
    }

    @Test
    void incrementsFromConnectionsOnTwoServersAllCount() throws Exception {
        FakeSocket x = connect(a, "");
        String token = on(a, x).token();
        FakeSocket y = connect(b, token);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                SocketSession s = t % 2 == 0 ? on(a, x) : on(b, y);
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        s.increment("counter", 1);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(SessionDocument.parse(store.data(token))).containsEntry("counter", "1000");
        assertThat(on(a, x).increment("counter", -1000)).isZero();
    }

    @Test
    void anUpdateThatLosesARaceReadsAgainAndLosesNothing() {
        FakeSocket x = connect(a, "");
        String token = on(a, x).token();
        on(a, x).set("notes", List.of("first"));
        AtomicInteger calls = new AtomicInteger();
        String[] stored = on(a, x).update("notes", String[].class, notes -> {
            if (calls.incrementAndGet() == 1) {
                // another server appends between this read and the compare-and-set
                store.putRow(token, store.expires(token), "{\"notes\":[\"first\",\"theirs\"]}");
            }
            String[] next = java.util.Arrays.copyOf(notes, notes.length + 1);
            next[notes.length] = "mine";
            return next;
        });
        assertThat(calls).hasValue(2);
        assertThat(stored).containsExactly("first", "theirs", "mine");
        assertThat(SessionDocument.parse(store.data(token))).containsEntry("notes", "[\"first\",\"theirs\",\"mine\"]");
        assertThat(on(a, x).get("notes", String[].class)).hasValueSatisfying(n -> assertThat(n).hasSize(3));
    }

    @Test
    void incrementOfAKeyThatHoldsTextIsRefusedAndWritesNothing() {
        FakeSocket x = connect(a, "");
        on(a, x).set("counter", "ten");
        assertThatThrownBy(() -> on(a, x).increment("counter", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not an integer");
        assertThat(on(a, x).getString("counter")).isEqualTo("ten");
    }

    @Test
    void aLogOutOnOneConnectionEndsTheSessionOnTheServersOtherConnectionsBeforeItReturns() {
        FakeSocket one = connect(a, "");
        String old = on(a, one).token();
        on(a, one).set("userId", "42");
        FakeSocket two = connect(a, old);
        events.clear();
        eventTokens.clear();
        on(a, one).invalidate();
        assertThat(on(a, two).getString("userId")).as("before invalidate returned").isEmpty();
        String mine = on(a, one).token();
        String theirs = on(a, two).token();
        assertThat(theirs).isNotEmpty().isNotEqualTo(old).isNotEqualTo(mine);
        assertThat(store.data(theirs)).isEqualTo("{}");
        assertThat(awaitPush(two, Protocol.SESSION_ENDED).getString("token")).isEqualTo(theirs);
        assertThat(pushed(one)).extracting(p -> p.getString("token")).containsExactly(mine);
        assertThat(events).extracting(SessionEvent::kind)
                .containsExactlyInAnyOrder(SessionEvent.Kind.INVALIDATED, SessionEvent.Kind.ENDED);
        int invalidated = events.stream().map(SessionEvent::kind).toList().indexOf(SessionEvent.Kind.INVALIDATED);
        assertThat(eventTokens.get(invalidated)).as("INVALIDATED is fired on the new session, as documented")
                .isEqualTo(mine);
    }

    @Test
    void aRotationNeverHandsTheOtherConnectionsTheNewToken() {
        FakeSocket one = connect(a, "");
        String old = on(a, one).token();
        on(a, one).set("userId", "42");
        FakeSocket two = connect(a, old);
        FakeSocket three = connect(b, old);
        String rotated = on(a, one).regenerate();
        assertThat(on(a, one).getString("userId")).isEqualTo("42");
        assertThat(on(a, two).token()).isNotEqualTo(rotated).isNotEqualTo(old);
        assertThat(on(a, two).getString("userId")).isEmpty();
        b.syncNow();
        assertThat(on(b, three).token()).isNotEqualTo(rotated).isNotEqualTo(old);
        for (FakeSocket other : List.of(two, three)) {
            assertThat(awaitPush(other, Protocol.SESSION_ENDED).getString("token")).isNotEqualTo(rotated);
            assertThat(pushed(other)).noneMatch(p -> p.getString("token").equals(rotated));
        }
    }

    @Test
    void aRowDeletedByAnyoneEndsTheSessionOnEveryServerAtTheSync() {
        FakeSocket here = connect(a, "");
        String token = on(a, here).token();
        on(a, here).set("userId", "42");
        FakeSocket there = connect(b, token);
        store.delete(token); // the sweeper, the Node package, or an operator
        a.syncNow();
        b.syncNow();
        for (FakeSocket s : List.of(here, there)) {
            awaitPush(s, Protocol.SESSION_ENDED);
        }
        assertThat(on(a, here).getString("userId")).isEmpty();
        assertThatThrownBy(() -> on(b, there).get("userId", String.class).orElseThrow())
                .isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void anExpiredSessionEndsOnItsOpenConnectionsAsExpired() {
        FakeSocket here = connect(a, "");
        String token = on(a, here).token();
        clock.add(Duration.ofHours(1).plusSeconds(1));
        a.syncNow();
        JsonObject got = awaitPush(here, Protocol.SESSION_EXPIRED);
        assertThat(got.getString("token")).isNotEqualTo(token).isEqualTo(on(a, here).token());
        assertThat(events).extracting(SessionEvent::kind).contains(SessionEvent.Kind.EXPIRED);
    }

    @Test
    void aWriteOnAConnectionWhoseSessionEndedElsewhereFailsAndWritesNothing() {
        FakeSocket here = connect(a, "");
        String token = on(a, here).token();
        FakeSocket there = connect(b, token);
        on(b, there).invalidate();
        assertThatThrownBy(() -> on(a, here).set("late", 1)).isInstanceOf(SessionGoneException.class);
        awaitPush(here, Protocol.SESSION_ENDED);
        assertThat(store.data(token)).isNull();
        on(a, here).set("late", 1);
        assertThat(SessionDocument.parse(store.data(on(a, here).token()))).containsOnlyKeys("late");
    }

    @Test
    void observersRunWithoutTheLibrarysLocks() throws Exception {
        a.close();
        AtomicReference<Throwable> fromOtherThread = new AtomicReference<>();
        ExecutorService other = Executors.newSingleThreadExecutor();
        a = new SessionService(store, settings, Tokens::secureRandom, EventSink.of(e -> {
            if (e.kind() == SessionEvent.Kind.ROTATED) {
                // another thread uses the connection while the observer runs: a held lock would block it
                Future<?> use = other.submit(() -> {
                    e.session().set("seen", true);
                    e.session().invalidate();
                });
                try {
                    use.get(5, TimeUnit.SECONDS);
                } catch (Exception ex) {
                    fromOtherThread.set(ex);
                }
            }
        }), clock);
        try {
            FakeSocket socket = connect(a, "");
            on(a, socket).regenerate();
            assertThat(fromOtherThread.get()).isNull();
            assertThat(on(a, socket).keys()).isEmpty(); // the other thread's log-out came after the rotation
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aPushedTokenWaitsForAConnectionBusySendingAndArrives() {
        FakeSocket one = connect(a, "");
        String token = on(a, one).token();
        FakeSocket two = connect(a, token);
        two.busyFor(50); // the application's thread is sending on it
        on(a, one).invalidate();
        awaitPush(two, Protocol.SESSION_ENDED);
        assertThat(two.closed()).isFalse();
    }

    @Test
    void aConnectionThatCannotBeSentItsNewTokenIsClosed() {
        FakeSocket one = connect(a, "");
        String token = on(a, one).token();
        FakeSocket two = connect(a, token);
        two.breakSends();
        on(a, one).invalidate();
        await().atMost(Duration.ofSeconds(5)).until(two::closed);
    }

    @Test
    void withDeferredWritesAnotherThreadsSetIsWrittenAtOnce() throws Exception {
        a.close();
        a = new SessionService(store, settings.toBuilder().deferWrites(true).build(), Tokens::secureRandom,
                EventSink.NONE, clock);
        FakeSocket socket = connect(a, "");
        String token = on(a, socket).token();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            a.runHandler(socket.session(), () -> {
                on(a, socket).set("handler", 1);
                other.submit(() -> on(a, socket).set("pusher", 2)).get(5, TimeUnit.SECONDS);
                assertThat(SessionDocument.parse(store.data(token))).as("while the handler runs")
                        .containsOnlyKeys("pusher");
                return null;
            });
        } finally {
            other.shutdownNow();
        }
        assertThat(SessionDocument.parse(store.data(token))).containsOnlyKeys("pusher", "handler");
    }

    @Test
    void deferredWritesOfASessionThatEndedWhileTheHandlerRanAreNotWrittenToTheNextOne() {
        a.close();
        a = new SessionService(store, settings.toBuilder().deferWrites(true).build(), Tokens::secureRandom,
                EventSink.NONE, clock);
        FakeSocket socket = connect(a, "");
        String token = on(a, socket).token();
        FakeSocket elsewhere = connect(b, token);
        assertThatThrownBy(() -> a.runHandler(socket.session(), () -> {
            on(a, socket).set("cart", 3);
            on(b, elsewhere).invalidate();
            a.syncNow();
            return null;
        })).isInstanceOf(SessionGoneException.class);
        assertThat(store.data(on(a, socket).token())).isEqualTo("{}");
    }
}
