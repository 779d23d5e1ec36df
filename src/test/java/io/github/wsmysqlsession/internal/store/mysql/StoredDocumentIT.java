package io.github.wsmysqlsession.internal.store.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.store.KeyRead;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import io.github.wsmysqlsession.testing.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the store writes into {@code data}, in a strict {@code sql_mode} (MariaDB's default) and in a
 * non-strict one, where the database stores what a JSON function returns (truncated text,
 * {@code NULL}) with a mere warning: never more than {@code maxDataBytes}, never anything but a JSON
 * object, and a refusal only where the result would not fit (issue 11, items 1 and 2).
 */
@ParameterizedClass(name = "sql_mode=''{0}''")
@ValueSource(strings = {"STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION", ""})
class StoredDocumentIT {

    static final String TABLE = "session_document";
    static final long NOW = 2_000_000_000L;
    static final String TOKEN = "tok00000000000000000000000000001";

    @Parameter
    String sqlMode;

    static HikariDataSource dataSource;
    static EntityManagerFactory emf;
    static String mode;

    @BeforeAll
    static void table() {
        TestDatabase.recreateTable(TABLE);
    }

    @AfterAll
    static void close() {
        if (emf != null) {
            emf.close();
            dataSource.close();
            emf = null;
            mode = null;
        }
    }

    @BeforeEach
    void connections() {
        if (!sqlMode.equals(mode)) {
            close();
            dataSource = TestDatabase.newDataSource(TestDatabase.jdbcUrl(), 4, "SET SESSION sql_mode = '" + sqlMode + "'");
            emf = TestDatabase.newEmf(dataSource);
            mode = sqlMode;
        }
        TestDatabase.execute("DELETE FROM " + TABLE);
    }

    MySqlSessionStore store(int maxDataBytes) {
        MySqlSessionStore store = new MySqlSessionStore(emf, dataSource, SessionSettings.builder().tableName(TABLE)
                .sweepInterval(Duration.ZERO).maxDataBytes(maxDataBytes).build());
        store.prepareTable(false);
        return store;
    }

    static String data() {
        return TestDatabase.queryString("SELECT data FROM " + TABLE + " WHERE sessionId = ?", TOKEN);
    }

    static long length() {
        return Long.parseLong(TestDatabase.queryString("SELECT COALESCE(LENGTH(data), -1) FROM " + TABLE
                + " WHERE sessionId = ?", TOKEN));
    }

    static String zeros(int n) {
        return "[" + "0,".repeat(n - 1) + "0]";
    }

    @Test
    void thirtyThousandZerosAre60001BytesButStoredRespacedWouldBe90000SoTheSetIsRefused() {
        MySqlSessionStore store = store(65_535);
        store.insert(TOKEN, NOW + 100, "{\"a\":1}");
        String ids = zeros(30_000);
        assertThat(ids).hasSize(60_001);

        assertThat(store.put(TOKEN, Map.of("ids", ids), NOW + 100, NOW)).isEqualTo(WriteOutcome.TOO_LARGE);
        assertThat(data()).isEqualTo("{\"a\":1}");
        // 20,000 of them re-spaced are 60,001 bytes: that fits and is stored
        assertThat(store.put(TOKEN, Map.of("ids", zeros(20_000)), NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(length()).isBetween(60_000L, 65_535L);
    }

    /**
     * Random shapes (numbers, nested arrays and objects, long strings, many small keys) written by
     * every kind of write into a small limit: nothing stored is ever longer than the limit, and every
     * refusal is of a write whose result, as the database computes it, would not fit.
     */
    @Test
    void noWriteOfAnyShapeStoresMoreThanTheLimitAndOnlyWritesThatDoNotFitAreRefused() {
        int max = 600;
        MySqlSessionStore store = store(max);
        store.insert(TOKEN, NOW + 100, "{}");
        Random random = new Random(11);
        int refused = 0;
        int done = 0;
        for (int i = 0; i < 400; i++) {
            String key = "k" + random.nextInt(12);
            String value = randomValue(random, 0);
            String before = data();
            WriteOutcome outcome;
            String wouldBe;
            int kind = random.nextInt(4);
            switch (kind) {
                case 0, 1 -> {
                    outcome = store.put(TOKEN, Map.of(key, value), NOW + 100, NOW);
                    wouldBe = "JSON_SET(?, ?, JSON_EXTRACT(?, '$'))";
                }
                case 2 -> {
                    KeyRead read = store.read(TOKEN, key, NOW).orElseThrow();
                    outcome = store.compareAndSet(TOKEN, key, read.expected(), value, NOW + 100, NOW);
                    wouldBe = "JSON_SET(?, ?, JSON_EXTRACT(?, '$'))";
                }
                default -> {
                    outcome = store.remove(TOKEN, key, NOW + 100, NOW);
                    wouldBe = "JSON_REMOVE(?, ?)";
                    value = null;
                }
            }
            assertThat(length()).as("after write %d", i).isLessThanOrEqualTo(max);
            assertThat(SessionDocument.parse(data())).isNotNull();
            if (outcome == WriteOutcome.TOO_LARGE) {
                refused++;
                assertThat(data()).isEqualTo(before);
                String path = JsonPaths.path(key);
                long result = Long.parseLong(value == null
                        ? TestDatabase.queryString("SELECT LENGTH(" + wouldBe + ")", before, path)
                        : TestDatabase.queryString("SELECT LENGTH(" + wouldBe + ")", before, path, value));
                assertThat(result).as("a refused write (%d) of %s to %s", kind, value, before).isGreaterThan(max);
            } else {
                assertThat(outcome).isEqualTo(WriteOutcome.DONE);
                done++;
            }
        }
        assertThat(refused).as("refusals").isGreaterThan(20);
        assertThat(done).as("writes done").isGreaterThan(100);
    }

    private static String randomValue(Random random, int depth) {
        return switch (depth > 2 ? random.nextInt(3) : random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt(1000));
            case 1 -> "\"" + "x".repeat(random.nextInt(200)) + "\"";
            case 2 -> "true";
            case 3 -> zeros(1 + random.nextInt(120));
            case 4 -> {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i >= 0; i--) {
                    array.append(randomValue(random, depth + 1)).append(i > 0 ? "," : "");
                }
                yield array.append(']').toString();
            }
            default -> {
                Map<String, String> object = new LinkedHashMap<>();
                for (int i = random.nextInt(8); i >= 0; i--) {
                    object.put("m" + i, randomValue(random, depth + 1));
                }
                yield SessionDocument.render(object);
            }
        };
    }

    @Test
    void removingAKeyOfACompactDocumentNearTheLimitIsRefusedWhenTheRespacedRestWouldNotFit() {
        MySqlSessionStore store = store(400);
        // as the Node package writes it: JSON.stringify, no spaces; JSON_REMOVE re-spaces the rest
        String compact = "{\"list\":" + zeros(150) + ",\"b\":1}";
        assertThat(compact).hasSizeLessThanOrEqualTo(400);
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, ?)", TOKEN, NOW + 100, compact);

        assertThat(store.remove(TOKEN, "b", NOW + 100, NOW)).isEqualTo(WriteOutcome.TOO_LARGE);
        assertThat(data()).isEqualTo(compact);
        assertThat(store.remove(TOKEN, "list", NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(SessionDocument.parse(data())).containsOnlyKeys("b");
    }

    @Test
    void aDocumentThatIsNotJsonIsReportedAndLeftAsItWasByEveryWrite() {
        MySqlSessionStore store = store(65_535);
        for (String bad : new String[] {"not json", "{\"a\":1", "[1,2]", "\"text\"", "  [1]"}) {
            TestDatabase.execute("DELETE FROM " + TABLE);
            TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, ?)", TOKEN, NOW + 100, bad);
            assertThatThrownBy(() -> store.put(TOKEN, Map.of("k", "1"), NOW + 100, NOW)).as(bad)
                    .isInstanceOf(SessionStoreException.class).hasMessageContaining("not a JSON object");
            assertThatThrownBy(() -> store.remove(TOKEN, "a", NOW + 100, NOW)).as(bad)
                    .isInstanceOf(SessionStoreException.class).hasMessageContaining("not a JSON object");
            assertThatThrownBy(() -> store.increment(TOKEN, "n", 1, NOW + 100, NOW)).as(bad)
                    .isInstanceOf(SessionStoreException.class).hasMessageContaining("not a JSON object");
            assertThat(data()).as(bad).isEqualTo(bad);
        }
    }

    @Test
    void aDocumentWithLeadingWhitespaceIsStillAnObject() {
        MySqlSessionStore store = store(65_535);
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, ?)", TOKEN, NOW + 100, " \n{\"a\":1}");
        assertThat(store.put(TOKEN, Map.of("k", "1"), NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(SessionDocument.parse(data())).containsEntry("a", "1").containsEntry("k", "1");
    }

    @Test
    void aValueNestedDeeperThanTheDatabaseStoresIsRefusedBeforeItCanWipeTheSession() {
        MySqlSessionStore store = store(65_535);
        store.insert(TOKEN, NOW + 100, "{\"a\":1}");
        String deep = "[".repeat(31) + "]".repeat(31);
        assertThatThrownBy(() -> store.put(TOKEN, Map.of("deep", deep), NOW + 100, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31 levels deep");
        assertThatThrownBy(() -> store.compareAndSet(TOKEN, "deep", null, deep, NOW + 100, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31 levels deep");
        assertThat(data()).isEqualTo("{\"a\":1}");
        String deepest = "[".repeat(30) + "]".repeat(30);
        assertThat(store.put(TOKEN, Map.of("deep", deepest), NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(SessionDocument.parse(data())).containsEntry("a", "1").containsKey("deep");
    }

    @Test
    void keysThatStartWithADashAreReadAndChangedWithoutLosingTheirValues() {
        MySqlSessionStore store = store(65_535);
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, ?)", TOKEN, NOW + 100,
                "{\"-n\":5,\"-list\":[1],\"x\":1}");

        assertThat(store.increment(TOKEN, "-n", 2, NOW + 100, NOW).value()).isEqualTo(7);
        KeyRead read = store.read(TOKEN, "-list", NOW).orElseThrow();
        assertThat(read.json()).isEqualTo("[1]");
        // another write to the session between the read and the compare-and-set: it must read again
        store.put(TOKEN, Map.of("x", "2"), NOW + 100, NOW);
        assertThat(store.compareAndSet(TOKEN, "-list", read.expected(), "[1,2]", NOW + 100, NOW))
                .isEqualTo(WriteOutcome.CONFLICT);
        KeyRead again = store.read(TOKEN, "-list", NOW).orElseThrow();
        assertThat(store.compareAndSet(TOKEN, "-list", again.expected(), "[1,2]", NOW + 100, NOW))
                .isEqualTo(WriteOutcome.DONE);
        assertThat(SessionDocument.parse(data())).containsEntry("-n", "7").containsEntry("-list", "[1,2]")
                .containsEntry("x", "2");
    }

    @Test
    void aLimitLargerThanTheDataColumnFailsTheStartWithWhatToDo() {
        assertThatThrownBy(() -> store(70_000)).isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("websocket.session.maxDataBytes is 70000")
                .hasMessageContaining("holds 65535 bytes").hasMessageContaining("MEDIUMTEXT");
    }
}
