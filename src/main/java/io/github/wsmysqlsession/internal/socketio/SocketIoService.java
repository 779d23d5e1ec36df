package io.github.wsmysqlsession.internal.socketio;

import io.github.wsmysqlsession.SocketIoHandler;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.core.SessionService;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * The socket.io endpoint of one application: its Engine.IO server, the sockets' session glue, and
 * the application's handler. Deployed as a WebSocket endpoint ({@link #endpoint()}) and a polling
 * handler on the same path (a servlet in a Jakarta EE server, a Grizzly handler standalone).
 * Thread-safe.
 */
public final class SocketIoService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SocketIoService.class.getName());

    private final Supplier<SessionService> sessions;
    private final Supplier<SocketIoHandler> handler;
    private final SessionSettings settings;
    private final EngineServer engine;
    private final Jsonb jsonb = JsonbBuilder.create();
    private final JsonArgs json = new JsonArgs(jsonb);

    /**
     * @param sessions the token service, looked up on the first connection (in a server, CDI may not
     *     have started it when the endpoint is deployed)
     * @param handler the application's events, looked up on the first event; may supply {@code null}
     *     (then only {@code getToken} is answered)
     * @param settings the {@code socketIo*} settings: path, heartbeat and payload limit
     */
    public SocketIoService(Supplier<SessionService> sessions, Supplier<SocketIoHandler> handler,
            SessionSettings settings) {
        this.sessions = sessions;
        this.handler = handler;
        this.settings = settings;
        this.engine = new EngineServer(new EngineOptions(settings.socketIoPingInterval().toMillis(),
                settings.socketIoPingTimeout().toMillis(), settings.socketIoMaxPayload()), this::connect);
    }

    /** @return the endpoint's path, {@code socketIoPath} */
    public String path() {
        return settings.socketIoPath();
    }

    /** @return the WebSocket endpoint, at the settings' path */
    public ServerEndpointConfig endpoint() {
        return SocketIoWebSocket.config(settings.socketIoPath(), engine, settings.socketIoMaxPayload());
    }

    /**
     * Serves the polling transport on the Grizzly server of a started Tyrus container (standalone);
     * loads Grizzly's classes only when called.
     *
     * @param tyrus the started Tyrus Grizzly server container
     */
    public void servePollingOnGrizzly(Object tyrus) {
        GrizzlyPolling.attach(tyrus, this);
    }

    /** @return how many sockets are connected */
    public int sockets() {
        return engine.size();
    }

    EngineServer engine() {
        return engine;
    }

    SessionService sessions() {
        return sessions.get();
    }

    JsonArgs json() {
        return json;
    }

    private EngineSocket.Listener connect(EngineSocket socket) {
        // protocol 5: the socket's id is not the engine's
        return new SocketIoConnection(socket, this, socket.version() == 4 ? engine.newId() : socket.sid());
    }

    void dispatch(Event event, SocketIoConnection socket, SocketSession session) {
        SocketIoHandler h = handler.get();
        if (h == null) {
            LOG.log(Level.DEBUG, "No SocketIoHandler: ignoring {0}", event);
            return;
        }
        try {
            sessions().runHandler(session, () -> {
                h.onEvent(event, socket, session);
                return null;
            });
        } catch (Exception e) {
            LOG.log(Level.WARNING, "The SocketIoHandler failed on " + event, e);
        }
    }

    void disconnected(SocketIoConnection socket, String reason) {
        SocketIoHandler h = handler.get();
        if (h != null) {
            try {
                h.onDisconnect(socket, reason);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The SocketIoHandler failed on a disconnect", e);
            }
        }
    }

    /** Disconnects every socket and stops the heartbeat timer. */
    @Override
    public void close() {
        engine.close();
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Closing JSON-B failed", e);
        }
    }
}
