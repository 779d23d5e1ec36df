package io.github.wsmysqlsession.spring;

import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.internal.endpoint.AnnotatedEndpointCalls;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.function.Consumer;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

/**
 * The Spring counterpart of the library's CDI interceptor: hands each call of an endpoint proxy to
 * {@link AnnotatedEndpointCalls}, which answers {@code getToken} frames before {@code @OnMessage} and
 * forgets the connection after {@code @OnClose}, when this also releases the instance. One advice
 * serves every proxy of a factory, so that Spring makes the proxy class once per endpoint class and
 * reuses it for every connection. Thread-safe.
 */
final class GetTokenAdvice implements MethodInterceptor {

    private final SessionService service;
    private final Consumer<Object> release;

    /**
     * @param service the token service
     * @param release releases an endpoint instance (the proxy's target) after its {@code @OnClose}
     */
    GetTokenAdvice(SessionService service, Consumer<Object> release) {
        this.service = service;
        this.release = release;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        return AnnotatedEndpointCalls.around(() -> service, invocation.getMethod(), invocation.getArguments(),
                () -> proceed(invocation), () -> release.accept(invocation.getThis()));
    }

    private static Object proceed(MethodInvocation invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t); // neither Exception nor Error: cannot happen in Java
        }
    }
}
