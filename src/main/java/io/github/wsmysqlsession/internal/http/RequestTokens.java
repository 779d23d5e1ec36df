package io.github.wsmysqlsession.internal.http;

import io.github.wsmysqlsession.SessionSettings;
import java.util.function.Function;

/**
 * Finds the token an HTTP request carries, by the settings: the token header ({@code Authorization:
 * Bearer <token>} by default, or the whole value of the header the settings name), else the cookie
 * and then the query parameter, each only when the settings turn it on. Plain Java, so that it
 * works for servlets and Jakarta REST alike. Thread-safe.
 */
public final class RequestTokens {

    private static final String BEARER = "Bearer ";
    private static final String AUTHORIZATION = "Authorization";

    private final SessionSettings settings;

    /** @param settings which header, cookie and parameter to read */
    public RequestTokens(SessionSettings settings) {
        this.settings = settings;
    }

    /**
     * @param header a request header's value by name, or {@code null}
     * @param cookie a cookie's value by name, or {@code null}
     * @param parameter a query parameter's value by name, or {@code null}
     * @return the token as carried (not yet checked), or {@code null} when the request carries none
     */
    public String find(Function<String, String> header, Function<String, String> cookie,
            Function<String, String> parameter) {
        String token = fromHeader(header.apply(settings.httpTokenHeader()));
        if (token == null && !settings.httpTokenCookie().isEmpty()) {
            token = blankToNull(cookie.apply(settings.httpTokenCookie()));
        }
        if (token == null && !settings.httpTokenParameter().isEmpty()) {
            token = blankToNull(parameter.apply(settings.httpTokenParameter()));
        }
        return token;
    }

    /** @return the scheme a 401 names in {@code WWW-Authenticate}, or {@code null} for a custom header */
    public String challenge() {
        return AUTHORIZATION.equalsIgnoreCase(settings.httpTokenHeader()) ? "Bearer" : null;
    }

    private String fromHeader(String value) {
        if (value == null) {
            return null;
        }
        if (!AUTHORIZATION.equalsIgnoreCase(settings.httpTokenHeader())) {
            return blankToNull(value);
        }
        // RFC 6750: the scheme is case-insensitive; any other scheme (Basic, ...) is not ours
        return value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? blankToNull(value.substring(BEARER.length())) : null;
    }

    private static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
