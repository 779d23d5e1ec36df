package io.github.wsmysqlsession.internal.store.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import io.github.wsmysqlsession.testing.RecordingDataSource;
import io.github.wsmysqlsession.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The size guard of a one-key write: a cheap bound first, the exact length only near the limit. The
 * statements the store ran are recorded, to tell which guard decided.
 */
class SizeGuardIT {

    static final String TABLE = "session_size_guard";
    static final long NOW = 2_000_000_000L;
    static RecordingDataSource recorded;
    static MySqlSessionStore repo;

    @BeforeAll
    static void setUp() {
        TestDatabase.recreateTable(TABLE);
        recorded = new RecordingDataSource(TestDatabase.dataSource());
        repo = new MySqlSessionStore(TestDatabase.emf(), recorded.dataSource(), SessionSettings.builder()
                .tableName(TABLE).sweepInterval(Duration.ZERO).maxDataBytes(200).build());
    }

    @BeforeEach
    void forget() {
        recorded.updates().clear();
    }

    /** @return the guards of the updates run since the test began: "bound" or "exact", and their counts */
    static List<String> guards() {
        return recorded.updates().stream().filter(u -> u.sql().startsWith("UPDATE"))
                .map(u -> (u.sql().contains("* 3 DIV 2") ? "bound" : "exact") + "=" + u.count()).toList();
    }

    static String data(String token) {
        return TestDatabase.queryString("SELECT data FROM " + TABLE + " WHERE sessionId = ?", token);
    }

    @Test
    void aWriteThatFitsNearTheLimitIsStoredThoughTheBoundRefusesIt() {
        String token = "g".repeat(32);
        String value = "\"" + "v".repeat(150) + "\"";
        repo.insert(token, NOW + 100, "{}");
        assertThat(repo.put(token, Map.of("k", value), NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(guards()).as("the bound admits a write far from the limit").containsExactly("bound=1");
        recorded.updates().clear();
        // about 160 bytes stored: the bound (1.5 x 160 + the new value) exceeds 200, the real result does not
        String other = "\"" + "w".repeat(150) + "\"";
        assertThat(repo.put(token, Map.of("k", other), NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        assertThat(guards()).as("the bound refused, then the exact guard admitted").containsExactly("bound=0", "exact=1");
        assertThat(data(token)).contains("www").doesNotContain("vvv");
    }

    @Test
    void aWriteThatDoesNotFitIsRefusedAndChangesNothing() {
        String token = "h".repeat(32);
        repo.insert(token, NOW + 100, "{}");
        assertThat(repo.put(token, Map.of("a", "\"" + "v".repeat(150) + "\""), NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE);
        String before = data(token);
        recorded.updates().clear();
        assertThat(repo.put(token, Map.of("b", "\"" + "w".repeat(60) + "\""), NOW + 100, NOW)).isEqualTo(WriteOutcome.TOO_LARGE);
        assertThat(guards()).as("both guards refused").containsExactly("bound=0", "exact=0");
        assertThat(data(token)).isEqualTo(before);
    }

    @Test
    void compactJsonThatJsonSetReSpacesIsStillGuarded() {
        // written by the Node package (JSON.stringify, no spaces): MariaDB re-spaces it on JSON_SET
        String token = "i".repeat(32);
        StringBuilder compact = new StringBuilder("{\"a\":[");
        for (int i = 0; i < 60; i++) {
            compact.append(i == 0 ? "" : ",").append('1');
        }
        compact.append("]}");
        repo.insert(token, NOW + 100, compact.toString()); // 127 bytes, 186 once spaced
        WriteOutcome outcome = repo.put(token, Map.of("b", "\"" + "x".repeat(20) + "\""), NOW + 100, NOW);
        assertThat(outcome).isEqualTo(WriteOutcome.TOO_LARGE); // 186 + 30 > 200
        assertThat(data(token)).isEqualTo(compact.toString());
        assertThat(repo.put(token, Map.of("b", "1"), NOW + 100, NOW)).isEqualTo(WriteOutcome.DONE); // 186 + 8 fits
    }
}
