package io.github.wsmysqlsession;

import io.github.wsmysqlsession.internal.cdi.RequestSessionHolder;
import io.github.wsmysqlsession.internal.http.JaxRsRequests;
import io.github.wsmysqlsession.internal.http.ServletRequests;
import jakarta.enterprise.context.Dependent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the {@link SocketSession} of an HTTP request (a servlet's, a Jakarta REST resource's) by the
 * token it carries: {@code Authorization: Bearer <token>} by default, see
 * {@link SessionSettings#httpTokenHeader()}. A request without a token, or with the token of no live
 * session (invented, expired, logged out), has none, and none is made for it. The session is the one
 * the WebSocket connections of the token share: what the request sets they read at once, and its
 * {@link SocketSession#invalidate()} ends the session on them (the request is then left without one).
 * {@link SocketSession#regenerate()} returns the new token, which the application sends back in its
 * response; the session's WebSockets are given new sessions, as for a rotation on another connection.
 *
 * <p>Inject it ({@code @Inject RequestSessions sessions}) or create it with {@code new}; it holds no
 * state. Use it on the request's thread while the request runs (in a Jakarta EE server, where CDI's
 * request context is active): the session is resumed once per request and let go when it ends.
 */
@Dependent
public final class RequestSessions {

    /** Creates one; it holds no state. */
    public RequestSessions() {
        // stateless
    }

    /**
     * @param request the current request of a servlet or servlet filter (a Jakarta REST resource gets
     *     it with {@code @Context HttpServletRequest})
     * @return the session of the token it carries; empty when none is alive
     * @throws SessionStoreException when the session store failed
     * @throws IllegalStateException when no request is active on this thread (outside CDI's request
     *     context)
     */
    public Optional<SocketSession> of(HttpServletRequest request) {
        Objects.requireNonNull(request, "request");
        return RequestSessionHolder.current().session(tokens -> ServletRequests.token(request, tokens));
    }

    /**
     * @param request the request a Jakarta REST filter sees
     * @return the session of the token it carries; empty when none is alive
     * @throws SessionStoreException when the session store failed
     * @throws IllegalStateException when no request is active on this thread
     */
    public Optional<SocketSession> of(ContainerRequestContext request) {
        Objects.requireNonNull(request, "request");
        return RequestSessionHolder.current().session(tokens -> JaxRsRequests.token(request, tokens));
    }
}
