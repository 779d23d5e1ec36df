package io.github.wsmysqlsession.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values {@code set} writes: the fast path for strings and numbers says what JSON-B would. */
class JsonValuesTest {

    final Jsonb jsonb = JsonbBuilder.create();
    final JsonValues values = new JsonValues(jsonb);

    static JsonValue parse(String json) {
        return Json.createReader(new StringReader(json)).readValue();
    }

    @Test
    void stringsAreTheSameJsonAsJsonBWrites() {
        for (String s : List.of("", "plain", "q\"uote", "back\\slash", "nul\u0000 bell\u0007 del\u007f",
                "\n\r\t\b\f", "é € ü", "emoji 😀", "</script>", "\u2028\u2029", "' OR 1=1 --")) {
            String fast = values.toJson("k", s);
            assertThat(parse(fast)).as(s).isEqualTo(parse(jsonb.toJson(s))).isEqualTo(Json.createValue(s));
            assertThat(fast).as("supplementary characters escaped for the utf8mb3 column").doesNotContain("😀");
        }
    }

    @Test
    void numbersAndBooleansAreWhatJsonBWrites() {
        for (Object v : List.of(0, -7, Integer.MAX_VALUE, Long.MIN_VALUE, 42L, true, false)) {
            assertThat(values.toJson("k", v)).isEqualTo(jsonb.toJson(v));
        }
    }

    @Test
    void unpairedSurrogatesAreRefusedOnBothPaths() {
        assertThatThrownBy(() -> values.toJson("k", "a\ud800b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> values.toJson("k", List.of("a\udc00"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void valuesNestedDeeperThanTheDatabaseStoresAreRefusedAndBracketsInStringsDoNotCount() {
        Object deep = List.of();
        for (int i = 1; i < 30; i++) {
            deep = List.of(deep);
        }
        assertThat(values.toJson("k", deep)).hasSize(60);
        Object deeper = List.of(deep);
        assertThatThrownBy(() -> values.toJson("k", deeper)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("31 levels deep").hasMessageContaining("at most 30");
        assertThat(values.toJson("k", List.of("[[[[".repeat(20), Map.of("a", "{\\\"{{{{".repeat(20)))))
                .startsWith("[");
    }
}
