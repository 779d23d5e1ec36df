package io.github.wsmysqlsession.standalone;

import io.github.wsmysqlsession.core.SessionManager;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * A session-enabled endpoint without a container: answers {@code getToken} and passes every other
 * text frame to a {@link SocketMessageHandler}. For a Tyrus standalone server:
 *
 * <pre>{@code
 * SessionManager manager = new SessionManager(emf, dataSource, SessionSettings.defaults());
 * manager.start();
 * ServerEndpointConfig chat = SessionEndpoint.config("/chat", manager, (text, socket, session) -> {
 *     session.set("last", text);
 * });
 * }</pre>
 */
public final class SessionEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(SessionEndpoint.class.getName());

    private final SessionManager manager;
    private final SocketMessageHandler handler;

    private SessionEndpoint(SessionManager manager, SocketMessageHandler handler) {
        this.manager = manager;
        this.handler = handler;
    }

    /**
     * @param path the endpoint's path, for example {@code /chat}
     * @param manager the started session manager
     * @param handler the application's frames
     * @return the configuration to deploy, for example with Tyrus' {@code Server}
     */
    public static ServerEndpointConfig config(String path, SessionManager manager, SocketMessageHandler handler) {
        Objects.requireNonNull(path, "path");
        SessionEndpoint endpoint = new SessionEndpoint(Objects.requireNonNull(manager, "manager"),
                Objects.requireNonNull(handler, "handler"));
        return ServerEndpointConfig.Builder.create(SessionEndpoint.class, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }
                }).build();
    }

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        manager.sessionOf(socket);
        socket.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onText(text, socket));
    }

    private void onText(String text, Session socket) {
        String reply = manager.onMessage(text, socket);
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
            manager.runHandler(socket, () -> {
                handler.onMessage(text, socket, manager.sessionOf(socket));
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
        manager.onClose(socket);
    }

    @Override
    public void onError(Session socket, Throwable failure) {
        LOG.log(Level.WARNING, "Session endpoint handler failed: {0}", failure.toString());
    }
}
