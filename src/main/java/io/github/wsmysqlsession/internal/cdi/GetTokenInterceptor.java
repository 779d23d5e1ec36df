package io.github.wsmysqlsession.internal.cdi;

import io.github.wsmysqlsession.internal.endpoint.AnnotatedEndpointCalls;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Sits in front of a session-enabled endpoint's methods in CDI and hands each call to
 * {@link AnnotatedEndpointCalls}: it answers {@code getToken} frames instead of passing them to
 * {@code @OnMessage}, and after {@code @OnClose} this releases the instance {@link EndpointInstances}
 * made.
 */
@SessionBound
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class GetTokenInterceptor {

    @Inject
    CdiSessionService service;

    /** For CDI. */
    public GetTokenInterceptor() {
        // fields are injected
    }

    /**
     * @param ctx the intercepted call
     * @return the method's result, or for an answered {@code getToken} the reply when the method returns
     *     {@code String} and {@code null} otherwise
     * @throws Exception whatever the endpoint method throws
     */
    @AroundInvoke
    public Object aroundInvoke(InvocationContext ctx) throws Exception {
        return AnnotatedEndpointCalls.around(service::service, ctx.getMethod(), ctx.getParameters(), ctx::proceed,
                () -> EndpointInstances.release(ctx.getTarget()));
    }
}
