package io.github.wsmysqlsession.internal.socketio;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;

/**
 * The Engine.IO server: the handshake, the long-polling requests and the WebSocket connections of
 * {@code /socket.io/}, for Engine.IO 3 (socket.io-client 1.x and 2.x) and 4 (3.x and later), told
 * apart by the {@code EIO} query parameter. Requests it refuses get Node's status and JSON error.
 * Thread-safe.
 */
final class EngineServer implements AutoCloseable {

    static final String JSON = "application/json";

    private static final System.Logger LOG = System.getLogger(EngineServer.class.getName());

    private final EngineOptions options;
    private final Function<EngineSocket, EngineSocket.Listener> connector;
    private final Map<String, EngineSocket> sockets = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param options the heartbeat and payload limits
     * @param connector makes the listener of each new socket (the socket.io layer); called once the
     *     socket's open packet is on its way, so what the listener sends follows it
     */
    EngineServer(EngineOptions options, Function<EngineSocket, EngineSocket.Listener> connector) {
        this.options = options;
        this.connector = connector;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "websocket-mysql-session.socket.io");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    EngineOptions options() {
        return options;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** @return how long a GET may wait for packets before it is answered with a noop */
    long pollWaitMillis() {
        return options.pingIntervalMillis() + options.pingTimeoutMillis() + 5_000;
    }

    /** @return a new random id, 20 base64url characters (15 bytes): an engine's sid, a socket's id */
    String newId() {
        byte[] id = new byte[15];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /**
     * @param parameters an HTTP request's parameters, as servlets and Grizzly give them
     * @return each one's first value
     */
    static Map<String, String> firstValues(Map<String, String[]> parameters) {
        Map<String, String> query = new HashMap<>();
        parameters.forEach((k, v) -> {
            if (v.length > 0) {
                query.put(k, v[0]);
            }
        });
        return query;
    }

    /** @return how many sockets are open */
    int size() {
        return sockets.size();
    }

    void forget(EngineSocket socket) {
        sockets.remove(socket.sid(), socket);
    }

    /**
     * A long-polling GET: the handshake (no {@code sid}), or a wait for packets.
     *
     * @param query the request's query parameters
     * @param response where the answer goes, now or later
     * @return the socket that holds the request, for {@link EngineSocket#pollTimedOut}, or {@code null}
     */
    EngineSocket get(Map<String, String> query, PollResponse response) {
        int version = version(query);
        if (version == 0) {
            response.send(400, JSON, error(5, "Unsupported protocol version"));
            return null;
        }
        if (!"polling".equals(query.get("transport")) || query.containsKey("j")) {
            response.send(400, JSON, error(0, "Transport unknown"));
            return null;
        }
        String sid = query.get("sid");
        if (sid == null) {
            EngineSocket socket = open(version, null);
            socket.poll(response);
            return socket;
        }
        EngineSocket socket = sockets.get(sid);
        if (socket == null || socket.version() != version) {
            response.send(400, JSON, error(1, "Session ID unknown"));
            return null;
        }
        socket.poll(response);
        return socket;
    }

    /**
     * A long-polling POST whose body is still to be read: one over {@code maxPayload} bytes is refused
     * with 413 unread (and its connection ended, as Node does), one that cannot be read with 400.
     *
     * @param query the request's query parameters
     * @param declaredLength the request's {@code Content-Length}, -1 when it has none
     * @param body the body
     * @param response where the answer goes
     */
    void post(Map<String, String> query, long declaredLength, InputStream body, PollResponse response) {
        String text;
        try {
            text = PostBodies.read(declaredLength, body, options.maxPayload());
        } catch (IOException e) { // the client went away or sent a broken body
            LOG.log(Level.DEBUG, "Could not read a socket.io POST: {0}", e.toString());
            response.send(400, JSON, error(3, "Bad request"));
            return;
        }
        if (text == null) {
            response.sendAndClose(413, JSON, error(3, "Bad request"));
        } else {
            post(query, text, response);
        }
    }

    /**
     * A long-polling POST: packets from the client.
     *
     * @param query the request's query parameters
     * @param body the body, at most {@code maxPayload} bytes
     * @param response where the answer goes
     */
    void post(Map<String, String> query, String body, PollResponse response) {
        int version = version(query);
        if (version == 0) {
            response.send(400, JSON, error(5, "Unsupported protocol version"));
            return;
        }
        if (!"polling".equals(query.get("transport"))) {
            response.send(400, JSON, error(0, "Transport unknown"));
            return;
        }
        String sid = query.get("sid");
        if (sid == null) {
            response.send(400, JSON, error(2, "Bad handshake method"));
            return;
        }
        EngineSocket socket = sockets.get(sid);
        if (socket == null || socket.version() != version) {
            response.send(400, JSON, error(1, "Session ID unknown"));
            return;
        }
        if (!socket.acceptsPosts()) {
            response.send(400, JSON, error(3, "Bad request"));
            return;
        }
        java.util.List<String> packets;
        try {
            packets = EnginePayload.decode(version, body);
        } catch (MalformedPacketException e) {
            response.send(400, JSON, error(3, "Bad request"));
            socket.close("parse error", false);
            return;
        }
        for (String packet : packets) {
            socket.receive(packet);
        }
        response.send(200, version == 3 ? "text/html" : EngineSocket.PLAIN, "ok");
    }

    /** What a WebSocket of {@code /socket.io/} is to the engine. */
    interface WebSocketSide {
        void onText(String frame);

        void onClose();
    }

    /**
     * A WebSocket opened on {@code /socket.io/}: a new socket ({@code transport=websocket} without
     * {@code sid}), or the upgrade of a polling one.
     *
     * @param query the handshake's query parameters
     * @param ws the WebSocket
     * @return what its frames and its close go to; {@code null} when it was refused (and closed)
     */
    WebSocketSide webSocket(Map<String, String> query, Transport ws) {
        int version = version(query);
        String sid = query.get("sid");
        if (version == 0 || !"websocket".equals(query.get("transport"))) {
            ws.close();
            return null;
        }
        if (sid == null) {
            EngineSocket socket = open(version, ws);
            return side(socket, ws);
        }
        EngineSocket socket = sockets.get(sid);
        if (socket == null || socket.version() != version || !socket.beginUpgrade(ws)) {
            ws.close();
            return null;
        }
        return side(socket, ws);
    }

    private static WebSocketSide side(EngineSocket socket, Transport ws) {
        return new WebSocketSide() {
            @Override
            public void onText(String frame) {
                if (socket.isTransport(ws)) {
                    socket.receive(frame);
                } else {
                    socket.receiveOnProbe(ws, frame);
                }
            }

            @Override
            public void onClose() {
                if (socket.isTransport(ws)) {
                    socket.close("transport close", false);
                } else {
                    socket.abortUpgrade(ws);
                }
            }
        };
    }

    private EngineSocket open(int version, Transport ws) {
        String sid = newId();
        EngineSocket socket = new EngineSocket(sid, version, this, ws);
        sockets.put(sid, socket);
        socket.send("0{\"sid\":\"" + sid + "\",\"upgrades\":" + (ws == null ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + options.pingIntervalMillis() + ",\"pingTimeout\":"
                + options.pingTimeoutMillis() + (version == 4 ? ",\"maxPayload\":" + options.maxPayload() : "")
                + "}");
        socket.listen(connector.apply(socket));
        socket.startHeartbeat();
        return socket;
    }

    private static int version(Map<String, String> query) {
        String eio = query.get("EIO");
        return "4".equals(eio) ? 4 : "3".equals(eio) ? 3 : 0;
    }

    static String error(int code, String message) {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }

    /** Closes every socket and stops the heartbeat timer. */
    @Override
    public void close() {
        for (EngineSocket socket : sockets.values()) {
            socket.close("server shutting down", true);
        }
        timer.shutdownNow();
    }
}
