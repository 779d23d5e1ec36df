package io.github.wsmysqlsession.internal.endpoint;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;

/** Configurations of the library's programmatic endpoints, each served by one instance. */
public final class EndpointConfigs {

    private EndpointConfigs() {
    }

    /**
     * @param path the endpoint's path
     * @param endpoint the instance every connection gets (it keeps no per-connection state)
     * @return the configuration to deploy
     */
    public static ServerEndpointConfig of(String path, Endpoint endpoint) {
        return ServerEndpointConfig.Builder.create(endpoint.getClass(), path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }
                }).build();
    }
}
