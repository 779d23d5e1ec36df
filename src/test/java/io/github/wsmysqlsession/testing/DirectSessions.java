package io.github.wsmysqlsession.testing;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.core.EventSink;
import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.internal.core.Tokens;
import io.github.wsmysqlsession.internal.store.mysql.MySqlSessionStore;
import jakarta.persistence.EntityManagerFactory;
import jakarta.websocket.Session;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The library's token service on a real database, driven without a network: tests and benchmarks
 * that measure the library itself give it {@link FakeSocket}s and send it frames directly.
 */
public final class DirectSessions implements AutoCloseable {

    private final EntityManagerFactory emf;
    private final SessionService service;

    /**
     * @param dataSource the database
     * @param settings the library's settings
     */
    public DirectSessions(DataSource dataSource, SessionSettings settings) {
        emf = TestDatabase.newEmf(dataSource);
        service = new SessionService(new MySqlSessionStore(emf, dataSource, settings), settings, Tokens::secureRandom,
                EventSink.NONE, Clock.systemUTC());
        service.start();
    }

    /** @return the token service */
    public SessionService service() {
        return service;
    }

    /**
     * @param token the token to resume, {@code ""} for a new session
     * @return a ready session on a new fake connection
     */
    public SocketSession open(String token) {
        Session socket = FakeSocket.create();
        String reply = service.onMessage("{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}", socket);
        if (reply == null || !reply.contains("\"errors\":\"\"")) {
            throw new AssertionError("getToken failed: " + reply);
        }
        return service.sessionOf(socket);
    }

    @Override
    public void close() {
        service.close();
        emf.close();
    }
}
