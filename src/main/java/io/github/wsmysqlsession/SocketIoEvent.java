package io.github.wsmysqlsession;

import jakarta.json.JsonArray;

/**
 * An event a socket.io client emitted: {@code socket.emit(name, ...args)}, with an optional
 * acknowledgement callback as its last argument. Not thread-safe; valid during the handler's call
 * (an acknowledgement may be sent later, from any thread, once).
 */
public interface SocketIoEvent {

    /** @return the event's name */
    String name();

    /** @return its arguments as JSON, without the acknowledgement callback; empty when there are none */
    JsonArray args();

    /**
     * @param index the argument's position, from 0
     * @param type what to map it to with JSON-B
     * @param <T> the type
     * @return the argument, or {@code null} when there is none at {@code index} or it is JSON {@code null}
     * @throws IllegalArgumentException when it does not map to {@code type}
     */
    <T> T arg(int index, Class<T> type);

    /** @return whether the client passed a callback, which expects {@link #ack} */
    boolean wantsAck();

    /**
     * Calls the client's callback with these arguments, as {@code callback(...args)} in Node. Does
     * nothing when the client passed no callback or it was called already.
     *
     * @param args the callback's arguments, each turned into JSON with JSON-B
     * @throws IllegalArgumentException when an argument cannot be turned into JSON
     */
    void ack(Object... args);
}
