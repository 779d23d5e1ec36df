package io.github.wsmysqlsession.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.store.SessionRepository.Outcome;
import io.github.wsmysqlsession.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The size guard of a one-key write: a cheap bound first, the exact length only near the limit. */
class SizeGuardIT {

    static final String TABLE = "session_size_guard";
    static final long NOW = 2_000_000_000L;
    static SessionRepository repo;

    @BeforeAll
    static void setUp() {
        TestDatabase.recreateTable(TABLE);
        repo = new SessionRepository(TestDatabase.emf(), TestDatabase.dataSource(), SessionSettings.builder()
                .tableName(TABLE).sweepInterval(Duration.ZERO).maxDataBytes(200).build());
    }

    static String data(String token) {
        return TestDatabase.queryString("SELECT data FROM " + TABLE + " WHERE sessionId = ?", token);
    }

    @Test
    void aWriteThatFitsNearTheLimitIsStoredThoughTheBoundRefusesIt() {
        String token = "g".repeat(32);
        String value = "\"" + "v".repeat(150) + "\"";
        repo.save(token, NOW + 100, "{}");
        assertThat(repo.put(token, "k", value, NOW + 100, NOW)).isEqualTo(Outcome.DONE);
        // about 160 bytes stored: the bound (1.5 x 160 + the new value) exceeds 200, the real result does not
        String other = "\"" + "w".repeat(150) + "\"";
        assertThat(repo.put(token, "k", other, NOW + 100, NOW)).isEqualTo(Outcome.DONE);
        assertThat(data(token)).contains("www").doesNotContain("vvv");
    }

    @Test
    void aWriteThatDoesNotFitIsRefusedAndChangesNothing() {
        String token = "h".repeat(32);
        repo.save(token, NOW + 100, "{}");
        assertThat(repo.put(token, "a", "\"" + "v".repeat(150) + "\"", NOW + 100, NOW)).isEqualTo(Outcome.DONE);
        String before = data(token);
        assertThat(repo.put(token, "b", "\"" + "w".repeat(60) + "\"", NOW + 100, NOW)).isEqualTo(Outcome.TOO_LARGE);
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
        repo.save(token, NOW + 100, compact.toString()); // 127 bytes, 186 once spaced
        Outcome outcome = repo.put(token, "b", "\"" + "x".repeat(20) + "\"", NOW + 100, NOW);
        assertThat(outcome).isEqualTo(Outcome.TOO_LARGE); // 186 + 30 > 200
        assertThat(data(token)).isEqualTo(compact.toString());
        assertThat(repo.put(token, "b", "1", NOW + 100, NOW)).isEqualTo(Outcome.DONE); // 186 + 8 fits
    }
}
