package io.github.wsmysqlsession.internal.socketio;

import io.github.wsmysqlsession.SocketIoEvent;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.util.concurrent.atomic.AtomicBoolean;

/** An event from a client, with the acknowledgement it asked for (once). */
final class Event implements SocketIoEvent {

    private final String name;
    private final JsonArray args;
    private final long ackId;
    private final SocketIoConnection socket;
    private final AtomicBoolean acked = new AtomicBoolean();

    Event(String name, JsonArray args, long ackId, SocketIoConnection socket) {
        this.name = name;
        this.args = args;
        this.ackId = ackId;
        this.socket = socket;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JsonArray args() {
        return args;
    }

    @Override
    public <T> T arg(int index, Class<T> type) {
        if (index < 0 || index >= args.size() || args.get(index) == JsonValue.NULL) {
            return null;
        }
        return socket.json().fromJson(args.get(index), type);
    }

    @Override
    public boolean wantsAck() {
        return ackId >= 0;
    }

    @Override
    public void ack(Object... values) {
        if (ackId >= 0 && acked.compareAndSet(false, true)) {
            socket.sendAck(ackId, "[" + socket.json().joined(values) + "]");
        }
    }

    @Override
    public String toString() {
        return "SocketIoEvent[" + name + ", " + args.size() + " args" + (wantsAck() ? ", ack" : "") + "]";
    }
}
