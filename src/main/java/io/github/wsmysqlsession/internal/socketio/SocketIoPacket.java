package io.github.wsmysqlsession.internal.socketio;

import io.github.wsmysqlsession.internal.json.JsonText;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;

/**
 * A Socket.IO packet, the data of an Engine.IO message:
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]}. The same text form serves protocol
 * 4 (socket.io 2) and 5 (socket.io 3 and later); only what a CONNECT and a CONNECT_ERROR carry
 * differs. Immutable.
 *
 * @param type one of the type constants
 * @param namespace {@code "/"} unless another was named
 * @param ackId the acknowledgement id, or -1 for none
 * @param data the JSON data, or {@code null} for none
 */
record SocketIoPacket(int type, String namespace, long ackId, JsonValue data) {

    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    /** {@code CONNECT_ERROR} in protocol 5, {@code ERROR} in 4. */
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;

    /** Deeper JSON than this is refused: the parser would recurse on it. */
    private static final int MAX_DEPTH = 64;

    /**
     * @param text the packet's text
     * @return the packet
     * @throws MalformedPacketException when it does not parse, or carries binary attachments
     */
    static SocketIoPacket parse(String text) {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
            throw new MalformedPacketException("unknown Socket.IO packet type");
        }
        int type = text.charAt(0) - '0';
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            throw new MalformedPacketException("binary attachments are not supported");
        }
        int i = 1;
        String namespace = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? end : end + 1;
        }
        long ackId = -1;
        int digits = i;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && i - digits < 16) {
            i++;
        }
        if (i > digits) {
            ackId = Long.parseLong(text, digits, i, 10);
        }
        JsonValue data = i < text.length() ? json(text.substring(i)) : null;
        SocketIoPacket packet = new SocketIoPacket(type, namespace, ackId, data);
        packet.check();
        return packet;
    }

    private void check() {
        boolean ok = switch (type) {
            case CONNECT -> data == null || data.getValueType() == JsonValue.ValueType.OBJECT;
            case DISCONNECT -> data == null;
            case EVENT -> data instanceof jakarta.json.JsonArray a && !a.isEmpty()
                    && a.get(0).getValueType() == JsonValue.ValueType.STRING;
            case ACK -> ackId >= 0 && data instanceof jakarta.json.JsonArray;
            default -> false; // CONNECT_ERROR is the server's to send
        };
        if (!ok) {
            throw new MalformedPacketException("invalid Socket.IO packet of type " + type);
        }
    }

    private static JsonValue json(String text) {
        if (JsonText.depth(text) > MAX_DEPTH) { // before the parser, which would recurse on it
            throw new MalformedPacketException("JSON nested deeper than " + MAX_DEPTH);
        }
        try (JsonParser parser = Jsonp.PROVIDER.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new MalformedPacketException("text after the JSON");
            }
            return value;
        } catch (JsonParsingException e) {
            throw new MalformedPacketException("invalid JSON: " + e.getMessage());
        } catch (JsonException e) {
            throw new MalformedPacketException("invalid JSON");
        }
    }

    /** @return the packet's text */
    String encode() {
        StringBuilder s = new StringBuilder().append(type);
        if (!namespace.equals("/")) {
            s.append(namespace).append(',');
        }
        if (ackId >= 0) {
            s.append(ackId);
        }
        if (data != null) {
            s.append(data);
        }
        return s.toString();
    }
}
