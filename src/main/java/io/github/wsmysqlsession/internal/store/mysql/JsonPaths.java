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
 * as {@code "\u002dkey"}, which every JSON parser reads as {@code "-key"}.
 */
final class JsonPaths {

    private JsonPaths() {
    }

    static String path(String key) {
        String quoted = JsonText.quote(key);
        return key.startsWith("-") ? "$.\"\\u002d" + quoted.substring(2) : "$." + quoted;
    }
}
