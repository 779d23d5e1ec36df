package io.github.wsmysqlsession.socketio;

import io.github.wsmysqlsession.SocketIoEvent;
import io.github.wsmysqlsession.SocketIoHandler;
import io.github.wsmysqlsession.SocketIoSocket;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.SocketSessionAccessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application of the socket.io tests: {@code echo} acknowledges its arguments, {@code set},
 * {@code get} and {@code increment} touch the session, {@code emitMe} makes the server emit,
 * {@code fail} throws; disconnect reasons are kept for the tests to read. A CDI bean in the
 * servers' test WAR, where the library's endpoint finds it; made with {@code new} standalone.
 */
@ApplicationScoped
public class SocketIoTestEvents implements SocketIoHandler {

    private final List<String> disconnects = new CopyOnWriteArrayList<>();

    /** Injected in a server (the {@code injected} event tells); {@code null} when made with {@code new}. */
    @Inject
    SocketSessionAccessor accessor;

    /** @return the reasons of the disconnects seen, in order */
    public List<String> disconnects() {
        return disconnects;
    }

    @Override
    public void onEvent(SocketIoEvent event, SocketIoSocket socket, SocketSession session) {
        switch (event.name()) {
            case "echo" -> event.ack(event.args().toArray());
            case "set" -> {
                JsonObject kv = event.arg(0, JsonObject.class);
                session.set(kv.getString("key"), kv.get("value"));
                event.ack(true);
            }
            case "get" -> event.ack(session.get(event.arg(0, String.class), JsonValue.class).orElse(JsonValue.NULL));
            case "increment" -> event.ack(session.increment(event.arg(0, String.class), 1));
            case "emitMe" -> socket.emit(event.arg(0, String.class), event.args().get(1));
            case "whoami" -> event.ack(socket.id());
            case "injected" -> event.ack(accessor != null);
            case "fail" -> throw new IllegalStateException("the handler failed, as asked");
            default -> event.ack("unknown event " + event.name());
        }
    }

    @Override
    public void onDisconnect(SocketIoSocket socket, String reason) {
        disconnects.add(reason);
    }
}
