package io.github.wsmysqlsession.internal.endpoint;

/**
 * Makes the instances of session-enabled annotated endpoints where CDI does not: the Spring module's
 * implementation creates them from the application context and wraps them so that
 * {@link AnnotatedEndpointCalls} sees every call. Installed in {@link EndpointFactories}.
 */
public interface EndpointFactory {

    /**
     * @param type the endpoint class, from its {@code @ServerEndpoint} annotation
     * @param <T> its type
     * @return a new instance for one connection, whose calls go through {@link AnnotatedEndpointCalls}
     * @throws InstantiationException when the instance cannot be made
     */
    <T> T create(Class<T> type) throws InstantiationException;
}
