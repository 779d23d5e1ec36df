package io.github.wsmysqlsession.core;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.TokenGenerator;
import io.github.wsmysqlsession.protocol.GetTokenRequest;
import io.github.wsmysqlsession.protocol.Protocol;
import io.github.wsmysqlsession.store.SessionData;
import io.github.wsmysqlsession.store.SessionEntity;
import io.github.wsmysqlsession.store.SessionRepository;
import io.github.wsmysqlsession.store.SessionRepository.Outcome;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManagerFactory;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * The token service: answers {@code getToken}, resumes or creates sessions, rotates and deletes them,
 * and keeps each connection's {@link SocketSession} in {@code Session.getUserProperties()}. One per
 * application ({@code @ApplicationScoped} in a container); plain Java with constructor parameters, so
 * that a standalone server can build it from an {@link EntityManagerFactory}. Thread-safe.
 */
public final class SessionManager implements AutoCloseable {

    /** The {@code Session.getUserProperties()} key under which a connection's session is kept. */
    public static final String USER_PROPERTY = SocketSession.class.getName();

    private static final System.Logger LOG = System.getLogger(SessionManager.class.getName());

    private final SessionRepository repository;
    private final SessionSettings settings;
    private final TokenGenerator tokens;
    private final SessionListener listener;
    private final Clock clock;
    private final Jsonb jsonb;
    private final JsonValues json;
    private final Protocol protocol;
    private final SessionSweeper sweeper;
    private final long absoluteTimeout;

    /**
     * A manager with the default token generator, no listener and the system clock.
     *
     * @param emf a factory whose persistence unit lists the library's entity, for example from
     *     {@link io.github.wsmysqlsession.store.SessionPersistence}
     * @param settings the settings
     */
    public SessionManager(EntityManagerFactory emf, SessionSettings settings) {
        this(new SessionRepository(emf, settings), settings, TokenGenerator.secureRandom(), SessionListener.NONE,
                Clock.systemUTC());
    }

    /**
     * A manager whose one-statement reads and writes use the datasource directly (auto-commit, one
     * round trip each) instead of a JPA transaction (four with Hibernate); the default token
     * generator, no listener and the system clock.
     *
     * @param emf a factory whose persistence unit lists the library's entity, over {@code dataSource}
     * @param dataSource the factory's datasource
     * @param settings the settings
     */
    public SessionManager(EntityManagerFactory emf, DataSource dataSource, SessionSettings settings) {
        this(new SessionRepository(emf, Objects.requireNonNull(dataSource, "dataSource"), settings), settings,
                TokenGenerator.secureRandom(), SessionListener.NONE, Clock.systemUTC());
    }

    /**
     * @param repository the session table
     * @param settings the settings
     * @param tokens makes new tokens
     * @param listener receives lifecycle events
     * @param clock the time used for expiry
     */
    public SessionManager(SessionRepository repository, SessionSettings settings, TokenGenerator tokens,
            SessionListener listener, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jsonb = JsonbBuilder.create();
        this.json = new JsonValues(jsonb);
        this.protocol = new Protocol(jsonb, settings.maxFrameChars());
        this.sweeper = new SessionSweeper(repository, settings, clock);
        this.absoluteTimeout = settings.absoluteTimeout().toSeconds();
    }

    /**
     * Checks the table (creating it if the settings say so) and starts the sweeper.
     *
     * @throws SessionStoreException when the table is missing; the message holds its {@code CREATE}
     *     statement
     */
    public void start() {
        try {
            repository.prepareTable(settings.createTable());
        } catch (SessionStoreException e) {
            if (SessionRepository.isMissingTable(e)) {
                throw e; // the message holds the CREATE statement
            }
            // The database may come up later; each operation reports its own failure.
            LOG.log(Level.WARNING, "Could not check the session table at start: {0}", e.getMessage());
        }
        sweeper.start();
    }

    /** Stops the sweeper and the store's threads. Connections keep their sessions in the database. */
    @Override
    public void close() {
        sweeper.close();
        repository.close();
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Closing JSON-B failed", e);
        }
    }

    /**
     * Deletes expired rows now, in batches, as the sweeper does on its schedule.
     *
     * @return how many rows this server deleted
     */
    public int sweep() {
        return sweeper.sweepOnce();
    }

    /**
     * @param socket a connection
     * @return its session, created (not yet ready) on first use
     */
    public SocketSession sessionOf(Session socket) {
        return attach(socket);
    }

    /**
     * Runs the application's handler for one frame of a connection. With {@code deferWrites} set, the
     * handler's {@code set} calls are kept and written together, in one statement, when it returns or
     * throws; without it the handler just runs.
     *
     * @param socket the connection whose frame the handler gets
     * @param handler the application's code
     * @param <T> what the handler returns
     * @return what the handler returned
     * @throws SessionStoreException when the deferred write failed (the connection's copy is then as
     *     last committed); when the handler threw too, its exception is thrown with this one suppressed
     * @throws Exception what the handler threw
     */
    public <T> T runHandler(Session socket, Callable<T> handler) throws Exception {
        if (!settings.deferWrites()) {
            return handler.call();
        }
        ConnectionSession session = attach(socket);
        session.deferWrites();
        T result;
        try {
            result = handler.call();
        } catch (Throwable failure) {
            try {
                session.flushWrites();
            } catch (RuntimeException writeFailure) {
                failure.addSuppressed(writeFailure);
            }
            throw failure;
        }
        session.flushWrites();
        return result;
    }

    /**
     * Forgets a connection's session object; the session stays in the database for the next connection.
     *
     * @param socket a connection that closed
     */
    public void onClose(Session socket) {
        socket.getUserProperties().remove(USER_PROPERTY);
    }

    /**
     * Answers a {@code getToken} frame. Other frames are left alone.
     *
     * @param text a text frame from the client
     * @param socket its connection
     * @return the {@code gotToken} frame to send back; {@code ""} when nothing is to be sent (the
     *     connection sent more than {@code getTokenPerMinute} requests and is being closed); or
     *     {@code null} when {@code text} is not a {@code getToken} request and belongs to the endpoint
     */
    public String onMessage(String text, Session socket) {
        GetTokenRequest request = protocol.parseGetToken(text);
        if (request == null) {
            return null;
        }
        ConnectionSession session = attach(socket);
        if (!session.admitGetToken(settings.getTokenPerMinute(), System.nanoTime())) {
            closeForFlooding(socket);
            return "";
        }
        try {
            synchronized (session) {
                if (request.malformed()) {
                    create(session, SessionEvent.Kind.CREATED, "");
                    return protocol.gotToken(session.token(), request.problem());
                }
                String errors = resumeOrCreate(session, request.token());
                return protocol.gotToken(session.token(), errors);
            }
        } catch (SessionStoreException e) {
            LOG.log(Level.WARNING, "getToken failed: {0}", e.getMessage());
            return protocol.gotToken("", Protocol.STORE_FAILED);
        }
    }

    private static void closeForFlooding(Session socket) {
        LOG.log(Level.WARNING, "Closing a connection that sent too many getToken frames");
        try {
            socket.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Too many getToken frames"));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "Closing failed: {0}", e.toString());
        }
    }

    /** @return the errors text; the session is bound to the resumed or new token */
    private String resumeOrCreate(ConnectionSession session, String token) {
        if (token.isEmpty()) {
            create(session, SessionEvent.Kind.CREATED, "");
            return "";
        }
        long now = now();
        Optional<SessionEntity> row = repository.find(token);
        if (row.isEmpty()) {
            create(session, SessionEvent.Kind.CREATED, "");
            return Protocol.SESSION_NOT_FOUND;
        }
        if (row.get().expires() < now) {
            repository.delete(token); // its data must never reach the new session; the sweeper would delete it too
            create(session, SessionEvent.Kind.EXPIRED, Tokens.prefix(token));
            return Protocol.SESSION_EXPIRED;
        }
        Map<String, String> values;
        try {
            values = SessionData.parse(row.get().data());
        } catch (IllegalArgumentException e) {
            throw new SessionStoreException("The stored data of session " + Tokens.forLog(token)
                    + " is not a JSON object; delete the row or fix its data column", e);
        }
        long createdAt = takeCreatedAt(values);
        if (absoluteTimeout > 0 && createdAt > 0 && createdAt + absoluteTimeout <= now) {
            repository.delete(token);
            create(session, SessionEvent.Kind.EXPIRED, Tokens.prefix(token));
            return Protocol.SESSION_EXPIRED;
        }
        long expires = row.get().expires();
        if (absoluteTimeout > 0 && createdAt == 0) {
            // A row made by the Node package or before the limit was set: its lifetime counts from now.
            createdAt = now;
            expires = expiresFor(now, createdAt);
            if (repository.put(token, SessionSettings.CREATED_KEY, Long.toString(now), expires, now) == Outcome.GONE) {
                create(session, SessionEvent.Kind.CREATED, "");
                return Protocol.SESSION_NOT_FOUND;
            }
        }
        long target = expiresFor(now, createdAt);
        if (target - expires >= settings.resumeTouchInterval().toSeconds()) {
            if (repository.touch(token, target, now) == Outcome.GONE) {
                create(session, SessionEvent.Kind.CREATED, "");
                return Protocol.SESSION_NOT_FOUND;
            }
            expires = target;
        }
        session.bind(token, values, expires, createdAt);
        fire(SessionEvent.Kind.RESUMED, session, "");
        return "";
    }

    private void create(ConnectionSession session, SessionEvent.Kind kind, String previousPrefix) {
        String token = newToken();
        long now = now();
        long createdAt = absoluteTimeout > 0 ? now : 0;
        long expires = expiresFor(now, createdAt);
        repository.save(token, expires, createdAt > 0 ? createdMarker(createdAt) : "{}");
        session.bind(token, new LinkedHashMap<>(), expires, createdAt);
        fire(kind, session, previousPrefix);
    }

    /**
     * @return the expiry of a session written now: the idle timeout from now, but never past the
     *     absolute timeout from its creation
     */
    long expiresFor(long now, long createdAt) {
        long idle = now + settings.idleTimeout().toSeconds();
        return absoluteTimeout > 0 && createdAt > 0 ? Math.min(idle, createdAt + absoluteTimeout) : idle;
    }

    static String createdMarker(long createdAt) {
        return "{\"" + SessionSettings.CREATED_KEY + "\":" + createdAt + "}";
    }

    /** Removes the creation-time marker from a session's values; 0 when there is none. */
    private static long takeCreatedAt(Map<String, String> values) {
        String created = values.remove(SessionSettings.CREATED_KEY);
        if (created == null) {
            return 0;
        }
        try {
            return Long.parseLong(created);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Called by {@link ConnectionSession#regenerate()} under the session's lock. */
    String regenerate(ConnectionSession session, String oldToken, long createdAt) {
        String token = newToken();
        long now = now();
        long expires = expiresFor(now, createdAt);
        Optional<String> data = repository.rotate(oldToken, token, expires, now);
        if (data.isEmpty()) {
            throw new SessionStoreException("The session " + Tokens.forLog(oldToken) + " no longer exists and "
                    + "cannot be regenerated: it expired, or another connection regenerated or invalidated it");
        }
        Map<String, String> values;
        try {
            values = SessionData.parse(data.get());
        } catch (IllegalArgumentException e) {
            values = new LinkedHashMap<>();
        }
        session.bind(token, values, expires, takeCreatedAt(values));
        send(session, token);
        fire(SessionEvent.Kind.ROTATED, session, Tokens.prefix(oldToken));
        return token;
    }

    /** Called by {@link ConnectionSession#invalidate()} under the session's lock. */
    void invalidate(ConnectionSession session, String oldToken) {
        repository.delete(oldToken);
        fire(SessionEvent.Kind.INVALIDATED, session, Tokens.prefix(oldToken));
        create(session, SessionEvent.Kind.CREATED, Tokens.prefix(oldToken));
        send(session, session.token());
    }

    private void send(ConnectionSession session, String token) {
        Session socket = session.socket();
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.getBasicRemote().sendText(protocol.gotToken(token, ""));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Could not send the new token to the client: {0}", e.toString());
        }
    }

    private String newToken() {
        String token = tokens.newToken();
        if (!Protocol.isWellFormedToken(token)) {
            throw new IllegalStateException("The TokenGenerator " + tokens.getClass().getName() + " made a token "
                    + "that is not 32 characters of A-Z a-z 0-9 - _; fix the generator");
        }
        return token;
    }

    private ConnectionSession attach(Session socket) {
        Map<String, Object> props = socket.getUserProperties();
        Object existing = props.get(USER_PROPERTY);
        if (existing instanceof ConnectionSession s) {
            return s;
        }
        ConnectionSession created = new ConnectionSession(this, socket);
        Object raced = props.putIfAbsent(USER_PROPERTY, created);
        return raced instanceof ConnectionSession s ? s : created;
    }

    private void fire(SessionEvent.Kind kind, ConnectionSession session, String previousPrefix) {
        if (!listener.observes(kind)) {
            return;
        }
        try {
            listener.on(new SessionEvent(kind, session, session.socket(), previousPrefix));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A SessionEvent observer failed on " + kind, e);
        }
    }

    long now() {
        return clock.millis() / 1000;
    }

    SessionSettings settings() {
        return settings;
    }

    SessionRepository repository() {
        return repository;
    }

    JsonValues json() {
        return json;
    }
}
