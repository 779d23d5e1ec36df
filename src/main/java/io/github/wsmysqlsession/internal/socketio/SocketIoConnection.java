package io.github.wsmysqlsession.internal.socketio;

import io.github.wsmysqlsession.SocketIoSocket;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.core.Connection;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.lang.System.Logger.Level;

/**
 * One socket.io socket on the default namespace {@code /}, over its Engine.IO socket: the connect
 * handshake of protocol 4 (the server says {@code 40} unprompted) or 5 (the client sends {@code 40},
 * with an optional {@code auth} that may hold the token), the {@code getToken} event answered as the
 * plain endpoint answers its frame, the application's events and acknowledgements, and the
 * library's own pushes ({@code gotToken} after a rotation or the session's end elsewhere), which
 * arrive here as {@link Connection#send} and go out as events. Thread-safe.
 */
final class SocketIoConnection implements EngineSocket.Listener, SocketIoSocket, Connection {

    private static final System.Logger LOG = System.getLogger(SocketIoConnection.class.getName());

    private final EngineSocket engine;
    private final SocketIoService owner;
    private final String id;
    private final SocketSession session;
    private volatile boolean connected;
    private volatile boolean closed;

    SocketIoConnection(EngineSocket engine, SocketIoService owner, String id) {
        this.engine = engine;
        this.owner = owner;
        this.id = id;
        this.session = owner.sessions().open(this);
        if (engine.version() == 3) { // protocol 4: connected to "/" at once
            connected = true;
            engine.send("40");
        }
    }

    @Override
    public void onMessage(String data) {
        SocketIoPacket packet;
        try {
            packet = SocketIoPacket.parse(data);
        } catch (MalformedPacketException e) {
            LOG.log(Level.DEBUG, "Closing socket.io socket {0}: {1}", id, e.getMessage());
            engine.close("parse error", false);
            return;
        }
        if (packet.type() == SocketIoPacket.CONNECT) {
            onConnect(packet);
        } else if (!connected) {
            engine.close("parse error", false); // protocol 5: the first packet must be a CONNECT
        } else if (!packet.namespace().equals("/")) {
            LOG.log(Level.DEBUG, "Ignoring a packet for namespace {0}, which is not connected", packet.namespace());
        } else if (packet.type() == SocketIoPacket.EVENT) {
            onEvent(packet);
        } else if (packet.type() == SocketIoPacket.DISCONNECT) {
            engine.close("client namespace disconnect", false);
        }
        // an ACK: the server asks for none
    }

    private void onConnect(SocketIoPacket packet) {
        if (!packet.namespace().equals("/")) {
            JsonValue error = engine.version() == 3 ? Jsonp.PROVIDER.createValue("Invalid namespace")
                    : Jsonp.PROVIDER.createObjectBuilder().add("message", "Invalid namespace").build();
            send(new SocketIoPacket(SocketIoPacket.CONNECT_ERROR, packet.namespace(), -1, error));
            return;
        }
        if (engine.version() == 3) {
            return; // already connected
        }
        if (connected) {
            engine.close("parse error", false);
            return;
        }
        connected = true;
        send(new SocketIoPacket(SocketIoPacket.CONNECT, "/", -1, Jsonp.PROVIDER.createObjectBuilder().add("sid", id).build()));
        if (packet.data() instanceof JsonObject auth && auth.get("token") instanceof JsonString token) {
            getToken(Jsonp.PROVIDER.createObjectBuilder().add("token", token.getString()).build());
        }
    }

    private void onEvent(SocketIoPacket packet) {
        JsonArray array = (JsonArray) packet.data();
        String name = array.getString(0);
        if (name.equals(Protocol.GET_TOKEN)) {
            getToken(array.size() > 1 ? array.get(1) : null);
            return;
        }
        JsonArray args = Jsonp.PROVIDER.createArrayBuilder(array.subList(1, array.size())).build();
        owner.dispatch(new Event(name, args, packet.ackId(), this), this, session);
    }

    private void getToken(JsonValue data) {
        String frame = owner.sessions().answerGetToken(session, data);
        if (!frame.isEmpty()) {
            sendFrame(frame);
        }
    }

    /** Sends one of the library's frames as the event it names; nothing when the socket is gone. */
    private void sendFrame(String frame) {
        JsonObject f;
        try (var reader = Jsonp.PROVIDER.createReader(new StringReader(frame))) {
            f = reader.readObject();
        }
        sendEvent(f.getString("event"), f.get("data").toString());
    }

    JsonArgs json() {
        return owner.json();
    }

    void sendAck(long ackId, String argsJson) {
        engine.send("4" + SocketIoPacket.ACK + ackId + argsJson);
    }

    /** @return false when the socket is disconnected */
    private boolean sendEvent(String event, String argsAfterName) {
        return engine.send("4" + SocketIoPacket.EVENT + "[" + Jsonp.PROVIDER.createValue(event) + (argsAfterName.isEmpty() ? ""
                : "," + argsAfterName) + "]");
    }

    private void send(SocketIoPacket packet) {
        engine.send("4" + packet.encode());
    }

    @Override
    public void onClose(String reason) {
        closed = true;
        owner.sessions().onClose(session);
        owner.disconnected(this, reason);
    }

    // SocketIoSocket

    @Override
    public String id() {
        return id;
    }

    @Override
    public SocketSession session() {
        return session;
    }

    @Override
    public void emit(String event, Object... args) {
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("event must not be empty");
        }
        if (!sendEvent(event, owner.json().joined(args))) {
            throw new IllegalStateException("The socket.io socket " + id + " is disconnected");
        }
    }

    @Override
    public boolean isConnected() {
        return !closed && engine.isOpen();
    }

    @Override
    public void disconnect() {
        if (engine.isOpen()) {
            send(new SocketIoPacket(SocketIoPacket.DISCONNECT, "/", -1, null));
            engine.close("server namespace disconnect", true);
        }
    }

    // Connection: what core pushes

    @Override
    public boolean isOpen() {
        return isConnected();
    }

    @Override
    public void send(String frame) {
        sendFrame(frame);
    }

    @Override
    public void close(int code, String reason) {
        disconnect();
    }

    @Override
    public Session webSocket() {
        return null;
    }

    @Override
    public SocketIoSocket socketIo() {
        return this;
    }
}
