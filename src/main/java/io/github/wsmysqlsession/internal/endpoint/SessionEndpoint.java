package io.github.wsmysqlsession.internal.endpoint;

import io.github.wsmysqlsession.SocketMessageHandler;
import io.github.wsmysqlsession.internal.core.SessionService;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * A session-enabled programmatic endpoint, for servers without CDI: answers {@code getToken} and
 * passes every other text frame to the application's {@link SocketMessageHandler}.
 */
public final class SessionEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(SessionEndpoint.class.getName());

    private final SessionService service;
    private final SocketMessageHandler handler;

    private SessionEndpoint(SessionService service, SocketMessageHandler handler) {
        this.service = service;
        this.handler = handler;
    }

    /**
     * @param path the endpoint's path
     * @param service the started token service
     * @param handler the application's frames
     * @return the configuration to deploy
     */
    public static ServerEndpointConfig config(String path, SessionService service, SocketMessageHandler handler) {
        return EndpointConfigs.of(path, new SessionEndpoint(service, handler));
    }

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        service.sessionOf(socket);
        socket.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onText(text, socket));
    }

    private void onText(String text, Session socket) {
        String reply = service.onMessage(text, socket);
        if (reply != null) {
            if (reply.isEmpty()) {
                return;
            }
            try {
                socket.getBasicRemote().sendText(reply);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "Could not send gotToken: {0}", e.toString());
            }
            return;
        }
        try {
            service.runHandler(socket, () -> {
                handler.onMessage(text, socket, service.sessionOf(socket));
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onClose(Session socket, CloseReason reason) {
        service.onClose(socket);
    }

    @Override
    public void onError(Session socket, Throwable failure) {
        LOG.log(Level.WARNING, "Session endpoint handler failed: {0}", failure.toString());
    }
}
