package io.github.wsmysqlsession.internal.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Payloads as the engine.io-parser test suites write them (v3 length-prefixed, v4 record-separated). */
class EnginePayloadTest {

    @Test
    void engineIo4JoinsPacketsWithTheRecordSeparator() {
        assertThat(EnginePayload.encode(4, List.of("4hello", "2", "4€"))).isEqualTo("4hello\u001e2\u001e4€");
        assertThat(EnginePayload.decode(4, "4hello\u001e2\u001e4€")).containsExactly("4hello", "2", "4€");
    }

    @Test
    void engineIo3PrefixesEachPacketWithItsLengthInUtf16Units() {
        // as JavaScript counts: "4€" is 2, "4😀" is 3
        assertThat(EnginePayload.encode(3, List.of("4hello", "40", "4😀"))).isEqualTo("6:4hello2:403:4😀");
        assertThat(EnginePayload.decode(3, "6:4hello2:403:4😀")).containsExactly("4hello", "40", "4😀");
    }

    @Test
    void aPacketMayContainTheOtherVersionsSeparators() {
        assertThat(EnginePayload.decode(3, "5:42:ab")).containsExactly("42:ab");
        assertThat(EnginePayload.decode(4, "42:ab")).containsExactly("42:ab");
    }

    @Test
    void malformedPayloadsAreRefused() {
        for (String bad : new String[] {"", "x:4a", "3:4a", "0:", "-1:4", "99999999999:4", "2:4a2", "2:9x"}) {
            assertThatThrownBy(() -> EnginePayload.decode(3, bad)).as(bad).isInstanceOf(MalformedPacketException.class);
        }
        for (String bad : new String[] {"", "4a\u001e", "9x", "bAQID"}) {
            assertThatThrownBy(() -> EnginePayload.decode(4, bad)).as(bad).isInstanceOf(MalformedPacketException.class);
        }
    }

    @Test
    void binaryPacketsInAPayloadAreRefusedAsUnsupported() {
        assertThatThrownBy(() -> EnginePayload.decode(4, "bAQID")).hasMessageContaining("binary");
    }
}
