package io.github.wsmysqlsession;

import io.github.wsmysqlsession.core.SessionManager;
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
     *     {@code configurator = MySqlSessionConfigurator.class} (or a standalone session endpoint)
     * @return the connection's session; not ready until the client has sent {@code getToken}
     * @throws IllegalStateException when the connection's endpoint is not session-enabled
     */
    public SocketSession of(Session socket) {
        Object session = Objects.requireNonNull(socket, "socket").getUserProperties().get(SessionManager.USER_PROPERTY);
        if (session instanceof SocketSession s) {
            return s;
        }
        throw new IllegalStateException("This connection has no SocketSession: declare the endpoint with "
                + "@ServerEndpoint(value = ..., configurator = MySqlSessionConfigurator.class), or in a "
                + "standalone server create it with SessionEndpoint.config(...)");
    }
}
