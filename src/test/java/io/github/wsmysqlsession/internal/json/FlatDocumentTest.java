package io.github.wsmysqlsession.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flat reader of the {@code data} column (issue 16: a resume parsed the stored values through a
 * JSON tree and printed each again): whenever it answers, it answers what the tree gives; what it does
 * not know it leaves to the tree.
 */
class FlatDocumentTest {

    static final String[] VALUES = {"\"v\"", "\"\"", "\"caf\u00e9 😀\"", "\"a/b\"", "0", "7", "-12", "123456789012345678",
        "1234567890123456789", "-0", "1.5", "1e3", "2E-2", "007", "true", "false", "null", "[1, 2]", "{\"x\": 1}",
        "\"tab\\tescaped\"", "\"\\u00e9\"", "\"quote\\\"d\"", "\"\t\"", "tru", "nul", "\"open", "-", "1a"};
    static final String[] KEYS = {"\"k\"", "\"\"", "\"caf\u00e9\"", "\"k\\\"q\"", "\"__wsms_created\"", "\"-id\"", "k",
        "\"dup\""};
    static final String[] SPACES = {"", " ", "\n", "\t", "\r\n  "};

    /** @return what the tree makes of the text, or the exception's class when it refuses it */
    static Object tree(String text) {
        try {
            return SessionDocument.parseTree(text);
        } catch (IllegalArgumentException e) {
            return IllegalArgumentException.class;
        }
    }

    static void assertAgrees(String text) {
        Map<String, String> flat = FlatDocument.parse(text);
        if (flat != null) {
            assertThat(flat).as(text).isEqualTo(tree(text));
            assertThat(List.copyOf(flat.keySet())).as("order of " + text)
                    .isEqualTo(List.copyOf(((Map<?, ?>) tree(text)).keySet()));
        }
    }

    @Test
    void whatTheDatabaseStoresIsReadFlatAsTheTreeReadsIt() {
        String stored = "{\"k0\": \"v0-abcdefghij\", \"n\": 42, \"ok\": true, \"none\": null, \"neg\": -7}";
        assertThat(FlatDocument.parse(stored)).isNotNull().isEqualTo(SessionDocument.parseTree(stored))
                .containsEntry("k0", "\"v0-abcdefghij\"").containsEntry("n", "42");
        assertThat(FlatDocument.parse("{}")).isEmpty();
        assertThat(FlatDocument.parse(" { } ")).isEmpty();
    }

    @Test
    void escapesNestingFractionsAndErrorsAreLeftToTheTree() {
        for (String text : List.of("{\"a\": \"x\\n\"}", "{\"a\": [1]}", "{\"a\": 1.5}", "{\"a\": 1e2}", "{\"a\": -0}",
                "{\"a\": 01}", "{\"a\\u0041\": 1}", "[1]", "{\"a\": 1", "{\"a\": 1} x", "{\"a\" 1}", "{\"a\": 1,}",
                "{\"a\": truex}", "{\"a\": 1234567890123456789}")) {
            assertThat(FlatDocument.parse(text)).as(text).isNull();
        }
        assertThatThrownBy(() -> SessionDocument.parse("{\"a\": 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedDocumentsAgreeWithTheTree() {
        Random random = new Random(16);
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            StringBuilder doc = new StringBuilder(SPACES[random.nextInt(SPACES.length)]).append('{');
            int members = random.nextInt(5);
            for (int m = 0; m < members; m++) {
                if (m > 0) {
                    doc.append(SPACES[random.nextInt(SPACES.length)]).append(',');
                }
                doc.append(SPACES[random.nextInt(SPACES.length)]).append(KEYS[random.nextInt(KEYS.length)])
                        .append(SPACES[random.nextInt(SPACES.length)]).append(':')
                        .append(SPACES[random.nextInt(SPACES.length)]).append(VALUES[random.nextInt(VALUES.length)]);
            }
            doc.append(SPACES[random.nextInt(SPACES.length)]).append('}').append(SPACES[random.nextInt(SPACES.length)]);
            texts.add(doc.toString());
        }
        int flat = 0;
        for (String text : texts) {
            assertAgrees(text);
            flat += FlatDocument.parse(text) != null ? 1 : 0;
        }
        assertThat(flat).as("documents read flat").isGreaterThan(1_000);
    }
}
