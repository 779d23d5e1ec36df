package io.github.wsmysqlsession;

import io.github.wsmysqlsession.internal.cdi.EndpointInstances;
import io.github.wsmysqlsession.internal.endpoint.EndpointFactories;
import io.github.wsmysqlsession.internal.endpoint.EndpointFactory;
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
 * {@code @OnClose} method with a {@code Session} parameter (its body may be empty) so the connection's
 * session is forgotten and the instance released when the connection closes: without the parameter
 * neither happens.
 * Needs CDI, or Spring Boot with the {@code websocket-mysql-session-spring} module (which creates
 * each instance with the application context instead, so {@code @Autowired} works); without either
 * use {@link SessionManager#endpoint}.
 */
public class MySqlSessionConfigurator extends ServerEndpointConfig.Configurator {

    /** Called by the WebSocket container. */
    public MySqlSessionConfigurator() {
        // the container creates one per endpoint
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        EndpointFactory factory = EndpointFactories.installed();
        // EndpointInstances is only loaded on the CDI path: outside a container the CDI API may be absent
        return factory != null ? factory.create(endpointClass) : EndpointInstances.create(endpointClass);
    }
}
