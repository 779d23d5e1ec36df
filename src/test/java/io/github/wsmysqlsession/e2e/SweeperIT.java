package io.github.wsmysqlsession.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sweeper runs by itself on its interval and deletes expired rows only. */
class SweeperIT {

    static final String TABLE = "session_sweeper";

    @Test
    void theScheduledSweeperDeletesExpiredRowsAndKeepsLiveOnes() {
        TestDatabase.recreateTable(TABLE);
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 120; i++) {
            TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{}')", String.format("expired%025d", i), now - 5);
        }
        TestDatabase.execute("INSERT INTO " + TABLE + " VALUES (?, ?, '{}')", "live" + "x".repeat(28), now + 3600);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ofSeconds(1))
                .sweepBatchSize(50).build();
        SessionManager manager = SessionManager.builder(TestDatabase.dataSource()).settings(settings).build();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> TestDatabase.count(TABLE) == 1);
        } finally {
            manager.close();
        }
        assertThat(TestDatabase.queryString("SELECT sessionId FROM " + TABLE)).startsWith("live");
    }
}
