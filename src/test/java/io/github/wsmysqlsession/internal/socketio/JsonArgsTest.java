package io.github.wsmysqlsession.internal.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Event arguments in and out: JSON values as they are, the rest with JSON-B. */
class JsonArgsTest {

    static final Jsonb JSONB = JsonbBuilder.create();
    final JsonArgs args = new JsonArgs(JSONB);

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    static JsonArray array(String json) {
        try (var r = Jsonp.PROVIDER.createReader(new StringReader(json))) {
            return r.readArray();
        }
    }

    @Test
    void argumentsMapToTheAskedType() {
        JsonArray a = array("[\"text\",{\"key\":\"k\",\"value\":1},42,[1,2],true]");
        assertThat(args.fromJson(a.get(0), String.class)).isEqualTo("text");
        assertThat(args.fromJson(a.get(1), JsonObject.class).getString("key")).isEqualTo("k");
        assertThat(args.fromJson(a.get(1), JsonValue.class)).isSameAs(a.get(1));
        assertThat(args.fromJson(a.get(1), Map.class).get("key")).isEqualTo("k");
        assertThat(args.fromJson(a.get(2), Integer.class)).isEqualTo(42);
        assertThat(args.fromJson(a.get(3), int[].class)).containsExactly(1, 2);
        assertThat(args.fromJson(a.get(4), Boolean.class)).isTrue();
    }

    @Test
    void anArgumentOfAnotherShapeIsRefusedWithWhatItWas() {
        JsonArray a = array("[{\"key\":1}]");
        assertThatThrownBy(() -> args.fromJson(a.get(0), Integer.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not map to java.lang.Integer");
    }

    @Test
    void valuesGoOutAsJson() {
        assertThat(args.joined("a", 1, List.of(true), array("[null]"), null)).isEqualTo("\"a\",1,[true],[null],null");
        assertThat(args.joined()).isEmpty();
    }
}
