package io.github.wsmysqlsession.internal.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Engine.IO socket's state machine, over fake transports: polls, the upgrade, heartbeats, limits. */
class EngineSocketTest {

    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> closes = new CopyOnWriteArrayList<>();
    final EngineServer server = new EngineServer(new EngineOptions(200, 200, 1024), socket -> new EngineSocket.Listener() {
        @Override
        public void onMessage(String data) {
            messages.add(data);
        }

        @Override
        public void onClose(String reason) {
            closes.add(reason);
        }
    });

    @AfterEach
    void stop() {
        server.close();
    }

    /** One HTTP answer. */
    static final class Answer implements PollResponse {
        volatile int status;
        volatile String body;

        @Override
        public synchronized void send(int status, String contentType, String body) {
            if (this.body == null) {
                this.status = status;
                this.body = body;
            }
        }
    }

    /** A WebSocket that records what it was sent. */
    static final class Ws implements Transport {
        final List<String> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public void send(String packet) {
            sent.add(packet);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private EngineSocket handshake(int eio) {
        Answer open = new Answer();
        EngineSocket socket = server.get(Map.of("EIO", String.valueOf(eio), "transport", "polling"), open);
        assertThat(open.body).startsWith(eio == 3 ? "" : "0{\"sid\":\"").contains("\"upgrades\":[\"websocket\"]");
        return socket;
    }

    private static Map<String, String> q(EngineSocket s, String transport) {
        return Map.of("EIO", String.valueOf(s.version()), "transport", transport, "sid", s.sid());
    }

    /** Regression (issue 12): socket.io-client 2.5 stalled when its next poll came just after the probe. */
    @Test
    void aPollThatComesAfterTheProbeIsAnsweredAtOnceSoThatTheClientCanPause() {
        EngineSocket socket = handshake(3);
        Ws ws = new Ws();
        EngineServer.WebSocketSide side = server.webSocket(q(socket, "websocket"), ws);
        side.onText("2probe");
        assertThat(ws.sent).containsExactly("3probe");
        Answer poll = new Answer();
        server.get(q(socket, "polling"), poll);
        assertThat(poll.body).as("answered without waiting").isEqualTo("1:6");
        socket.send("4ack");
        side.onText("5");
        assertThat(ws.sent).containsExactly("3probe", "4ack");
        socket.send("4after");
        assertThat(ws.sent).endsWith("4after");
        Answer late = new Answer();
        server.get(q(socket, "polling"), late);
        assertThat(late.status).as("polling is over once upgraded").isEqualTo(400);
    }

    @Test
    void aPollWaitingWhenTheProbeArrivesGetsANoop() {
        EngineSocket socket = handshake(4);
        Answer waiting = new Answer();
        server.get(q(socket, "polling"), waiting);
        assertThat(waiting.body).isNull();
        Ws ws = new Ws();
        server.webSocket(q(socket, "websocket"), ws).onText("2probe");
        assertThat(waiting.body).isEqualTo("6");
    }

    @Test
    void packetsSentWhileAPollWaitsAnswerIt() {
        EngineSocket socket = handshake(4);
        Answer waiting = new Answer();
        server.get(q(socket, "polling"), waiting);
        socket.send("4one");
        assertThat(waiting.body).isEqualTo("4one");
        socket.send("4two");
        socket.send("4three");
        Answer next = new Answer();
        server.get(q(socket, "polling"), next);
        assertThat(next.body).isEqualTo("4two\u001e4three");
    }

    @Test
    void twoPollsAtOnceCloseTheSocketAsNodeDoes() {
        EngineSocket socket = handshake(4);
        Answer first = new Answer();
        Answer second = new Answer();
        server.get(q(socket, "polling"), first);
        server.get(q(socket, "polling"), second);
        assertThat(first.status).isEqualTo(400);
        assertThat(socket.isOpen()).isFalse();
        assertThat(closes).containsExactly("transport error");
    }

    @Test
    void anEngineIo4ClientThatDoesNotAnswerThePingIsClosed() {
        EngineSocket socket = handshake(4);
        await().atMost(Duration.ofSeconds(3)).until(() -> !socket.isOpen());
        assertThat(closes).containsExactly("ping timeout");
    }

    @Test
    void anEngineIo4ClientThatAnswersPingsStays() throws Exception {
        EngineSocket socket = handshake(4);
        for (int i = 0; i < 6; i++) {
            Answer poll = new Answer();
            server.get(q(socket, "polling"), poll);
            await().atMost(Duration.ofSeconds(2)).until(() -> poll.body != null);
            assertThat(poll.body).isEqualTo("2");
            Answer pong = new Answer();
            server.post(q(socket, "polling"), "3", pong);
            assertThat(pong.body).isEqualTo("ok");
        }
        assertThat(socket.isOpen()).isTrue();
    }

    @Test
    void anEngineIo3ClientIsAnsweredAndClosedWhenItStopsPinging() {
        EngineSocket socket = handshake(3);
        Answer ping = new Answer();
        server.post(q(socket, "polling"), "1:2", ping);
        Answer pong = new Answer();
        server.get(q(socket, "polling"), pong);
        assertThat(pong.body).isEqualTo("1:3");
        await().atMost(Duration.ofSeconds(3)).until(() -> !socket.isOpen());
        assertThat(closes).containsExactly("ping timeout");
    }

    @Test
    void aClientThatNeverPollsIsClosedBeforeItsPacketsOutgrowTheLimit() {
        EngineSocket socket = handshake(4);
        String big = "4" + "x".repeat(500);
        int sent = 0;
        while (socket.send(big) && sent < 100) {
            sent++;
        }
        assertThat(sent).isLessThan(10); // 4 x maxPayload (1024) of packets at most
        await().atMost(Duration.ofSeconds(2)).until(() -> !socket.isOpen());
    }

    @Test
    void messagesGoToTheListenerInOrder() {
        EngineSocket socket = handshake(4);
        Answer ok = new Answer();
        server.post(q(socket, "polling"), "40\u001e42[\"a\"]\u001e6", ok);
        assertThat(ok.body).isEqualTo("ok");
        assertThat(messages).containsExactly("0", "2[\"a\"]");
    }
}
