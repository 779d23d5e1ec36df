package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.internal.json.JsonText;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;

/** Session values to and from JSON text with JSON-B. Thread-safe. */
final class JsonValues {

    /**
     * How deeply a value's arrays and objects may nest: the MySQL store's limit (MariaDB's JSON
     * functions give up at 32 levels and the session document is one more), checked here before any
     * write so that the connection's copy and every store agree.
     */
    static final int MAX_DEPTH = 30;

    private final Jsonb jsonb;

    JsonValues(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    String toJson(String key, Object value) {
        if (value == null) {
            return "null";
        }
        // the common values without JSON-B's writer: the same JSON, a few microseconds less per set
        if (value instanceof String text) {
            if (JsonText.unpairedSurrogate(text) >= 0) {
                throw unpaired(key);
            }
            return JsonText.quote(text);
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        String json;
        try {
            json = jsonb.toJson(value);
        } catch (JsonbException | StackOverflowError e) {
            throw new IllegalArgumentException("The value for session key " + JsonText.quote(key) + " of "
                    + value.getClass().getName() + " cannot be written as JSON with JSON-B: " + e.getMessage()
                    + "; store strings, numbers, booleans, collections, maps, records or beans", e);
        }
        int bad = JsonText.unpairedSurrogate(json);
        if (bad >= 0) {
            throw unpaired(key);
        }
        if (JsonText.depth(json) > MAX_DEPTH) {
            throw new IllegalArgumentException("The value for session key " + JsonText.quote(key) + " nests arrays "
                    + "and objects " + JsonText.depth(json) + " levels deep; the database stores at most " + MAX_DEPTH
                    + ": flatten it");
        }
        return JsonText.escapeSupplementary(json);
    }

    private static IllegalArgumentException unpaired(String key) {
        return new IllegalArgumentException("The value for session key " + JsonText.quote(key)
                + " holds text with an unpaired surrogate; it is not valid Unicode and cannot be stored");
    }

    <T> T fromJson(String key, String json, Type type) {
        try {
            return jsonb.fromJson(json, type);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("The value for session key " + JsonText.quote(key)
                    + " cannot be read as " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }
}
