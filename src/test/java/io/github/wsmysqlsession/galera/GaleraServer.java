package io.github.wsmysqlsession.galera;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * One application server as a standalone user builds it: HikariCP over mysql-connector-j on one JDBC
 * URL (a single node, or a failover list of nodes), a {@link SessionManager} and its endpoint on a Tyrus server, answering {@link TestApp}'s commands.
 */
final class GaleraServer implements AutoCloseable {

    private final HikariDataSource pool;
    private final SessionManager manager;
    private final TestServer server;

    /**
     * @param jdbcUrl where the pool connects
     * @param poolSize the most connections
     * @param settings the library's settings
     * @param errors counts the SQL errors the library sees, or null
     * @param clock the library's clock
     */
    GaleraServer(String jdbcUrl, int poolSize, SessionSettings settings, ErrorCounter errors, Clock clock) {
        pool = TestDatabase.newDataSource(jdbcUrl, poolSize);
        DataSource counted = errors == null ? pool : errors.wrap(pool);
        manager = SessionManager.builder(counted).settings(settings).clock(clock).build();
        server = new TestServer(manager.endpoint("/s", new TestApp()));
    }

    GaleraServer(String jdbcUrl, int poolSize, SessionSettings settings, ErrorCounter errors) {
        this(jdbcUrl, poolSize, settings, errors, Clock.systemUTC());
    }

    /** @return a new client connection to this server */
    TestClient connect() {
        return new TestClient(server.uri("/s"));
    }

    SessionManager manager() {
        return manager;
    }

    @Override
    public void close() {
        server.close();
        manager.close();
        pool.close();
    }
}
