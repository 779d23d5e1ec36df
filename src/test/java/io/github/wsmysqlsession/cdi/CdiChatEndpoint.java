package io.github.wsmysqlsession.cdi;

import io.github.wsmysqlsession.MySqlSessionConfigurator;
import io.github.wsmysqlsession.SocketSessionAccessor;
import io.github.wsmysqlsession.testing.TestApp;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/** An endpoint written exactly as the README tells users to write one. */
@ServerEndpoint(value = "/cdi", configurator = MySqlSessionConfigurator.class)
public class CdiChatEndpoint {

    static volatile int closed;

    @Inject
    SocketSessionAccessor sessions;

    @OnMessage
    public void onMessage(String text, Session socket) throws IOException {
        new TestApp().onMessage(text, socket, sessions.of(socket));
    }

    @OnClose
    public void onClose(Session socket) {
        closed++;
    }
}
