package io.github.wsmysqlsession.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    final Protocol protocol = new Protocol(JsonbBuilder.create(), 4096);
    static final String TOKEN = "abcdefghijklmnopqrstuvwxyz012-_A";

    @Test
    void wellFormedRequestIsRead() {
        GetTokenRequest r = protocol.parseGetToken("{\"event\":\"getToken\",\"data\":{\"token\":\"" + TOKEN + "\"}}");
        assertThat(r).isEqualTo(new GetTokenRequest(TOKEN, ""));
        assertThat(r.malformed()).isFalse();
    }

    @Test
    void escapedEventNameIsStillGetToken() {
        assertThat(protocol.parseGetToken("{\"event\":\"get\\u0054oken\",\"data\":{}}"))
                .isEqualTo(new GetTokenRequest("", ""));
    }

    @Test
    void framesOfTheApplicationAreNotRequests() {
        assertThat(protocol.parseGetToken("hello")).isNull();
        assertThat(protocol.parseGetToken("{\"event\":\"chat\",\"data\":\"getToken\"}")).isNull();
        assertThat(protocol.parseGetToken("[\"getToken\"]")).isNull();
        assertThat(protocol.parseGetToken("{\"data\":{\"token\":\"getToken\"}}")).isNull();
        assertThat(protocol.parseGetToken("{\"event\":1,\"x\":\"getToken\"}")).isNull();
        assertThat(protocol.parseGetToken("not json getToken")).isNull();
    }

    @Test
    void malformedRequestsSayWhy() {
        assertThat(protocol.parseGetToken("{\"event\":\"getToken\",\"data\":5}").problem())
                .startsWith(Protocol.MALFORMED).contains("\"data\" must be an object");
        assertThat(protocol.parseGetToken("{\"event\":\"getToken\",\"data\":{\"token\":true}}").problem())
                .contains("\"token\" must be a string");
        assertThat(protocol.parseGetToken("{\"event\":\"getToken\",\"data\":{\"token\":\"short\"}}").problem())
                .contains("32 characters");
        assertThat(protocol.parseGetToken("{\"event\": \"getToken\", \"data\":{").problem()).contains("not valid JSON");
        String huge = "{\"event\":\"getToken\",\"data\":{\"token\":\"" + "a".repeat(5000) + "\"}}";
        assertThat(protocol.parseGetToken(huge).problem()).contains("longer than the limit of 4096");
        assertThat(protocol.parseGetToken(huge).token()).isEmpty();
    }

    /** Regression (issue 5, hostile input): Parsson's depth limit threw a plain RuntimeException to the container. */
    @Test
    void deeplyNestedFramesAreMalformedNotAnException() {
        String deep = "{\"event\":\"getToken\",\"data\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertThat(protocol.parseGetToken(deep).problem()).contains("not valid JSON");
        assertThat(protocol.parseGetToken("{\"event\":\"chat\",\"x\":\"getToken\",\"d\":" + "{\"a\":".repeat(1500))).isNull();
    }

    @Test
    void tokenShapeIsBase64UrlOf32Characters() {
        assertThat(Protocol.isWellFormedToken(TOKEN)).isTrue();
        assertThat(Protocol.isWellFormedToken(TOKEN + "A")).isFalse();
        assertThat(Protocol.isWellFormedToken(TOKEN.replace('A', '+'))).isFalse();
        assertThat(Protocol.isWellFormedToken("' OR 1=1; DROP TABLE session; -- ")).isFalse();
        assertThat(Protocol.isWellFormedToken(null)).isFalse();
    }

    @Test
    void gotTokenIsWrittenInTheNodePackagesShape() {
        assertThat(protocol.gotToken(TOKEN, "Session Not Found"))
                .isEqualTo("{\"event\":\"gotToken\",\"data\":{\"token\":\"" + TOKEN + "\",\"errors\":\"Session Not Found\"}}");
    }

    /**
     * Issue 16: the frame the library's clients send is read without a JSON tree; it must mean what the
     * full read makes of it, and every near miss must still go through the full read.
     */
    @Test
    void theClientsOwnFrameIsReadAsTheFullReadReadsIt() {
        String token = "abcdefghijklmnopqrstuvwxyzAB_-09";
        String canonical = "{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}";
        GetTokenRequest fast = protocol.parseGetToken(canonical);
        assertThat(fast.token()).isEqualTo(token);
        assertThat(fast.malformed()).isFalse();
        GetTokenRequest empty = protocol.parseGetToken("{\"event\":\"getToken\",\"data\":{\"token\":\"\"}}");
        assertThat(empty.token()).isEmpty();
        assertThat(empty.malformed()).isFalse();
        for (String nearMiss : new String[] {
            canonical.replace(token, token.substring(1)), // 31 characters
            canonical.replace(token, token + "C"), // 33
            canonical.replace(token, token.substring(1) + "!"), // a character outside base64url
            canonical.replace(token, token.substring(2) + "\\u0041"), // an escape
            "{\"event\":\"getToken\",\"data\":{\"token\":\"}}",
        }) {
            GetTokenRequest full = protocol.parseGetToken(nearMiss);
            assertThat(full).as(nearMiss).isNotNull();
            assertThat(full.malformed()).as(nearMiss).isTrue();
        }
        assertThat(new Protocol(JsonbBuilder.create(), 64).parseGetToken(canonical).malformed())
                .as("longer than maxFrameChars").isTrue();
    }
}
