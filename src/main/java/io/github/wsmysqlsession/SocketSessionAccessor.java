package io.github.wsmysqlsession;

import io.github.wsmysqlsession.internal.core.SessionService;
import jakarta.enterprise.context.Dependent;
import jakarta.websocket.Session;
import java.util.Objects;

/**
 * Finds the {@link SocketSession} of a WebSocket connection. Inject it into a session-enabled
 * endpoint ({@code @Inject SocketSessionAccessor sessions}) or create one with {@code new}; it holds
 * no state and is thread-safe.
 */
@Dependent
public final class SocketSessionAccessor {

    /** Creates an accessor; it holds no state. */
    public SocketSessionAccessor() {
        // stateless
    }

    /**
     * @param socket a connection of an endpoint declared with
     *     {@code configurator = MySqlSessionConfigurator.class}, or of one made by
     *     {@link SessionManager#endpoint}
     * @return the connection's session; not ready until the client has sent {@code getToken}
     * @throws IllegalStateException when the connection's endpoint is not session-enabled
     */
    public SocketSession of(Session socket) {
        SocketSession session = SessionService.find(Objects.requireNonNull(socket, "socket"));
        if (session != null) {
            return session;
        }
        throw new IllegalStateException("This connection has no SocketSession: declare the endpoint with "
                + "@ServerEndpoint(value = ..., configurator = MySqlSessionConfigurator.class), or in a "
                + "standalone server make it with SessionManager.endpoint(...)");
    }
}
