package io.github.wsmysqlsession.testing;

import io.github.wsmysqlsession.SocketMessageHandler;
import io.github.wsmysqlsession.SocketSession;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;

/**
 * The application side of the end-to-end tests: small commands that touch the session, each
 * answered with one frame ({@code ok}, {@code value} or {@code error}); frames that are not commands
 * are echoed as {@code echo:<frame>}.
 */
public final class TestApp implements SocketMessageHandler {

    @Override
    public void onMessage(String text, Session socket, SocketSession session) throws IOException {
        JsonObject command;
        try {
            command = Json.createReader(new StringReader(text)).readObject();
            command.getString("event");
        } catch (RuntimeException notACommand) {
            socket.getBasicRemote().sendText("echo:" + text);
            return;
        }
        JsonObject data = command.get("data") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        String reply;
        try {
            reply = switch (command.getString("event")) {
                case "set" -> {
                    session.set(data.getString("key"), data.get("value"));
                    yield ok("set");
                }
                case "setUnserialisable" -> {
                    session.set(data.getString("key"), new Unserialisable());
                    yield ok("set");
                }
                case "get" -> Json.createObjectBuilder().add("event", "value")
                        .add("data", session.getString(data.getString("key"))).build().toString();
                case "increment" -> Json.createObjectBuilder().add("event", "value")
                        .add("data", session.increment(data.getString("key"), data.getJsonNumber("delta").longValue()))
                        .build().toString();
                case "append" -> {
                    String item = data.getString("item");
                    String[] list = session.update(data.getString("key"), String[].class, old -> {
                        String[] next = old == null ? new String[1] : Arrays.copyOf(old, old.length + 1);
                        next[next.length - 1] = item;
                        return next;
                    });
                    yield Json.createObjectBuilder().add("event", "value").add("data", list.length).build().toString();
                }
                case "remove" -> {
                    session.remove(data.getString("key"));
                    yield ok("remove");
                }
                case "clear" -> {
                    session.clear();
                    yield ok("clear");
                }
                case "keys" -> Json.createObjectBuilder().add("event", "value")
                        .add("data", Json.createArrayBuilder(session.keys())).build().toString();
                case "regenerate" -> {
                    session.regenerate();
                    yield ok("regenerate");
                }
                case "invalidate" -> {
                    session.invalidate();
                    yield ok("invalidate");
                }
                default -> "echo:" + text;
            };
        } catch (RuntimeException e) {
            reply = Json.createObjectBuilder().add("event", "error")
                    .add("data", e.getClass().getSimpleName() + ": " + e.getMessage()).build().toString();
        }
        socket.getBasicRemote().sendText(reply);
    }

    private static String ok(String what) {
        return "{\"event\":\"ok\",\"data\":\"" + what + "\"}";
    }

    /** A bean whose getter throws, so JSON-B cannot serialise it. */
    public static final class Unserialisable {
        /** @return never */
        public String getBroken() {
            throw new IllegalStateException("broken getter");
        }
    }

    /** @return a set command */
    public static String set(String key, String jsonValue) {
        return "{\"event\":\"set\",\"data\":{\"key\":" + quote(key) + ",\"value\":" + jsonValue + "}}";
    }

    /** @return an increment command, answered with the new value */
    public static String increment(String key, long delta) {
        return "{\"event\":\"increment\",\"data\":{\"key\":" + quote(key) + ",\"delta\":" + delta + "}}";
    }

    /** @return a command that appends to a list with {@code update}, answered with the list's length */
    public static String append(String key, String item) {
        return "{\"event\":\"append\",\"data\":{\"key\":" + quote(key) + ",\"item\":" + quote(item) + "}}";
    }

    /** @return a get command */
    public static String get(String key) {
        return "{\"event\":\"get\",\"data\":{\"key\":" + quote(key) + "}}";
    }

    /** @return a command without data */
    public static String command(String event) {
        return "{\"event\":\"" + event + "\"}";
    }

    /** @return a command with a key */
    public static String command(String event, String key) {
        return "{\"event\":\"" + event + "\",\"data\":{\"key\":" + quote(key) + "}}";
    }

    private static String quote(String s) {
        return Json.createValue(s).toString();
    }
}
