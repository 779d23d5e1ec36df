package io.github.wsmysqlsession.spring;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client (the JDK's) that sends text frames and waits for the replies, one at a time. */
final class TestClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    TestClient(URI uri) {
        socket = HTTP.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).join();
    }

    /** @return the reply to {@code text} */
    String ask(String text) throws InterruptedException {
        socket.sendText(text, true).join();
        String reply = received.poll(10, TimeUnit.SECONDS);
        if (reply == null) {
            throw new AssertionError("no reply to " + text + " within 10 s");
        }
        return reply;
    }

    /** @return the {@code data} of the {@code gotToken} reply to a {@code getToken} with {@code token} */
    JsonObject getToken(String token) throws InterruptedException {
        String frame = Json.createObjectBuilder().add("event", "getToken")
                .add("data", Json.createObjectBuilder().add("token", token)).build().toString();
        JsonObject reply = Json.createReader(new StringReader(ask(frame))).readObject();
        if (!"gotToken".equals(reply.getString("event"))) {
            throw new AssertionError("expected gotToken, got " + reply);
        }
        return reply.getJsonObject("data");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
