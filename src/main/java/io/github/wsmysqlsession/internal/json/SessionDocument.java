package io.github.wsmysqlsession.internal.json;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code data} column's format: one JSON object of the session's values, as the Node package
 * writes it with {@code JSON.stringify}. Values are kept as their JSON text, with characters outside
 * the Basic Multilingual Plane escaped ({@link JsonText#escapeSupplementary}). Stateless.
 */
public final class SessionDocument {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private SessionDocument() {
    }

    /**
     * @param data the column's value; {@code null} and {@code ""} are an empty session
     * @return the values by key, each as JSON text, in the document's order; a new mutable map
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static Map<String, String> parse(String data) {
        if (data == null || data.isBlank()) {
            return new LinkedHashMap<>();
        }
        Map<String, String> flat = FlatDocument.parse(data);
        return flat != null ? flat : parseTree(data);
    }

    /** {@link #parse} of any document, through a JSON tree; package-private for the test that compares. */
    static Map<String, String> parseTree(String data) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonValue doc;
        try (JsonReader reader = READERS.createReader(new StringReader(data))) {
            doc = reader.readValue();
        } catch (RuntimeException e) {
            // JsonException for bad syntax, and a plain RuntimeException from Parsson's nesting limit
            throw new IllegalArgumentException("stored session data is not valid JSON", e);
        }
        if (!(doc instanceof JsonObject object)) {
            throw new IllegalArgumentException("stored session data is not a JSON object");
        }
        object.forEach((key, value) -> values.put(key, JsonText.escapeSupplementary(value.toString())));
        return values;
    }

    /**
     * @param values the values by key, each as JSON text
     * @return the JSON object holding them
     */
    public static String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(64);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.quote(e.getKey(), out);
            out.append(':').append(e.getValue());
        }
        return out.append('}').toString();
    }

    /**
     * The size check of every {@code set}, without building the text.
     *
     * @param values JSON texts by key
     * @return {@code JsonText.utf8Length(render(values))}
     */
    public static int renderedLength(Map<String, String> values) {
        int n = 2 + Math.max(0, values.size() - 1);
        for (Map.Entry<String, String> e : values.entrySet()) {
            n += JsonText.quotedLength(e.getKey()) + 1 + JsonText.utf8Length(e.getValue());
        }
        return n;
    }
}
