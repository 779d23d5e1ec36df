package io.github.wsmysqlsession.internal.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a servlet request's token. Only this class and {@link JaxRsRequests} touch the request APIs,
 * so that an application without them never loads them.
 */
public final class ServletRequests {

    private ServletRequests() {
    }

    /**
     * @param request the request
     * @param tokens where to look
     * @return the token it carries, or {@code null}
     */
    public static String token(HttpServletRequest request, RequestTokens tokens) {
        return tokens.find(request::getHeader, name -> cookie(request, name),
                name -> QueryStrings.first(request.getQueryString(), name));
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
        }
        return null;
    }
}
