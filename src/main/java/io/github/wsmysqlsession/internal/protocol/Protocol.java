package io.github.wsmysqlsession.internal.protocol;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.StringReader;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The two frames of the wire protocol, the only place that knows their JSON field names.
 *
 * <ul>
 *   <li>client to server: {@code {"event":"getToken","data":{"token":"<old token or empty>"}}}</li>
 *   <li>server to client: {@code {"event":"gotToken","data":{"token":"<token>","errors":""}}}</li>
 * </ul>
 *
 * Thread-safe.
 */
public final class Protocol {

    /** {@code errors} when the client's token names no session; a new one was made (Node's text). */
    public static final String SESSION_NOT_FOUND = "Session Not Found";
    /** {@code errors} when the client's token names an expired session; a new one was made (Node's text). */
    public static final String SESSION_EXPIRED = "Session Expired";
    /**
     * {@code errors} of the {@code gotToken} the server pushes when another connection or server ended
     * the connection's session (a log-out, a rotation, the deletion of its row); the token is of a
     * new, empty session.
     */
    public static final String SESSION_ENDED = "Session Ended";
    /** Start of {@code errors} when the frame claimed to be {@code getToken} but was malformed. */
    public static final String MALFORMED = "Malformed getToken frame: ";
    /** {@code errors} (with {@code token: ""}) when the session store failed; details go to the server's log. */
    public static final String STORE_FAILED = "Session store unavailable, try again later";
    /**
     * {@code errors} (with {@code token: ""}) when this server created {@code newSessionsPerMinute}
     * sessions in the last minute already; the client asks again later.
     */
    public static final String TOO_MANY_NEW_SESSIONS = "Too many new sessions, try again later";

    /** The event name of the client's request. */
    public static final String GET_TOKEN = "getToken";
    /** How the library's clients write a request: this, the token, then {@link #CANONICAL_END}. */
    private static final String CANONICAL_START = "{\"event\":\"getToken\",\"data\":{\"token\":\"";
    private static final String CANONICAL_END = "\"}}";
    private static final int TOKEN_CHARS = 32;
    /** The event name of the server's answer. */
    public static final String GOT_TOKEN = "gotToken";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");
    /** How a frame that is not valid JSON may still claim to be getToken. */
    private static final Pattern RAW_CLAIM = Pattern.compile("\"event\"\\s*:\\s*\"getToken\"");

    private final JsonReaderFactory readers = Json.createReaderFactory(Map.of());
    private final Jsonb jsonb;
    private final int maxFrameChars;

    /**
     * @param jsonb the JSON-B instance used to write frames
     * @param maxFrameChars the longest {@code getToken} frame read; longer ones are malformed
     */
    public Protocol(Jsonb jsonb, int maxFrameChars) {
        this.jsonb = jsonb;
        this.maxFrameChars = maxFrameChars;
    }

    /**
     * @param token a string from a client
     * @return whether it has the shape of a token: 32 base64url characters
     */
    public static boolean isWellFormedToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /**
     * Reads a text frame if it is a {@code getToken} request. Frames that are not JSON objects with
     * {@code "event":"getToken"} are not requests and belong to the endpoint; so do frames whose
     * {@code event} is missing or not a string. A frame that is not valid JSON but contains
     * {@code "event":"getToken"} is a malformed request.
     *
     * @param text the frame
     * @return the request, or {@code null} when the frame is not a {@code getToken} request
     */
    public GetTokenRequest parseGetToken(String text) {
        GetTokenRequest canonical = text.length() <= maxFrameChars ? canonical(text) : null;
        if (canonical != null) {
            return canonical;
        }
        // Cheap filter first: most frames belong to the application and are never parsed here.
        if (text.indexOf(GET_TOKEN) < 0 && text.indexOf("\\u") < 0) {
            return null;
        }
        if (text.length() > maxFrameChars) {
            return RAW_CLAIM.matcher(text).find()
                    ? malformed("frame of " + text.length() + " characters is longer than the limit of "
                            + maxFrameChars)
                    : null;
        }
        JsonValue value;
        try (JsonReader reader = readers.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // JsonException for bad syntax, and a plain RuntimeException from Parsson's nesting limit
            return RAW_CLAIM.matcher(text).find() ? malformed("not valid JSON") : null;
        }
        if (!(value instanceof JsonObject frame) || !(frame.get("event") instanceof JsonString event)
                || !GET_TOKEN.equals(event.getString())) {
            return null;
        }
        return request(frame.get("data"));
    }

    /**
     * The frame as the library's clients send it ({@code JSON.stringify} of the request, no spaces),
     * read without a JSON tree: what the full read would make of exactly this text.
     *
     * @return the request, or {@code null} when the frame is written any other way (then read it fully)
     */
    private static GetTokenRequest canonical(String text) {
        int end = text.length() - CANONICAL_END.length();
        if (!text.startsWith(CANONICAL_START) || !text.endsWith(CANONICAL_END)) {
            return null;
        }
        int length = end - CANONICAL_START.length();
        if (length == 0) {
            return new GetTokenRequest("", "");
        }
        if (length != TOKEN_CHARS) {
            return null;
        }
        for (int i = CANONICAL_START.length(); i < end; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return null;
            }
        }
        return new GetTokenRequest(text.substring(CANONICAL_START.length(), end), "");
    }

    /**
     * Reads the data of a {@code getToken} request that came some other way than a frame (a socket.io
     * event's argument), with the same rules as {@link #parseGetToken}.
     *
     * @param data the request's data, {@code null} when it had none
     * @return the request
     */
    public GetTokenRequest request(JsonValue data) {
        if (data == null || data == JsonValue.NULL) {
            return new GetTokenRequest("", "");
        }
        if (!(data instanceof JsonObject object)) {
            return malformed("\"data\" must be an object such as {\"token\":\"...\"}");
        }
        JsonValue token = object.get("token");
        if (token == null || token == JsonValue.NULL) {
            return new GetTokenRequest("", "");
        }
        if (!(token instanceof JsonString string)) {
            return malformed("\"token\" must be a string");
        }
        String t = string.getString();
        if (t.isEmpty()) {
            return new GetTokenRequest("", "");
        }
        if (!isWellFormedToken(t)) {
            return malformed("\"token\" must be 32 characters of A-Z a-z 0-9 - _");
        }
        return new GetTokenRequest(t, "");
    }

    private static GetTokenRequest malformed(String why) {
        return new GetTokenRequest("", MALFORMED + why + "; a new session was created");
    }

    /**
     * @param token the session's token, {@code ""} when the store failed
     * @param errors {@code ""} or one of this class's texts
     * @return the {@code gotToken} frame
     */
    public String gotToken(String token, String errors) {
        return jsonb.toJson(new Frame(GOT_TOKEN, new TokenData(token, errors)));
    }

    /**
     * The server's frame; public for JSON-B, which reads its components by reflection.
     *
     * @param event always {@code gotToken}
     * @param data the token and errors
     */
    @JsonbPropertyOrder({"event", "data"})
    public record Frame(String event, TokenData data) {
    }

    /**
     * The payload of {@code gotToken}; public for JSON-B.
     *
     * @param token the token, {@code ""} when the store failed
     * @param errors {@code ""} or a readable message
     */
    @JsonbPropertyOrder({"token", "errors"})
    public record TokenData(String token, String errors) {
    }
}
