package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.core.EventSink;
import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.internal.core.Tokens;
import io.github.wsmysqlsession.internal.store.mysql.MySqlSessionStore;
import io.github.wsmysqlsession.internal.store.mysql.SessionPersistence;
import jakarta.persistence.EntityManagerFactory;
import jakarta.websocket.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The library as {@code SessionManager.builder(dataSource)} builds it (the JPA persistence unit with
 * Hibernate over a HikariCP pool, the MySQL store, the token service), with the token service in
 * reach so that the benchmark can give it connections without a network ({@link FakeSocket}).
 */
final class LibraryStack implements AutoCloseable {

    private final EntityManagerFactory emf;
    private final SessionService service;
    private final DataSource ds;
    private final String table;

    LibraryStack(DataSource ds, String table, Map<String, Object> jpaProperties, boolean deferWrites) {
        this(ds, table, jpaProperties, deferWrites, "PT1S");
    }

    /** @param syncInterval {@code websocket.session.syncInterval}, {@code 0} for none */
    LibraryStack(DataSource ds, String table, Map<String, Object> jpaProperties, boolean deferWrites,
            String syncInterval) {
        // no sweeper; no getToken flood limits (a resume round trip is measured on one connection, repeatedly;
        // the memory section makes 10,000 sessions at once)
        Map<String, String> props = Map.of("websocket.session.table", table, "websocket.session.sweepInterval", "0",
                "websocket.session.getTokenPerMinute", "0", "websocket.session.newSessionsPerMinute", "0",
                "websocket.session.deferWrites",
                Boolean.toString(deferWrites), "websocket.session.syncInterval", syncInterval);
        SessionSettings settings = SessionSettings.fromProperties(props::get);
        this.ds = ds;
        this.table = table;
        emf = SessionPersistence.createEntityManagerFactory(ds, jpaProperties);
        service = new SessionService(new MySqlSessionStore(emf, ds, settings), settings, Tokens::secureRandom,
                EventSink.NONE, Clock.systemUTC());
        service.start();
    }

    SessionService service() {
        return service;
    }

    /** @return a ready session on a fake connection, resumed from {@code token} or new when it is empty */
    SocketSession open(String token) {
        return service.sessionOf(connect(token));
    }

    /** @return a fake connection whose session was resumed from {@code token}, or is new when it is empty */
    Session connect(String token) {
        Session socket = FakeSocket.create();
        String reply = service.onMessage("{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}", socket);
        if (reply == null || !reply.contains("\"errors\":\"\"")) {
            throw new IllegalStateException("getToken failed: " + reply);
        }
        return socket;
    }

    /**
     * Inserts sessions of 10 keys (100-character values) directly, as the library would have written
     * them, so that preparing many sessions costs one batch instead of eleven writes each.
     *
     * @return their tokens
     */
    String[] insertSessions(int count) throws Exception {
        String[] tokens = new String[count];
        StringBuilder data = new StringBuilder("{");
        for (int k = 0; k < 10; k++) {
            data.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"").append(Values.value(k)).append('"');
        }
        data.append('}');
        long expires = System.currentTimeMillis() / 1000 + 86_400;
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO `" + table
                + "` (sessionId, expires, data) VALUES (?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                tokens[i] = Tokens.secureRandom();
                s.setString(1, tokens[i]);
                s.setLong(2, expires);
                s.setString(3, data.toString());
                s.addBatch();
            }
            s.executeBatch();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        return tokens;
    }

    @Override
    public void close() {
        service.close();
        emf.close();
    }
}
