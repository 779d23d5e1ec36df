package io.github.wsmysqlsession.core;

/** How tokens may appear in logs: never whole. */
final class Tokens {

    private Tokens() {
    }

    /**
     * @param token a token or {@code ""}
     * @return its first 6 characters, enough to correlate log lines, too few to use
     */
    static String prefix(String token) {
        return token.length() <= 6 ? token : token.substring(0, 6);
    }

    static String forLog(String token) {
        return token.isEmpty() ? "(none)" : prefix(token) + "...";
    }
}
