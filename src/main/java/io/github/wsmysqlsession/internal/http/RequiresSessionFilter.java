package io.github.wsmysqlsession.internal.http;

import io.github.wsmysqlsession.RequiresSession;
import io.github.wsmysqlsession.internal.cdi.RequestSessionHolder;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers 401 for a request to a resource marked {@link RequiresSession} that carries no token, or
 * the token of no live session; found by the Jakarta REST runtime's scan of the application's jars.
 */
@Provider
@RequiresSession
@Priority(Priorities.AUTHENTICATION)
public final class RequiresSessionFilter implements ContainerRequestFilter {

    /** The 401's body. */
    public static final String NO_SESSION = "No session: send the token of a live session";

    /** For the Jakarta REST runtime. */
    public RequiresSessionFilter() {
        // stateless
    }

    @Override
    public void filter(ContainerRequestContext request) {
        RequestSessionHolder holder = RequestSessionHolder.current();
        if (holder.session(tokens -> JaxRsRequests.token(request, tokens)).isPresent()) {
            return;
        }
        Response.ResponseBuilder r = Response.status(Response.Status.UNAUTHORIZED).type(MediaType.TEXT_PLAIN_TYPE)
                .entity(NO_SESSION);
        String scheme = holder.tokens().challenge();
        if (scheme != null) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, scheme);
        }
        request.abortWith(r.build());
    }
}
