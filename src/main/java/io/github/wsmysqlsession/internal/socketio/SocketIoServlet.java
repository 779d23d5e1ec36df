package io.github.wsmysqlsession.internal.socketio;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The long-polling transport of the socket.io endpoint in a servlet container: a GET waits (async)
 * for the server's packets, a POST carries the client's. Registered by {@code SocketIoInitializer}
 * on the endpoint's path with async support.
 */
final class SocketIoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SocketIoService service;

    SocketIoServlet(SocketIoService service) {
        this.service = service;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Cors.allow(req.getHeader("Origin"), resp::setHeader);
        EngineServer engine = service.engine();
        switch (req.getMethod()) {
            case "OPTIONS" -> {
                Cors.preflight(req.getHeader("Access-Control-Request-Headers"), resp::setHeader);
                resp.setStatus(204);
            }
            case "GET" -> {
                AsyncContext async = req.startAsync();
                async.setTimeout(engine.pollWaitMillis());
                Reply reply = new Reply(resp, async);
                EngineSocket socket = engine.get(EngineServer.firstValues(req.getParameterMap()), reply);
                if (socket != null) {
                    async.addListener(new Expiry(socket, reply));
                }
            }
            case "POST" -> engine.post(EngineServer.firstValues(req.getParameterMap()), req.getContentLengthLong(),
                    req.getInputStream(), new Reply(resp, null));
            default -> resp.sendError(405);
        }
    }

    /** A wait the container ended (timeout or error): answered with a noop if the engine still holds it. */
    private record Expiry(EngineSocket socket, Reply reply) implements AsyncListener {
        @Override
        public void onTimeout(AsyncEvent event) {
            socket.pollTimedOut(reply);
        }

        @Override
        public void onError(AsyncEvent event) {
            socket.pollTimedOut(reply);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // answered
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }

    /** An answer on the servlet response, completing the async request when there is one. */
    private static final class Reply extends HttpReply {
        private final HttpServletResponse resp;
        private final AsyncContext async;

        Reply(HttpServletResponse resp, AsyncContext async) {
            this.resp = resp;
            this.async = async;
        }

        @Override
        void write(int status, String contentType, byte[] body, boolean closeConnection) throws IOException {
            resp.setStatus(status);
            if (closeConnection) {
                resp.setHeader("Connection", "close");
            }
            resp.setContentType(contentType);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }

        @Override
        void end() {
            if (async != null) {
                async.complete();
            }
        }
    }
}
