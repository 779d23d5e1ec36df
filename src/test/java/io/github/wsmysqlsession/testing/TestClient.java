package io.github.wsmysqlsession.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Tyrus client connection that queues the text frames it receives. */
public final class TestClient implements AutoCloseable {

    private static final WebSocketContainer CONTAINER = ContainerProvider.getWebSocketContainer();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final Session session;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile CloseReason closeReason;

    /** Connects. */
    public TestClient(URI uri) {
        CONTAINER.setDefaultMaxTextMessageBufferSize(4 * 1024 * 1024);
        try {
            session = CONTAINER.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session s, EndpointConfig config) {
                    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
                }

                @Override
                public void onClose(Session s, CloseReason reason) {
                    closeReason = reason;
                    closed.countDown();
                }
            }, ClientEndpointConfig.Builder.create().build(), uri);
            session.setMaxTextMessageBufferSize(4 * 1024 * 1024);
        } catch (DeploymentException | IOException e) {
            throw new IllegalStateException("Could not connect to " + uri, e);
        }
    }

    /** Sends a text frame. */
    public void send(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the next frame, failing after 10 s */
    public String next() {
        try {
            String frame = received.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within 10 s");
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return the next frame as JSON */
    public JsonObject nextJson() {
        return Json.createReader(new StringReader(next())).readObject();
    }

    /** Sends getToken and returns the gotToken's data. */
    public JsonObject getToken(String token) {
        send(token == null ? "{\"event\":\"getToken\",\"data\":{}}"
                : "{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}");
        return gotToken();
    }

    /** Reads the next frame, which must be gotToken, and returns its data. */
    public JsonObject gotToken() {
        JsonObject frame = nextJson();
        if (!"gotToken".equals(frame.getString("event"))) {
            throw new AssertionError("expected gotToken, got " + frame);
        }
        return frame.getJsonObject("data");
    }

    /** @return whether the connection is open */
    public boolean isOpen() {
        return session.isOpen();
    }

    /**
     * Waits for the close handshake to reach this client's {@code onClose}. The session reports itself closed a moment
     * before {@code onClose} runs, so polling {@link #isOpen()} and then reading the reason races.
     *
     * @return why the connection was closed
     * @throws AssertionError when it is still open after {@code timeout}
     */
    public CloseReason awaitClose(Duration timeout) {
        try {
            if (!closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("connection not closed within " + timeout);
            }
            return closeReason;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
