package io.github.wsmysqlsession.internal.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;

/** Reads a Jakarta REST request's token; see {@link ServletRequests}. */
public final class JaxRsRequests {

    private JaxRsRequests() {
    }

    /**
     * @param request the request
     * @param tokens where to look
     * @return the token it carries, or {@code null}
     */
    public static String token(ContainerRequestContext request, RequestTokens tokens) {
        return tokens.find(request::getHeaderString, name -> {
            Cookie c = request.getCookies().get(name);
            return c == null ? null : c.getValue();
        }, name -> request.getUriInfo().getQueryParameters().getFirst(name));
    }
}
