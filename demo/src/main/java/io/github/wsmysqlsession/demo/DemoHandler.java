package io.github.wsmysqlsession.demo;

import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SocketIoEvent;
import io.github.wsmysqlsession.SocketIoHandler;
import io.github.wsmysqlsession.SocketIoSocket;
import io.github.wsmysqlsession.SocketMessageHandler;
import io.github.wsmysqlsession.SocketSession;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * The page's commands, each a frame {@code {"event": name, "data": {...}}}; every command is answered
 * with a {@code state} frame holding the session's values (or an {@code error} frame). The values live
 * only in the session: {@code name} (a string), {@code counter} (a number, changed with
 * {@code increment}) and {@code notes} (a list, changed with {@code update}). The session is shared by
 * every tab and server on its token, so {@code state} (which the page sends every second) shows the
 * other tabs' changes. Over socket.io (the Node package's apps, at {@code /socket.io/}) the event's
 * name is the command and its first argument the data; the answer is the acknowledgement when the
 * client asked for one, else a {@code state} (or {@code error}) event.
 */
final class DemoHandler implements SocketMessageHandler, SocketIoHandler {

    static final int MAX_NAME = 40;
    static final int MAX_NOTE = 120;
    static final int MAX_NOTES = 8;

    private static final System.Logger LOG = System.getLogger(DemoHandler.class.getName());

    @Override
    public void onMessage(String text, Session socket, SocketSession session) throws IOException {
        String reply;
        try {
            JsonObject frame = parse(text);
            JsonObject data = frame.containsKey("data") && frame.get("data") instanceof JsonObject o
                    ? o : JsonValue.EMPTY_JSON_OBJECT;
            apply(frame.getString("event", ""), data, session);
            reply = frame("state", state(session));
        } catch (IllegalArgumentException | IllegalStateException | SessionStoreException e) {
            reply = frame("error", Json.createObjectBuilder().add("message", String.valueOf(e.getMessage())).build());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The demo's handler failed", e);
            reply = frame("error", Json.createObjectBuilder().add("message", "The server failed: " + e).build());
        }
        socket.getBasicRemote().sendText(reply);
    }

    @Override
    public void onEvent(SocketIoEvent event, SocketIoSocket socket, SocketSession session) {
        String name = "state";
        JsonObject answer;
        try {
            JsonObject data = event.args().isEmpty() || !(event.args().get(0) instanceof JsonObject o)
                    ? JsonValue.EMPTY_JSON_OBJECT : o;
            apply(event.name(), data, session);
            answer = state(session);
        } catch (IllegalArgumentException | IllegalStateException | SessionStoreException e) {
            name = "error";
            answer = Json.createObjectBuilder().add("message", String.valueOf(e.getMessage())).build();
        }
        if (event.wantsAck()) {
            event.ack(answer);
        } else {
            socket.emit(name, answer);
        }
    }

    private static void apply(String event, JsonObject data, SocketSession session) {
        switch (event) {
            case "state" -> {
                // read only
            }
            case "setName" -> {
                String name = data.getString("name", "").strip();
                if (name.length() > MAX_NAME) {
                    throw new IllegalArgumentException("A name has at most " + MAX_NAME + " characters");
                }
                if (name.isEmpty()) {
                    session.remove("name");
                } else {
                    session.set("name", name);
                }
            }
            // one statement that adds 1 in the database: clicks in several tabs, phones or servers all count
            case "increment" -> session.increment("counter", 1);
            case "addNote" -> {
                String note = data.getString("text", "").strip();
                if (note.isEmpty() || note.length() > MAX_NOTE) {
                    throw new IllegalArgumentException("A note has 1 to " + MAX_NOTE + " characters");
                }
                // from the list as it is in the database, so that notes added at once elsewhere are kept
                session.update("notes", String[].class, old -> {
                    List<String> notes = new ArrayList<>(old == null ? List.of() : List.of(old));
                    notes.add(note);
                    return notes.subList(Math.max(0, notes.size() - MAX_NOTES), notes.size()).toArray(String[]::new);
                });
            }
            case "clearNotes" -> session.remove("notes");
            case "regenerate" -> session.regenerate(); // the library sends the client its new token
            case "logout" -> session.invalidate(); // and here the token of the new, empty session
            default -> throw new IllegalArgumentException("Unknown command '" + event + "'");
        }
    }

    private static List<String> notes(SocketSession session) {
        return session.get("notes", String[].class).map(List::of).orElse(List.of());
    }

    /** The values the page shows. */
    private static JsonObject state(SocketSession session) {
        return Json.createObjectBuilder()
                .add("name", session.getString("name"))
                .add("counter", session.get("counter", Integer.class).orElse(0))
                .add("notes", Json.createArrayBuilder(notes(session)))
                .add("expiresAt", session.expiresAt().toString())
                .build();
    }

    private static String frame(String event, JsonObject data) {
        return Json.createObjectBuilder().add("event", event).add("data", data).build().toString();
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | ClassCastException e) {
            throw new IllegalArgumentException("Frames are JSON objects: {\"event\": ..., \"data\": {...}}", e);
        }
    }
}
