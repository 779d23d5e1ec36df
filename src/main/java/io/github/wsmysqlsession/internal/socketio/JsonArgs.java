package io.github.wsmysqlsession.internal.socketio;

import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.io.StringReader;

/** Event arguments to and from JSON, with JSON-B; {@link JsonValue}s go as they are. Thread-safe. */
final class JsonArgs {

    private final Jsonb jsonb;

    JsonArgs(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    /** @return the arguments as JSON, joined by commas (no brackets) */
    String joined(Object... args) {
        StringBuilder s = new StringBuilder();
        for (Object arg : args == null ? new Object[] {null} : args) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(toJson(arg));
        }
        return s.toString();
    }

    private String toJson(Object arg) {
        if (arg == null) {
            return "null";
        }
        if (arg instanceof JsonValue v) {
            return v.toString();
        }
        try {
            String json = jsonb.toJson(arg);
            try (var reader = Jsonp.PROVIDER.createReader(new StringReader(json))) {
                reader.readValue(); // JSON-B writes a bare string for some types: make sure it is JSON
            }
            return json;
        } catch (JsonbException | jakarta.json.JsonException e) {
            throw new IllegalArgumentException("Cannot send a " + arg.getClass().getName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    <T> T fromJson(JsonValue value, Class<T> type) {
        // the common shapes without a round trip through text and JSON-B (only JSON-P types as they
        // are: a JsonObject is a Map too, but JSON-B maps it to a Map of plain values)
        if (JsonValue.class.isAssignableFrom(type) && type.isInstance(value)) {
            return type.cast(value);
        }
        if (type == String.class && value instanceof jakarta.json.JsonString s) {
            return type.cast(s.getString());
        }
        try {
            return jsonb.fromJson(value.toString(), type);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("The argument " + value + " does not map to " + type.getName()
                    + ": " + e.getMessage(), e);
        }
    }
}
