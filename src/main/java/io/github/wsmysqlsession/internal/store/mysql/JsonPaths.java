package io.github.wsmysqlsession.internal.store.mysql;

import io.github.wsmysqlsession.internal.json.JsonText;

/**
 * The JSON path of a session key: {@code $."key"}, with the key escaped exactly as the library
 * writes keys ({@link JsonText#quote}). MariaDB copies a new key's path text verbatim into the
 * document, so one fixed escaping keeps keys readable by {@code JSON.parse} and by this library; any
 * string works, including quotes, backslashes, NUL and emoji (as surrogate escapes, which the utf8
 * column holds).
 *
 * <p>MariaDB (10.11 and 11.4 alike) rejects a quoted member that starts with {@code -} as a path
 * syntax error, so a leading dash is written as its escape {@code \u002d}: MariaDB matches it
 * against an existing {@code "-key"} (written by Node or by a whole-row write) and a new key lands
 * as {@code "\u002dkey"}, which every JSON parser reads as {@code "-key"}. Only the leading dash:
 * {@code JSON_EXTRACT} on 10.11 finds no key whose inner dashes are escaped (and none with a leading
 * one, escaped or not: see {@link KeyUpdates}), so escaping every dash, a way around MDEV-29381 of
 * 10.9 and 10.10, would break the reads of keys like {@code "user-id"} everywhere else.
 */
final class JsonPaths {

    private JsonPaths() {
    }

    /**
     * How deeply a value's arrays and objects may nest: MariaDB's JSON functions return {@code NULL}
     * for a document deeper than 32 levels (a non-strict {@code sql_mode} would store it, wiping the
     * session), and the session document is one level more.
     */
    static final int MAX_VALUE_DEPTH = 30;

    /**
     * @param key the session key, for the message
     * @param json a value to store
     * @return {@code json}
     * @throws IllegalArgumentException when it nests deeper than {@link #MAX_VALUE_DEPTH}
     */
    static String value(String key, String json) {
        int depth = JsonText.depth(json);
        if (depth > MAX_VALUE_DEPTH) {
            throw new IllegalArgumentException("The value for session key " + JsonText.quote(key) + " nests arrays "
                    + "and objects " + depth + " levels deep; the database stores at most " + MAX_VALUE_DEPTH
                    + ": flatten it");
        }
        return json;
    }

    static String path(String key) {
        String quoted = JsonText.quote(key);
        return key.startsWith("-") ? "$.\"\\u002d" + quoted.substring(2) : "$." + quoted;
    }
}
