package io.github.wsmysqlsession.internal.cdi;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/**
 * Sits in front of a session-enabled endpoint's methods: gives the connection its session before any
 * of them runs, answers {@code getToken} frames instead of passing them to {@code @OnMessage}, and
 * forgets the connection after {@code @OnClose}. Finds the connection and the text among the
 * method's parameters: the text is the {@code String} parameter without {@code @PathParam}, as the
 * container decides which parameter receives the message.
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
        Session socket = null;
        String text = null;
        Object[] params = ctx.getParameters();
        Annotation[][] annotations = ctx.getMethod().getParameterAnnotations();
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Session s) {
                socket = s;
            } else if (params[i] instanceof String t && text == null && !isPathParam(annotations[i])) {
                // the message, as the WebSocket container finds it: the String without @PathParam
                text = t;
            }
        }
        if (socket == null) {
            return ctx.proceed();
        }
        var manager = service.service();
        manager.sessionOf(socket);
        Method method = ctx.getMethod();
        if (text != null && method.isAnnotationPresent(OnMessage.class)) {
            String reply = manager.onMessage(text, socket);
            if (reply != null) {
                if (reply.isEmpty()) {
                    return null; // the connection is being closed for flooding
                }
                if (method.getReturnType() == String.class) {
                    return reply;
                }
                socket.getBasicRemote().sendText(reply);
                return null;
            }
        }
        if (method.isAnnotationPresent(OnClose.class)) {
            try {
                return ctx.proceed();
            } finally {
                manager.onClose(socket);
                EndpointInstances.release(ctx.getTarget());
            }
        }
        return manager.runHandler(socket, ctx::proceed); // deferWrites: the handler's sets in one statement
    }

    private static boolean isPathParam(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof PathParam) {
                return true;
            }
        }
        return false;
    }
}
