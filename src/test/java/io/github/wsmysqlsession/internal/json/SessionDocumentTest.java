package io.github.wsmysqlsession.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionDocumentTest {

    @Test
    void nodeRowsParseToJsonTextPerKey() {
        assertThat(SessionDocument.parse("{\"userId\":\"42\",\"cart\":[1,2],\"n\":null}"))
                .containsExactly(Map.entry("userId", "\"42\""), Map.entry("cart", "[1,2]"), Map.entry("n", "null"));
        assertThat(SessionDocument.parse(null)).isEmpty();
        assertThat(SessionDocument.parse("")).isEmpty();
    }

    @Test
    void nonObjectsAreRejected() {
        assertThatThrownBy(() -> SessionDocument.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionDocument.parse("{bad")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionDocument.parse("{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renderEscapesKeysAndRoundTrips() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("q\"b\\s\u0000\n😀", "1");
        values.put("plain", "\"x\"");
        String json = SessionDocument.render(values);
        assertThat(json).isEqualTo("{\"q\\\"b\\\\s\\u0000\\n\\ud83d\\ude00\":1,\"plain\":\"x\"}");
        assertThat(SessionDocument.parse(json)).isEqualTo(values);
    }

    @Test
    void renderedLengthIsTheUtf8LengthOfTheRenderedText() {
        Map<String, String> values = new LinkedHashMap<>();
        assertThat(SessionDocument.renderedLength(values)).isEqualTo(2);
        values.put("q\"b\\s\u0000\u001f\n\r\t\b\f😀\ud800", "1");
        values.put("é€ plain", "\"x é € \\ud83d\\ude00\"");
        values.put("", "{\"nested\":[1,null]}");
        values.put("emoji value", "\"😀 raw\"");
        String json = SessionDocument.render(values);
        assertThat(SessionDocument.renderedLength(values))
                .isEqualTo(json.getBytes(StandardCharsets.UTF_8).length)
                .isEqualTo(JsonText.utf8Length(json));
        assertThat(JsonText.utf8Length("a\ud800b")).as("an unpaired surrogate encodes as '?'")
                .isEqualTo("a\ud800b".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void unpairedSurrogatesAreFound() {
        assertThat(JsonText.unpairedSurrogate("ok 😀")).isEqualTo(-1);
        assertThat(JsonText.unpairedSurrogate("a\ud800b")).isEqualTo(1);
        assertThat(JsonText.unpairedSurrogate("\udfff")).isZero();
        assertThat(JsonText.unpairedSurrogate("😀\ud83d")).isEqualTo(2);
    }

    @Test
    void supplementaryCharactersBecomeEscapesSoAUtf8mb3ColumnHoldsThem() {
        assertThat(JsonText.escapeSupplementary("\"a😀b\"")).isEqualTo("\"a\\ud83d\\ude00b\"");
        assertThat(JsonText.escapeSupplementary("\"plain é\"")).isEqualTo("\"plain é\"");
        assertThat(JsonText.utf8Length("é")).isEqualTo(2);
    }
}
