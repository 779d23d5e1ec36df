package io.github.wsmysqlsession.internal.socketio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The long-polling transport standalone, on the Grizzly HTTP server under a Tyrus server container,
 * so that polling and the WebSocket share one port. Tyrus keeps its Grizzly server to itself (no
 * setting adds a handler), so the running server is taken from the container's {@code server}
 * field; a Tyrus without it fails with a message that says so.
 */
final class GrizzlyPolling extends HttpHandler {

    private static final System.Logger LOG = System.getLogger(GrizzlyPolling.class.getName());

    private final SocketIoService service;

    private GrizzlyPolling(SocketIoService service) {
        this.service = service;
    }

    /**
     * @param tyrus a started Tyrus Grizzly server container
     * @param service the socket.io endpoint
     * @throws IllegalStateException when the container is not Tyrus' Grizzly server container
     */
    static void attach(Object tyrus, SocketIoService service) {
        HttpServer server = null;
        for (Class<?> c = tyrus.getClass(); c != null && server == null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("server");
                f.setAccessible(true);
                server = f.get(tyrus) instanceof HttpServer s ? s : null;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("Cannot reach the Grizzly server of " + tyrus.getClass().getName(), e);
            }
        }
        if (server == null) {
            throw new IllegalStateException("servePollingOn needs a started Tyrus Grizzly server container "
                    + "(ServerContainerFactory.createServerContainer(...), then start(...)); got "
                    + tyrus.getClass().getName() + ". In a servlet container, register socketIoPollingServlet() instead");
        }
        String path = service.path();
        server.getServerConfiguration().addHttpHandler(new GrizzlyPolling(service),
                path.substring(0, path.length() - 1));
    }

    @Override
    public void service(Request req, Response resp) throws IOException {
        Cors.allow(req.getHeader("Origin"), resp::setHeader);
        Map<String, String> query = new HashMap<>();
        req.getParameterMap().forEach((k, v) -> {
            if (v.length > 0) {
                query.put(k, v[0]);
            }
        });
        EngineServer engine = service.engine();
        switch (req.getMethod().getMethodString()) {
            case "OPTIONS" -> {
                Cors.preflight(req.getHeader("Access-Control-Request-Headers"), resp::setHeader);
                resp.setStatus(204);
            }
            case "GET" -> {
                resp.suspend();
                Reply reply = new Reply(resp, true);
                EngineSocket socket = engine.get(query, reply);
                if (socket != null) {
                    long wait = engine.options().pingIntervalMillis() + engine.options().pingTimeoutMillis() + 5_000;
                    reply.expireAfter(engine.timer().schedule(() -> {
                        socket.pollTimedOut(reply);
                        reply.send(200, EngineSocket.PLAIN, "6");
                    }, wait, TimeUnit.MILLISECONDS));
                }
            }
            case "POST" -> {
                Reply reply = new Reply(resp, false);
                String body;
                try {
                    body = PostBodies.read(req.getContentLengthLong(), req.getInputStream(),
                            engine.options().maxPayload());
                } catch (IOException e) { // the client went away or sent a broken body
                    LOG.log(Level.DEBUG, "Could not read a socket.io POST: {0}", e.toString());
                    reply.send(400, EngineServer.JSON, EngineServer.error(3, "Bad request"));
                    return;
                }
                if (body == null) {
                    resp.setHeader("Connection", "close"); // the body is not read: as Node, end the connection
                    reply.send(413, EngineServer.JSON, EngineServer.error(3, "Bad request"));
                } else {
                    engine.post(query, body, reply);
                }
            }
            default -> resp.sendError(405);
        }
    }

    private static final class Reply implements PollResponse {
        private final Response resp;
        private final boolean suspended;
        private boolean sent;
        /** The wait's timeout, cancelled when the poll is answered (polls come thousands a second). */
        private Future<?> timeout;

        Reply(Response resp, boolean suspended) {
            this.resp = resp;
            this.suspended = suspended;
        }

        synchronized void expireAfter(Future<?> task) {
            if (sent) {
                task.cancel(false);
            } else {
                timeout = task;
            }
        }

        @Override
        public synchronized void send(int status, String contentType, String body) {
            if (sent) {
                return;
            }
            sent = true;
            if (timeout != null) {
                timeout.cancel(false);
            }
            try {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                resp.setStatus(status);
                resp.setContentType(contentType);
                resp.setContentLength(bytes.length);
                resp.getOutputStream().write(bytes);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Could not answer a socket.io poll: {0}", e.toString());
            } finally {
                if (suspended) {
                    try {
                        resp.resume();
                    } catch (RuntimeException e) {
                        LOG.log(Level.DEBUG, "The poll was over already: {0}", e.toString());
                    }
                }
            }
        }
    }
}
