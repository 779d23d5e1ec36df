package io.github.wsmysqlsession.internal.store.mysql;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.testing.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * Every case of {@link MySqlSessionStoreIT} on a pool with HikariCP's recommended MySQL settings, which
 * the README recommends (statements prepared on the server and cached per connection): the store's
 * reads, guarded writes, increments (the new value from {@code LAST_INSERT_ID}), batches and the
 * watchdog's cancels work on the binary protocol as on text.
 */
class ServerPreparedStoreIT extends MySqlSessionStoreIT {

    private static HikariDataSource serverPrepared;

    @Override
    DataSource dataSource() {
        synchronized (ServerPreparedStoreIT.class) {
            if (serverPrepared == null) {
                String url = TestDatabase.jdbcUrl();
                serverPrepared = TestDatabase.newDataSource(url + (url.contains("?") ? "&" : "?") + "cachePrepStmts=true"
                        + "&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048&useServerPrepStmts=true", 24);
            }
            return serverPrepared;
        }
    }

    @AfterAll
    static void closePool() {
        if (serverPrepared != null) {
            serverPrepared.close();
        }
    }
}
