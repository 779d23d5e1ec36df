package io.github.wsmysqlsession.bench;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;

/** A plain endpoint without sessions: sends every text frame back. The transport's floor. */
public final class EchoEndpoint extends Endpoint {

    static ServerEndpointConfig config(String path) {
        return ServerEndpointConfig.Builder.create(EchoEndpoint.class, path).build();
    }

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        socket.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                socket.getBasicRemote().sendText(text);
            } catch (IOException e) {
                // the peer went away
            }
        });
    }
}
