package io.github.wsmysqlsession.internal.socketio;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The long-polling transport of the socket.io endpoint in a servlet container: a GET waits (async)
 * for the server's packets, a POST carries the client's. Registered by {@link SocketIoInitializer}
 * on the endpoint's path with async support.
 */
final class SocketIoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(SocketIoServlet.class.getName());

    private final transient SocketIoService service;

    SocketIoServlet(SocketIoService service) {
        this.service = service;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Cors.allow(req.getHeader("Origin"), resp::setHeader);
        Map<String, String> query = query(req);
        EngineServer engine = service.engine();
        switch (req.getMethod()) {
            case "OPTIONS" -> {
                Cors.preflight(req.getHeader("Access-Control-Request-Headers"), resp::setHeader);
                resp.setStatus(204);
            }
            case "GET" -> {
                AsyncContext async = req.startAsync();
                async.setTimeout(engine.options().pingIntervalMillis() + engine.options().pingTimeoutMillis() + 5_000);
                Reply reply = new Reply(resp, async);
                EngineSocket socket = engine.get(query, reply);
                async.addListener(new AsyncListener() {
                    @Override
                    public void onTimeout(AsyncEvent event) {
                        if (socket != null) {
                            socket.pollTimedOut(reply);
                        }
                        reply.send(200, EngineSocket.PLAIN, "6");
                    }

                    @Override
                    public void onComplete(AsyncEvent event) {
                        // done
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                        if (socket != null) {
                            socket.pollTimedOut(reply);
                        }
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        // not restarted
                    }
                });
            }
            case "POST" -> {
                Reply reply = new Reply(resp, null);
                String body;
                try {
                    body = PostBodies.read(req.getContentLengthLong(), req.getInputStream(), engine.options().maxPayload());
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

    private static Map<String, String> query(HttpServletRequest req) {
        Map<String, String> query = new HashMap<>();
        req.getParameterMap().forEach((k, v) -> {
            if (v.length > 0) {
                query.put(k, v[0]);
            }
        });
        return query;
    }

    /** One answer, written once, completing the async request when there is one. */
    private static final class Reply implements PollResponse {
        private final HttpServletResponse resp;
        private final AsyncContext async;
        private boolean sent;

        Reply(HttpServletResponse resp, AsyncContext async) {
            this.resp = resp;
            this.async = async;
        }

        @Override
        public synchronized void send(int status, String contentType, String body) {
            if (sent) {
                return;
            }
            sent = true;
            try {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                resp.setStatus(status);
                resp.setContentType(contentType);
                resp.setContentLength(bytes.length);
                resp.getOutputStream().write(bytes);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Could not answer a socket.io poll: {0}", e.toString());
            } finally {
                if (async != null) {
                    try {
                        async.complete();
                    } catch (IllegalStateException e) {
                        LOG.log(Level.DEBUG, "The poll was over already: {0}", e.toString());
                    }
                }
            }
        }
    }
}
