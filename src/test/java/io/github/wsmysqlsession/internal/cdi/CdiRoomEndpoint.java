package io.github.wsmysqlsession.internal.cdi;

import io.github.wsmysqlsession.MySqlSessionConfigurator;
import io.github.wsmysqlsession.SocketSessionAccessor;
import jakarta.inject.Inject;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * An endpoint whose {@code @OnMessage} takes a {@code @PathParam String} before the message: the
 * interceptor must take the message, not the room, for the frame it answers.
 */
@ServerEndpoint(value = "/room/{room}", configurator = MySqlSessionConfigurator.class)
public class CdiRoomEndpoint {

    @Inject
    SocketSessionAccessor sessions;

    @OnMessage
    public void onMessage(@PathParam("room") String room, String text, Session socket) throws IOException {
        sessions.of(socket).set("room", room);
        socket.getBasicRemote().sendText(room + ":" + text);
    }
}
