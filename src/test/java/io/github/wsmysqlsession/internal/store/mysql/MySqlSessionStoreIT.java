package io.github.wsmysqlsession.internal.store.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SessionTooLargeException;
import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.store.Increment;
import io.github.wsmysqlsession.internal.store.KeyRead;
import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import io.github.wsmysqlsession.testing.RecordingDataSource;
import io.github.wsmysqlsession.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL of the store against a real MariaDB: one-statement reads and writes over JDBC in
 * auto-commit, rotations and sweeps in JPA transactions with Hibernate.
 */
class MySqlSessionStoreIT {

    static final String TABLE = "session_repo";
    static final long NOW = 2_000_000_000L;
    static ExecutorService pool;

    MySqlSessionStore repo;

    @BeforeAll
    static void setUp() {
        pool = Executors.newFixedThreadPool(16); // per test class: a subclass runs the cases again
        TestDatabase.recreateTable(TABLE);
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    @BeforeEach
    void empty() {
        TestDatabase.execute("DELETE FROM " + TABLE);
        repo = repository(settings(TABLE).build());
    }

    /** @return the pool the store's statements run on; a subclass runs every case on another */
    DataSource dataSource() {
        return TestDatabase.dataSource();
    }

    MySqlSessionStore repository(SessionSettings settings) {
        return new MySqlSessionStore(TestDatabase.emf(), dataSource(), settings);
    }

    static WriteOutcome put(MySqlSessionStore store, String token, String key, String json, long expires, long now) {
        return store.put(token, Map.of(key, json), expires, now);
    }

    static SessionSettings.Builder settings(String table) {
        return SessionSettings.builder().tableName(table).sweepInterval(Duration.ZERO);
    }

    static String token(int i) {
        return String.format("tok%029d", i);
    }

    static String data(String token) {
        return TestDatabase.queryString("SELECT data FROM " + TABLE + " WHERE sessionId = ?", token);
    }

    @Test
    void sixteenConcurrentWritersOfDifferentKeysLoseNothing() throws Exception {
        String token = token(1);
        repo.insert(token, NOW + 100, "{\"existing\":true}");
        List<Callable<WriteOutcome>> writes = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            for (int k = 0; k < 20; k++) {
                String key = "w" + w + "k" + k;
                writes.add(() -> put(repo, token, key, "\"" + key + "\"", NOW + 200, NOW));
            }
        }
        for (Future<WriteOutcome> f : pool.invokeAll(writes)) {
            assertThat(f.get()).isEqualTo(WriteOutcome.DONE);
        }
        assertThat(SessionDocument.parse(data(token))).hasSize(16 * 20 + 1).containsEntry("existing", "true");
    }

    @Test
    void writesToAnExpiredOrMissingRowChangeNothing() {
        String token = token(2);
        repo.insert(token, NOW - 1, "{\"a\":1}");
        assertThat(put(repo, token, "b", "2", NOW + 100, NOW)).isEqualTo(WriteOutcome.GONE);
        assertThat(repo.remove(token, "a", NOW + 100, NOW)).isEqualTo(WriteOutcome.GONE);
        assertThat(repo.replace(token, "{}", NOW + 100, NOW)).isEqualTo(WriteOutcome.GONE);
        assertThat(repo.touch(token, NOW + 100, NOW)).isEqualTo(WriteOutcome.GONE);
        assertThat(repo.rotate(token, token(3), NOW + 100, NOW)).isEmpty();
        assertThat(data(token)).isEqualTo("{\"a\":1}");
        assertThat(put(repo, token(99), "b", "2", NOW + 100, NOW)).isEqualTo(WriteOutcome.GONE);
    }

    @Test
    void aPutOverTheSizeLimitIsRefusedAndTheRowIsUnchanged() {
        MySqlSessionStore small = repository(settings(TABLE).maxDataBytes(100).build());
        String token = token(4);
        small.insert(token, NOW + 100, "{\"a\":1}");
        assertThat(put(small, token, "b", "\"" + "x".repeat(100) + "\"", NOW + 100, NOW)).isEqualTo(WriteOutcome.TOO_LARGE);
        assertThat(data(token)).isEqualTo("{\"a\":1}");
        assertThat(put(small, token, "b", "\"short\"", NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
    }

    @Test
    void rowsWithNullOrEmptyDataAcceptWrites() {
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, NULL), (?, ?, '')", token(5), NOW + 9, token(6),
                NOW + 9);
        assertThat(put(repo, token(5), "k", "1", NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(put(repo, token(6), "k", "1", NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(SessionDocument.parse(data(token(5)))).containsEntry("k", "1");
        assertThat(SessionDocument.parse(data(token(6)))).containsEntry("k", "1");
    }

    @Test
    void corruptDataIsReportedNotOverwritten() {
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, 'not json')", token(7), NOW + 9);
        assertThatThrownBy(() -> put(repo, token(7), "k", "1", NOW + 100, NOW))
                .isInstanceOf(SessionStoreException.class).hasMessageContaining("not a JSON object");
        assertThat(data(token(7))).isEqualTo("not json");
    }

    @Test
    void sweepDeletesOnlyExpiredRowsInBatchesAndTwoSweepersDeleteEachRowOnce() throws Exception {
        for (int i = 0; i < 450; i++) {
            TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{}')", token(1000 + i), NOW - 1 - i % 7);
        }
        for (int i = 0; i < 5; i++) {
            repo.insert(token(5000 + i), NOW, "{}");
        }
        MySqlSessionStore other = repository(settings(TABLE).build());
        Callable<Integer> sweepA = () -> sweepAll(repo);
        Callable<Integer> sweepB = () -> sweepAll(other);
        int deleted = 0;
        for (Future<Integer> f : pool.invokeAll(List.of(sweepA, sweepB))) {
            deleted += f.get();
        }
        assertThat(deleted).isEqualTo(450);
        assertThat(TestDatabase.count(TABLE)).isEqualTo(5);
        assertThat(repo.deleteExpired(NOW, 100)).isZero();
    }

    private static int sweepAll(MySqlSessionStore r) {
        int total = 0;
        int n;
        do {
            n = r.deleteExpired(NOW, 50);
            assertThat(n).isLessThanOrEqualTo(50);
            total += n;
        } while (n > 0);
        return total;
    }

    @Test
    void rotateMovesTheDataAndDeletesTheOldRowTogether() {
        repo.insert(token(8), NOW + 100, "{\"a\":1}");
        assertThat(repo.rotate(token(8), token(9), NOW + 200, NOW)).contains("{\"a\":1}");
        assertThat(data(token(8))).isNull();
        assertThat(data(token(9))).isEqualTo("{\"a\":1}");
    }

    @Test
    void fingerprintsMatchWhatJavaComputesAndFindMissingRows() {
        repo.insert(token(30), NOW + 100, "{\"a\":[1,2],\"é\":\"ü\"}");
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, NULL)", token(31), NOW + 9);
        RowFingerprint[] found = repo.fingerprints(List.of(token(32), token(31), token(30)));
        assertThat(found[0]).isNull();
        assertThat(found[1]).isEqualTo(new RowFingerprint(NOW + 9, -1, -1));
        assertThat(found[2]).isEqualTo(RowFingerprint.of(repo.find(token(30)).orElseThrow()));
        put(repo, token(30), "b", "1", NOW + 100, NOW);
        assertThat(repo.fingerprints(List.of(token(30)))[0].sameData(found[2])).isFalse();
        assertThat(repo.findAll(List.of(token(30), token(32)))).containsOnlyKeys(token(30));
    }

    /**
     * Fingerprints by key ranges where the table holds mostly the server's own sessions, by look-ups
     * where it holds many others (and ranges again after {@link BatchReads#RETRY_RANGES} passes):
     * the same answer either way.
     */
    @Test
    void fingerprintsAreReadByRangesWhereTheTableIsDenseInOurKeysElseByLookUps() {
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            String t = token(100_000 + i * 5);
            ours.add(t);
            TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{}')", t, NOW + 100);
        }
        RecordingDataSource recorded = new RecordingDataSource(dataSource());
        MySqlSessionStore store = new MySqlSessionStore(TestDatabase.emf(), recorded.dataSource(),
                settings(TABLE).build());
        try {
            RowFingerprint[] byRanges = store.fingerprints(ours);
            assertThat(byRanges).hasSize(1200).doesNotContainNull();
            assertThat(recorded.queries()).hasSize(3).allMatch(q -> q.contains("BETWEEN"));
            // other servers' sessions between ours: 5 rows in the ranges per key of ours
            for (int i = 0; i < 1200; i++) {
                for (int j = 1; j <= 4; j++) {
                    TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{}')", token(100_000 + i * 5 + j),
                            NOW + 100);
                }
            }
            store.fingerprints(ours); // ranges, which find the table sparse in our keys
            recorded.queries().clear();
            assertThat(store.fingerprints(ours)).isEqualTo(byRanges);
            assertThat(recorded.queries()).hasSize(3).noneMatch(q -> q.contains("BETWEEN"));
        } finally {
            store.close();
        }
    }

    @Test
    void fingerprintsOfHashedTokensComeBackByToken() {
        MySqlSessionStore hashed = repository(settings(TABLE).hashTokens(true).build());
        try {
            hashed.insert(token(33), NOW + 100, "{}");
            assertThat(hashed.fingerprints(List.of(token(33), token(34)))).satisfiesExactly(
                    f -> assertThat(f).isNotNull(), f -> assertThat(f).isNull());
            assertThat(hashed.findAll(List.of(token(33)))).containsOnlyKeys(token(33));
            assertThat(TestDatabase.queryString("SELECT COUNT(*) FROM " + TABLE + " WHERE sessionId = ?", token(33)))
                    .isEqualTo("0");
        } finally {
            hashed.close();
        }
    }

    @Test
    void incrementReturnsTheNewValueInOneStatementForAnyLong() {
        repo.insert(token(34), NOW + 100, "{\"s\":\"text\",\"n\":null}");
        assertThat(repo.increment(token(34), "c", 5, NOW + 200, NOW)).isEqualTo(new Increment(WriteOutcome.DONE, 5));
        assertThat(repo.increment(token(34), "c", -5, NOW + 200, NOW)).isEqualTo(new Increment(WriteOutcome.DONE, 0));
        assertThat(repo.increment(token(34), "c", -7, NOW + 200, NOW)).isEqualTo(new Increment(WriteOutcome.DONE, -7));
        assertThat(repo.increment(token(34), "n", 1, NOW + 200, NOW)).as("JSON null counts as 0")
                .isEqualTo(new Increment(WriteOutcome.DONE, 1));
        assertThat(repo.increment(token(34), "big", Long.MAX_VALUE, NOW + 200, NOW).value()).isEqualTo(Long.MAX_VALUE);
        assertThat(repo.increment(token(34), "small", Long.MIN_VALUE, NOW + 200, NOW).value()).isEqualTo(Long.MIN_VALUE);
        assertThat(repo.increment(token(34), "s", 1, NOW + 200, NOW).outcome()).isEqualTo(WriteOutcome.NOT_AN_INTEGER);
        assertThat(repo.increment(token(99), "c", 1, NOW + 200, NOW).outcome()).isEqualTo(WriteOutcome.GONE);
        assertThat(SessionDocument.parse(data(token(34)))).containsEntry("c", "-7").containsEntry("s", "\"text\"")
                .containsEntry("big", Long.toString(Long.MAX_VALUE));
        assertThat(TestDatabase.queryString("SELECT expires FROM " + TABLE + " WHERE sessionId = ?", token(34)))
                .isEqualTo(Long.toString(NOW + 200));
    }

    @Test
    void anIncrementPastTheLongRangeFailsAndWritesNothing() {
        repo.insert(token(35), NOW + 100, "{\"c\":" + Long.MAX_VALUE + "}");
        assertThatThrownBy(() -> repo.increment(token(35), "c", 1, NOW + 200, NOW))
                .isInstanceOf(SessionStoreException.class).hasMessageContaining("out of range");
        assertThat(SessionDocument.parse(data(token(35)))).containsEntry("c", Long.toString(Long.MAX_VALUE));
    }

    @Test
    void sixteenConcurrentIncrementsOfOneKeyAllCount() throws Exception {
        repo.insert(token(36), NOW + 100, "{}");
        List<Callable<Increment>> adds = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            adds.add(() -> repo.increment(token(36), "c", 1, NOW + 200, NOW));
        }
        List<Long> values = new ArrayList<>();
        for (Future<Increment> f : pool.invokeAll(adds)) {
            assertThat(f.get().outcome()).isEqualTo(WriteOutcome.DONE);
            values.add(f.get().value());
        }
        assertThat(values).as("each increment saw its own new value").doesNotHaveDuplicates().hasSize(320);
        assertThat(SessionDocument.parse(data(token(36)))).containsEntry("c", "320");
    }

    @Test
    void compareAndSetWritesOnlyWhenTheKeyStillHoldsWhatWasRead() {
        repo.insert(token(37), NOW + 100, "{\"l\":[1,2]}");
        KeyRead read = repo.read(token(37), "l", NOW).orElseThrow();
        assertThat(read.json()).isEqualTo("[1, 2]");
        assertThat(repo.read(token(37), "absent", NOW).orElseThrow().json()).isNull();
        put(repo, token(37), "l", "[1,2,3]", NOW + 100, NOW); // someone else changes it first
        assertThat(repo.compareAndSet(token(37), "l", read.expected(), "[9]", NOW + 200, NOW))
                .isEqualTo(WriteOutcome.CONFLICT);
        KeyRead again = repo.read(token(37), "l", NOW).orElseThrow();
        assertThat(repo.compareAndSet(token(37), "l", again.expected(), "[1,2,3,4]", NOW + 200, NOW))
                .isEqualTo(WriteOutcome.DONE);
        assertThat(repo.compareAndSet(token(37), "new", null, "\"x\"", NOW + 200, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(SessionDocument.parse(data(token(37)))).containsEntry("l", "[1,2,3,4]").containsEntry("new", "\"x\"");
        assertThat(repo.compareAndSet(token(98), "l", null, "1", NOW + 200, NOW)).isEqualTo(WriteOutcome.GONE);
        assertThat(repo.read(token(98), "l", NOW)).isEmpty();
    }

    @Test
    void compareAndSetMatchesStringsBooleansNumbersAndObjectsAsRead() {
        // JSON_EXTRACT of a string compares as its unquoted content: the expected '"x"' never matched
        repo.insert(token(38), NOW + 100, "{\"s\":\"x\",\"b\":true,\"n\":1.50,\"o\":{\"k\":[1,\"y\"]}}");
        for (String key : List.of("s", "b", "n", "o")) {
            KeyRead read = repo.read(token(38), key, NOW).orElseThrow();
            assertThat(repo.compareAndSet(token(38), key, read.expected(), "\"new\"", NOW + 200, NOW)).as(key)
                    .isEqualTo(WriteOutcome.DONE);
        }
        assertThat(SessionDocument.parse(data(token(38)))).containsOnly(Map.entry("s", "\"new\""),
                Map.entry("b", "\"new\""), Map.entry("n", "\"new\""), Map.entry("o", "\"new\""));
    }

    @Test
    void aColumnNarrowedAfterTheStartIsReportedAsTooLargeNotAsAGenericError() {
        String narrow = "session_narrowed";
        TestDatabase.recreateTable(narrow);
        MySqlSessionStore store = repository(settings(narrow).build());
        try {
            store.prepareTable(false);
            TestDatabase.execute("ALTER TABLE " + narrow + " MODIFY data VARCHAR(50) COLLATE utf8_bin");
            assertThatThrownBy(() -> store.insert(token(39), NOW + 100, "{\"k\":\"" + "x".repeat(80) + "\"}"))
                    .isInstanceOf(SessionTooLargeException.class).hasMessageContaining("websocket.session.maxDataBytes")
                    .hasMessageContaining("nothing was written");
            assertThat(TestDatabase.count(narrow)).isZero();
        } finally {
            store.close();
            TestDatabase.execute("DROP TABLE " + narrow);
        }
    }

    @Test
    void missingTableErrorShowsTheCreateStatementAndCreateTableMakesIt() {
        TestDatabase.execute("DROP TABLE IF EXISTS session_missing");
        MySqlSessionStore missing = repository(settings("session_missing").build());
        assertThatThrownBy(() -> missing.prepareTable(false)).isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("`session_missing` does not exist")
                .hasMessageContaining("CREATE TABLE `session_missing`")
                .hasMessageContaining("websocket.session.createTable=true");
        assertThatThrownBy(() -> missing.find(token(1))).isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("CREATE TABLE `session_missing`");
        missing.prepareTable(true);
        missing.insert(token(1), NOW, "{}");
        assertThat(missing.find(token(1))).isPresent();
        missing.prepareTable(true);
        TestDatabase.execute("DROP TABLE session_missing");
    }

    @Test
    void aStatementBlockedByALockFailsAfterTheQueryTimeout() throws Exception {
        MySqlSessionStore impatient = repository(settings(TABLE).queryTimeout(Duration.ofSeconds(1)).build());
        String token = token(10);
        impatient.insert(token, NOW + 100, "{}");
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeQuery("SELECT * FROM " + TABLE + " WHERE sessionId = '" + token + "' FOR UPDATE").close();
            long start = System.nanoTime();
            assertThatThrownBy(() -> put(impatient, token, "k", "1", NOW + 100, NOW))
                    .isInstanceOf(SessionUnavailableException.class).hasMessageContaining("did not answer within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded wait").isLessThan(Duration.ofSeconds(20));
            c.rollback();
        }
        assertThat(data(token)).isEqualTo("{}");
    }

    @Test
    void aTransactionAbortedByADeadlockIsReplayed() throws Exception {
        assertThat(deadlockedRotation(settings(TABLE).build())).isEmpty();
        assertThat(data(token(21))).isNull();
        assertThat(data(token(22))).isEqualTo("{\"a\":1}");
    }

    @Test
    void withoutRetriesTheDeadlockIsReported() throws Exception {
        assertThat(deadlockedRotation(settings(TABLE).writeRetries(0).build()))
                .hasValueSatisfying(e -> assertThat(e).isInstanceOf(SessionUnavailableException.class)
                        .hasMessageContaining("Deadlock").hasMessageContaining("writeRetries=0"));
        assertThat(data(token(21))).isEqualTo("{\"a\":1}");
    }

    /**
     * Makes InnoDB abort {@code rotate(21 -> 22)} as a deadlock victim: another transaction holds
     * the new row 22 (an uncommitted insert), the rotation locks row 21 and waits for 22, then the
     * other transaction asks for 21. The rotation has changed nothing yet, so it is the lighter
     * transaction and the victim.
     *
     * @return what the rotation threw, or empty when it succeeded
     */
    private java.util.Optional<Throwable> deadlockedRotation(SessionSettings settings) throws Exception {
        MySqlSessionStore r = repository(settings);
        r.insert(token(21), NOW + 100, "{\"a\":1}");
        try (Connection other = TestDatabase.dataSource().getConnection(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.executeUpdate("INSERT INTO " + TABLE + " VALUES ('" + token(22) + "', " + (NOW + 100) + ", '{}')");
            Future<java.util.Optional<String>> rotation = pool.submit(() -> r.rotate(token(21), token(22), NOW + 200, NOW));
            waitForLockWait();
            s.executeQuery("SELECT * FROM " + TABLE + " WHERE sessionId = '" + token(21) + "' FOR UPDATE").close();
            other.rollback();
            try {
                assertThat(rotation.get()).contains("{\"a\":1}");
                return java.util.Optional.empty();
            } catch (java.util.concurrent.ExecutionException e) {
                return java.util.Optional.of(e.getCause());
            }
        }
    }

    /** Waits until the rotation's insert waits for the row lock. */
    private static void waitForLockWait() {
        // Needs no PROCESS privilege: a user sees its own connections' statements.
        await("the rotation waits for the lock").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> TestDatabase.queryString("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        + " WHERE INFO LIKE 'INSERT INTO `" + TABLE + "`%' AND ID <> CONNECTION_ID()"), n -> !"0".equals(n));
    }
}
