package io.github.wsmysqlsession;

import io.github.wsmysqlsession.internal.cdi.EndpointInstances;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Makes an annotated endpoint session-enabled:
 * {@code @ServerEndpoint(value = "/chat", configurator = MySqlSessionConfigurator.class)}.
 *
 * <p>Each connection's endpoint instance comes from CDI (so {@code @Inject} works in every server)
 * and is wrapped with the library's interceptor, which answers {@code getToken} frames before the
 * endpoint's {@code @OnMessage} sees them and gives the connection its {@link SocketSession}. For the
 * interceptor to find the connection, the endpoint's {@code @OnMessage} method must declare a
 * {@code String} text parameter and a {@code jakarta.websocket.Session} parameter; declare an
 * {@code @OnClose} method (it may be empty) so the instance is released when the connection closes.
 * Needs CDI; without a container use {@link SessionManager#endpoint}.
 */
public class MySqlSessionConfigurator extends ServerEndpointConfig.Configurator {

    /** Called by the WebSocket container. */
    public MySqlSessionConfigurator() {
        // the container creates one per endpoint
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        return EndpointInstances.create(endpointClass);
    }
}
