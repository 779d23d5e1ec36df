package io.github.wsmysqlsession.internal.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

/** Socket.IO packets as socket.io-parser's tests write them. */
class SocketIoPacketTest {

    @Test
    void anEventWithAnAcknowledgement() {
        SocketIoPacket p = SocketIoPacket.parse("212[\"getToken\",{\"token\":\"\"}]");
        assertThat(p.type()).isEqualTo(SocketIoPacket.EVENT);
        assertThat(p.namespace()).isEqualTo("/");
        assertThat(p.ackId()).isEqualTo(12);
        assertThat(p.data().asJsonArray().getString(0)).isEqualTo("getToken");
        assertThat(p.encode()).isEqualTo("212[\"getToken\",{\"token\":\"\"}]");
    }

    @Test
    void aNamespaceComesBeforeTheAckIdAndTheData() {
        SocketIoPacket p = SocketIoPacket.parse("2/chat,7[\"hi\"]");
        assertThat(p.namespace()).isEqualTo("/chat");
        assertThat(p.ackId()).isEqualTo(7);
        assertThat(p.encode()).isEqualTo("2/chat,7[\"hi\"]");
        assertThat(SocketIoPacket.parse("0/chat,").namespace()).isEqualTo("/chat");
        assertThat(SocketIoPacket.parse("0/chat").namespace()).isEqualTo("/chat");
    }

    @Test
    void connectPacketsOfBothProtocols() {
        assertThat(SocketIoPacket.parse("0").data()).isNull();
        assertThat(SocketIoPacket.parse("0{\"token\":\"abc\"}").data().asJsonObject().getString("token"))
                .isEqualTo("abc");
        assertThat(new SocketIoPacket(SocketIoPacket.CONNECT_ERROR, "/", -1,
                Json.createObjectBuilder().add("message", "Invalid namespace").build()).encode())
                .isEqualTo("4{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void anAcknowledgementFromTheClient() {
        SocketIoPacket p = SocketIoPacket.parse("35[1,\"a\"]");
        assertThat(p.type()).isEqualTo(SocketIoPacket.ACK);
        assertThat(p.ackId()).isEqualTo(5);
    }

    @Test
    void malformedPacketsAreRefused() {
        for (String bad : new String[] {"", "7", "x", "2", "2{}", "2[]", "2[1]", "2[\"a\"", "0[]", "1{}", "3[]",
            "4{\"message\":\"x\"}", "2[\"a\"]trailing"}) {
            assertThatThrownBy(() -> SocketIoPacket.parse(bad)).as(bad).isInstanceOf(MalformedPacketException.class);
        }
    }

    @Test
    void binaryAttachmentsAreRefusedAsUnsupported() {
        assertThatThrownBy(() -> SocketIoPacket.parse("51-[\"e\",{\"_placeholder\":true,\"num\":0}]"))
                .hasMessageContaining("binary");
    }

    @Test
    void deeplyNestedJsonIsRefusedBeforeItIsParsed() {
        String deep = "2[\"e\"," + "[".repeat(10_000) + "]".repeat(10_000) + "]";
        assertThatThrownBy(() -> SocketIoPacket.parse(deep)).hasMessageContaining("nested");
    }
}
