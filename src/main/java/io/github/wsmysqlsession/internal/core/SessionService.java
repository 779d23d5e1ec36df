package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.protocol.GetTokenRequest;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.internal.store.SessionStore;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The token service: gives each connection its {@link SocketSession} (kept in the connection's user
 * properties), answers its {@code getToken} frames, brackets the application's handlers (deferred
 * writes), and runs the sweeper. One per application; the CDI glue and the standalone
 * {@code SessionManager} each build one. Thread-safe.
 */
public final class SessionService implements AutoCloseable {

    /** The connection's user property holding its session: named after the public interface. */
    public static final String USER_PROPERTY = SocketSession.class.getName();

    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());

    private final SessionStore store;
    private final SessionSettings settings;
    private final Lifetime lifetime;
    private final Jsonb jsonb;
    private final JsonValues json;
    private final Protocol protocol;
    private final LiveSessions sessions = new LiveSessions();
    private final SessionLifecycle lifecycle;
    private final Resumption resumption;
    private final SessionWrites writes;
    private final SessionSync sync;
    private final SessionSweeper sweeper;
    private final ExecutorService pushes;

    /**
     * @param store the session table
     * @param settings the settings
     * @param tokens makes new tokens (each is checked to be 32 base64url characters)
     * @param events receives lifecycle events
     * @param clock the time used for expiry
     */
    public SessionService(SessionStore store, SessionSettings settings, Supplier<String> tokens, EventSink events,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lifetime = new Lifetime(settings, Objects.requireNonNull(clock, "clock"));
        this.jsonb = JsonbBuilder.create();
        this.json = new JsonValues(jsonb);
        this.protocol = new Protocol(jsonb, settings.maxFrameChars());
        this.lifecycle = new SessionLifecycle(store, lifetime, new Tokens(Objects.requireNonNull(tokens, "tokens")),
                Objects.requireNonNull(events, "events"), protocol, sessions);
        this.resumption = new Resumption(store, sessions, lifecycle, new CreationRate(settings.newSessionsPerMinute()),
                settings.syncInterval().toMillis());
        this.writes = new SessionWrites(store, lifetime, json, settings.maxDataBytes());
        this.sync = new SessionSync(store, sessions, lifecycle, settings.syncInterval());
        this.sweeper = new SessionSweeper(store, settings, clock);
        this.pushes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "websocket-mysql-session-push");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Checks the table (creating it if the settings say so) and starts the sweeper and the sync. A database that
     * cannot be reached now is only logged: it may come up later, and each operation reports its own
     * failure.
     *
     * @throws SessionStoreException when the table is missing; the message holds its {@code CREATE}
     *     statement
     */
    public void start() {
        try {
            store.prepareTable(settings.createTable());
        } catch (SessionUnavailableException e) {
            LOG.log(Level.WARNING, "Could not check the session table at start: {0}", e.getMessage());
        }
        sweeper.start();
        sync.start();
    }

    /** Stops the sync, the sweeper and the store's threads. Connections keep their sessions in the database. */
    @Override
    public void close() {
        sync.close();
        sweeper.close();
        pushes.shutdown();
        store.close();
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
     * Brings this server's sessions up to date with the table now, as the sync does every
     * {@code syncInterval}.
     *
     * @return how many sessions changed or ended
     */
    public int syncNow() {
        return sync.syncOnce();
    }

    /** @return how many sessions have a connection on this server */
    public int liveSessions() {
        return sessions.size();
    }

    /**
     * @param socket a connection
     * @return its session, made (not yet ready) on first use
     */
    public SocketSession sessionOf(Session socket) {
        return attach(socket);
    }

    /**
     * @param socket a connection
     * @return the session the library gave it, or {@code null} when its endpoint is not session-enabled
     */
    public static SocketSession find(Session socket) {
        return socket.getUserProperties().get(USER_PROPERTY) instanceof SocketSession s ? s : null;
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
        return settings.deferWrites() ? deferring(attach(socket), handler) : handler.call();
    }

    /** Runs the handler with the session's writes deferred, then writes them. */
    private <T> T deferring(ConnectionSession session, Callable<T> handler) throws Exception {
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
        if (socket.getUserProperties().remove(USER_PROPERTY) instanceof ConnectionSession c) {
            lifecycle.close(c);
        }
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
        return request == null ? null : answer(attach(socket), request);
    }

    /**
     * Makes the session of a connection that keeps it itself (a socket.io socket); not ready until
     * {@link #answerGetToken} resumed or made one.
     *
     * @param connection where the library's frames go
     * @return its session; pass it to {@link #answerGetToken}, {@link #runHandler(SocketSession, Callable)}
     *     and, when the connection ends, {@link #onClose(SocketSession)}
     */
    public SocketSession open(Connection connection) {
        return newSession(Objects.requireNonNull(connection, "connection"));
    }

    /**
     * Answers a {@code getToken} request that came some other way than a frame of the plain
     * endpoint (a socket.io event, the token of a socket.io connect packet): exactly as that frame.
     *
     * @param session a session from {@link #open}
     * @param data the request's data, the JSON object {@code {"token": "..."}} ({@code null} when
     *     there was none; anything else is answered as a malformed request is)
     * @return the {@code gotToken} frame, or {@code ""} when the connection sent too many requests and
     *     is being closed
     */
    public String answerGetToken(SocketSession session, jakarta.json.JsonValue data) {
        return answer((ConnectionSession) session, protocol.request(data));
    }

    /**
     * Runs the application's handler for one event of a connection from {@link #open}, as
     * {@link #runHandler(Session, Callable)} does.
     */
    public <T> T runHandler(SocketSession session, Callable<T> handler) throws Exception {
        return settings.deferWrites() ? deferring((ConnectionSession) session, handler) : handler.call();
    }

    /** @param session a session from {@link #open} or {@link #resumeForRequest} whose connection ended */
    public void onClose(SocketSession session) {
        ConnectionSession c = (ConnectionSession) session;
        if (c.connection() instanceof RequestConnection r) {
            r.close(1000, "");
        }
        lifecycle.close(c);
    }

    /**
     * The session of an HTTP request that carries {@code token}: the session is resumed as a
     * {@code getToken} would resume it, when it exists and is alive; otherwise there is none, and none
     * is made (no row is written, an invented token is not adopted, an expired session's row is
     * deleted). The request's session is one more connection of the session on this server: what it
     * sets the session's WebSocket connections read at once, and its {@code invalidate()} ends the
     * session on them. Pass it to {@link #onClose(SocketSession)} when the request ends.
     *
     * @param token the token the request carried, as given (checked here)
     * @return the request's session, or empty
     * @throws SessionStoreException when the store failed
     */
    public Optional<SocketSession> resumeForRequest(String token) {
        Objects.requireNonNull(token, "token");
        RequestConnection connection = new RequestConnection();
        ConnectionSession session = newSession(connection);
        if (resumption.resumeExisting(session, token)) {
            return Optional.of(session);
        }
        onClose(session);
        return Optional.empty();
    }

    private String answer(ConnectionSession session, GetTokenRequest request) {
        if (!session.gate().admit(settings.getTokenPerMinute(), System.nanoTime())) {
            LOG.log(Level.WARNING, "Closing a connection that sent too many getToken frames");
            session.connection().close(1008, "Too many getToken frames");
            return "";
        }
        return resumption.answer(session, request);
    }

    private ConnectionSession attach(Session socket) {
        Map<String, Object> props = socket.getUserProperties();
        if (props.get(USER_PROPERTY) instanceof ConnectionSession s) {
            return s;
        }
        ConnectionSession created = newSession(new WebSocketConnection(socket));
        Object raced = props.putIfAbsent(USER_PROPERTY, created);
        return raced instanceof ConnectionSession s ? s : created;
    }

    private ConnectionSession newSession(Connection connection) {
        return new ConnectionSession(connection, lifecycle, writes, json, new Pusher(connection, pushes));
    }
}
