package io.github.wsmysqlsession.internal.store.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import io.github.wsmysqlsession.testing.TcpProxy;
import io.github.wsmysqlsession.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write whose commit reaches the database but whose answer is lost (the connection breaks after):
 * writes that may run twice are replayed on a new connection; an increment or a compare-and-set is
 * not (a replay would count twice or find its own value), and its failure says that the outcome is
 * unknown.
 */
class UnknownOutcomeIT {

    static final String TABLE = "session_unknown_outcome";
    static final long NOW = 2_000_000_000L;
    static final String TOKEN = "u".repeat(32);

    TcpProxy proxy;
    HikariDataSource pool;
    EntityManagerFactory emf;
    MySqlSessionStore store;

    @BeforeEach
    void start() {
        TestDatabase.recreateTable(TABLE);
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{\"c\":0,\"l\":[1]}')", TOKEN, NOW + 100);
        InetSocketAddress db = TestDatabase.address();
        proxy = new TcpProxy(db.getHostString(), db.getPort());
        pool = TestDatabase.newDataSource(TestDatabase.jdbcUrlVia("127.0.0.1", proxy.port()), 2);
        emf = TestDatabase.newEmf(pool);
        store = new MySqlSessionStore(emf, pool, SessionSettings.builder().tableName(TABLE)
                .queryTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void stop() {
        store.close();
        emf.close();
        pool.close();
        proxy.close();
    }

    static Map<String, String> stored() {
        return SessionDocument.parse(TestDatabase.queryString("SELECT data FROM " + TABLE + " WHERE sessionId = ?",
                TOKEN));
    }

    /** Runs a write whose reply is lost, then breaks its connection; returns what the write returned or threw. */
    private <T> CompletableFuture<T> withTheAnswerLost(Supplier<T> write) throws Exception {
        store.find(TOKEN); // a pooled connection, already open
        proxy.dropReplies();
        CompletableFuture<T> result = CompletableFuture.supplyAsync(write);
        Thread.sleep(500); // the statement has reached the database and committed; its answer is dropped
        proxy.resetConnections();
        result.handle((r, e) -> null).get(20, TimeUnit.SECONDS);
        return result;
    }

    @Test
    void anIncrementWhoseAnswerIsLostIsNotCountedTwiceAndSaysItsOutcomeIsUnknown() throws Exception {
        CompletableFuture<?> result = withTheAnswerLost(() -> store.increment(TOKEN, "c", 1, NOW + 200, NOW));
        assertThat(stored()).as("applied once, not replayed").containsEntry("c", "1");
        assertThatThrownBy(result::join).hasCauseInstanceOf(SessionUnavailableException.class)
                .cause().satisfies(e -> assertThat(((SessionUnavailableException) e).outcomeUnknown()).isTrue())
                .hasMessageContaining("may have been applied");
    }

    @Test
    void aCompareAndSetWhoseAnswerIsLostIsNotReplayed() throws Exception {
        String read = store.read(TOKEN, "l", NOW).orElseThrow().expected();
        CompletableFuture<?> result = withTheAnswerLost(() -> store.compareAndSet(TOKEN, "l", read, "[1,2]",
                NOW + 200, NOW));
        assertThat(stored()).containsEntry("l", "[1,2]");
        assertThatThrownBy(result::join).hasCauseInstanceOf(SessionUnavailableException.class);
    }

    @Test
    void aSetWhoseAnswerIsLostIsReplayedOnANewConnection() throws Exception {
        CompletableFuture<WriteOutcome> result = withTheAnswerLost(() -> store.put(TOKEN, Map.of("k", "\"v\""),
                NOW + 200, NOW));
        assertThat(result.join()).isEqualTo(WriteOutcome.DONE);
        assertThat(stored()).containsEntry("k", "\"v\"");
    }
}
