package io.github.wsmysqlsession.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Finds a parameter in a raw query string. The servlet's {@code getParameter} would also read (and
 * use up) a form body that a REST resource wants to read itself.
 */
final class QueryStrings {

    private QueryStrings() {
    }

    /** @return the first value of {@code name} in {@code query}, decoded, or {@code null} */
    static String first(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(key).equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a malformed escape: compared as it is, so it matches nothing of ours
        }
    }
}
