package io.github.wsmysqlsession.internal.cdi;

import io.github.wsmysqlsession.MySqlSessionConfigurator;
import io.github.wsmysqlsession.SocketSessionAccessor;
import io.github.wsmysqlsession.testing.TestApp;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An endpoint written exactly as the README tells users to write one. It records what the test cannot
 * see from outside: the last connection that closed, and how many instances CDI destroyed.
 */
@ServerEndpoint(value = "/cdi", configurator = MySqlSessionConfigurator.class)
public class CdiChatEndpoint {

    static final AtomicReference<Session> LAST_CLOSED = new AtomicReference<>();
    static final AtomicInteger DESTROYED = new AtomicInteger();

    @Inject
    SocketSessionAccessor sessions;

    @OnMessage
    public void onMessage(String text, Session socket) throws IOException {
        new TestApp().onMessage(text, socket, sessions.of(socket));
    }

    @OnClose
    public void onClose(Session socket) {
        LAST_CLOSED.set(socket);
    }

    @PreDestroy
    void destroyed() {
        DESTROYED.incrementAndGet();
    }
}
