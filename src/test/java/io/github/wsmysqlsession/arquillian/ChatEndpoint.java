package io.github.wsmysqlsession.arquillian;

import io.github.wsmysqlsession.MySqlSessionConfigurator;
import io.github.wsmysqlsession.SocketSessionAccessor;
import io.github.wsmysqlsession.testing.TestApp;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.persistence.spi.PersistenceProviderResolverHolder;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoint of the test WAR, written as the README tells users to write one: the configurator,
 * an injected {@link SocketSessionAccessor}, a {@code String} + {@code Session} {@code @OnMessage} and an
 * {@code @OnClose}. Commands go to {@link TestApp}; the text {@code stats} answers what the test cannot
 * see from outside, separated by {@code ;}: closes and released instances so far, the CDI events
 * observed, and the JPA provider the library gets from {@code PersistenceProviderResolverHolder} here.
 */
@ServerEndpoint(value = "/chat", configurator = MySqlSessionConfigurator.class)
public class ChatEndpoint {

    static final AtomicInteger CLOSED = new AtomicInteger();
    static final AtomicInteger DESTROYED = new AtomicInteger();

    @Inject
    SocketSessionAccessor sessions;

    @Inject
    EventLog events;

    @OnMessage
    public void onMessage(String text, Session socket) throws IOException {
        if ("stats".equals(text)) {
            socket.getBasicRemote().sendText("stats:" + CLOSED.get() + ";" + DESTROYED.get() + ";" + events.kinds()
                    + ";" + PersistenceProviderResolverHolder.getPersistenceProviderResolver().getPersistenceProviders()
                            .get(0).getClass().getName());
            return;
        }
        new TestApp().onMessage(text, socket, sessions.of(socket));
    }

    @OnClose
    public void onClose(Session socket) {
        CLOSED.incrementAndGet();
    }

    @PreDestroy
    void released() {
        DESTROYED.incrementAndGet();
    }
}
