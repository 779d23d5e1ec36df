package io.github.wsmysqlsession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.core.SessionManager;
import io.github.wsmysqlsession.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sweeper runs by itself on its interval and deletes expired rows only. */
class SweeperIT {

    static final String TABLE = "session_sweeper";

    @Test
    void theScheduledSweeperDeletesExpiredRowsAndKeepsLiveOnes() throws InterruptedException {
        TestDatabase.recreateTable(TABLE);
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 120; i++) {
            TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{}')", String.format("expired%025d", i), now - 5);
        }
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{}')", "live" + "x".repeat(28), now + 3600);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ofSeconds(1))
                .sweepBatchSize(50).build();
        try (SessionManager manager = new SessionManager(TestDatabase.emf(), TestDatabase.dataSource(), settings)) {
            manager.start();
            for (int i = 0; i < 150 && TestDatabase.count(TABLE) > 1; i++) {
                Thread.sleep(100);
            }
        }
        assertThat(TestDatabase.count(TABLE)).isEqualTo(1);
        assertThat(TestDatabase.queryString("SELECT sessionId FROM " + TABLE)).startsWith("live");
    }
}
