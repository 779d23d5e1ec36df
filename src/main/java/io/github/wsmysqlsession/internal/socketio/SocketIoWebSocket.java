package io.github.wsmysqlsession.internal.socketio;

import io.github.wsmysqlsession.internal.endpoint.EndpointConfigs;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket transport of the socket.io endpoint, made by {@link #config}; public only because
 * WebSocket containers call its methods by reflection.
 */
public final class SocketIoWebSocket extends Endpoint {

    private static final System.Logger LOG = System.getLogger(SocketIoWebSocket.class.getName());
    private static final String SIDE = SocketIoWebSocket.class.getName();

    private final EngineServer engine;
    private final int maxPayload;

    private SocketIoWebSocket(EngineServer engine, int maxPayload) {
        this.engine = engine;
        this.maxPayload = maxPayload;
    }

    static ServerEndpointConfig config(String path, EngineServer engine, int maxPayload) {
        return EndpointConfigs.of(path, new SocketIoWebSocket(engine, maxPayload));
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(maxPayload);
        session.setMaxBinaryMessageBufferSize(maxPayload);
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, List<String>> e : session.getRequestParameterMap().entrySet()) {
            if (!e.getValue().isEmpty()) {
                query.put(e.getKey(), e.getValue().get(0));
            }
        }
        EngineServer.WebSocketSide side = engine.webSocket(query, new Channel(session));
        if (side == null) {
            return;
        }
        session.getUserProperties().put(SIDE, side);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) side::onText);
        session.addMessageHandler(byte[].class, (MessageHandler.Whole<byte[]>) bytes -> {
            LOG.log(Level.DEBUG, "Closing a socket.io WebSocket that sent binary data (not supported)");
            side.onClose();
        });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (session.getUserProperties().remove(SIDE) instanceof EngineServer.WebSocketSide side) {
            side.onClose();
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        LOG.log(Level.DEBUG, "socket.io WebSocket failed: {0}", failure.toString());
    }

    /** A WebSocket as the engine's transport; sends are serialised by the engine. */
    private record Channel(Session session) implements Transport {
        @Override
        public void send(String packet) throws IOException {
            session.getBasicRemote().sendText(packet);
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Closing failed: {0}", e.toString());
            }
        }
    }
}
