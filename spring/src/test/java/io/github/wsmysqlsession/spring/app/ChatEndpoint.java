package io.github.wsmysqlsession.spring.app;

import io.github.wsmysqlsession.MySqlSessionConfigurator;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.SocketSessionAccessor;
import jakarta.annotation.PreDestroy;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Frames {@code set key value}, {@code get key} and {@code greet name}; every reply is the result of
 * the {@code @OnMessage} method. {@code getToken} frames never arrive here.
 */
@ServerEndpoint(value = "/chat", configurator = MySqlSessionConfigurator.class)
public class ChatEndpoint {

    private final Greeter greeter;

    @Autowired
    SocketSessionAccessor sessions;

    /** @param greeter an application bean, by constructor injection */
    public ChatEndpoint(Greeter greeter) {
        this.greeter = greeter;
    }

    /**
     * @param text the frame
     * @param socket the connection
     * @return the reply
     */
    @OnMessage
    public String onMessage(String text, Session socket) {
        SocketSession session = sessions.of(socket);
        String[] words = text.split(" ", 3);
        return switch (words[0]) {
            case "set" -> {
                session.set(words[1], words[2]);
                yield "ok";
            }
            case "get" -> session.getString(words[1]);
            case "greet" -> greeter.greet(words[1]);
            default -> "unknown: " + text;
        };
    }

    /**
     * Lets the library forget the connection's session and release this instance when the connection
     * ends: it finds the connection among the parameters, so the {@code Session} one is needed.
     *
     * @param socket the connection
     */
    @OnClose
    public void onClose(Session socket) {
        // nothing of the application's to clean up
    }

    @PreDestroy
    void destroyed() {
        greeter.endpointDestroyed();
    }
}
