package io.github.wsmysqlsession.internal.endpoint;

import io.github.wsmysqlsession.internal.core.SessionService;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What sits in front of a session-enabled annotated endpoint's methods, whoever intercepts them (the
 * CDI interceptor, or the Spring module's proxy): gives the connection its session before any method
 * runs, answers {@code getToken} frames instead of passing them to {@code @OnMessage}, and forgets the
 * connection after {@code @OnClose}. Finds the connection and the text among the method's
 * parameters: the text is the {@code String} parameter without {@code @PathParam}, as the container
 * decides which parameter receives the message.
 */
public final class AnnotatedEndpointCalls {

    private AnnotatedEndpointCalls() {
    }

    /**
     * @param service the application's token service, asked for only when the call has a connection
     * @param method the endpoint method called
     * @param params its arguments
     * @param proceed calls the endpoint method
     * @param release run after {@code @OnClose} returned or threw, to release the endpoint instance
     * @return the method's result, or for an answered {@code getToken} the reply when the method returns
     *     {@code String} and {@code null} otherwise
     * @throws Exception whatever the endpoint method throws
     */
    public static Object around(Supplier<SessionService> service, Method method, Object[] params,
            Callable<Object> proceed, Runnable release) throws Exception {
        Session socket = null;
        String text = null;
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Session s) {
                socket = s;
            } else if (params[i] instanceof String t && text == null && !isPathParam(annotations[i])) {
                // the message, as the WebSocket container finds it: the String without @PathParam
                text = t;
            }
        }
        if (socket == null) {
            return proceed.call();
        }
        SessionService manager = service.get();
        manager.sessionOf(socket);
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
                return proceed.call();
            } finally {
                manager.onClose(socket);
                release.run();
            }
        }
        return manager.runHandler(socket, proceed); // deferWrites: the handler's sets in one statement
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
