package io.github.wsmysqlsession.internal.socketio;

import java.util.ArrayList;
import java.util.List;

/**
 * How Engine.IO packs several packets into one HTTP long-polling body: Engine.IO 4 joins them with
 * the record separator {@code \x1e}; Engine.IO 3 prefixes each with its length in UTF-16 units and a
 * colon ({@code 6:4hello2:40}). Binary packets in a payload ({@code b...} in 4, a binary body in 3)
 * are not supported: they are refused as malformed. Stateless.
 */
final class EnginePayload {

    static final char SEPARATOR = '\u001e';

    private EnginePayload() {
    }

    /**
     * @param version 3 or 4
     * @param packets the encoded packets, each a type digit and its data
     * @return the body
     */
    static String encode(int version, List<String> packets) {
        StringBuilder body = new StringBuilder();
        for (String packet : packets) {
            if (version == 3) {
                body.append(packet.length()).append(':').append(packet);
            } else {
                if (body.length() > 0) {
                    body.append(SEPARATOR);
                }
                body.append(packet);
            }
        }
        return body.toString();
    }

    /**
     * @param version 3 or 4
     * @param body a POST body
     * @return its packets, each checked to start with a known type digit
     * @throws MalformedPacketException when the body does not parse
     */
    static List<String> decode(int version, String body) {
        List<String> packets = new ArrayList<>();
        if (body.isEmpty()) {
            throw new MalformedPacketException("empty payload");
        }
        if (version == 3) {
            int i = 0;
            while (i < body.length()) {
                int colon = body.indexOf(':', i);
                if (colon <= i || colon - i > 10) {
                    throw new MalformedPacketException("payload length missing at " + i);
                }
                int length;
                try {
                    length = Integer.parseInt(body, i, colon, 10);
                } catch (NumberFormatException e) {
                    throw new MalformedPacketException("payload length is not a number at " + i);
                }
                int start = colon + 1;
                if (length < 1 || length > body.length() - start) {
                    throw new MalformedPacketException("payload length " + length + " out of range at " + i);
                }
                packets.add(checked(body.substring(start, start + length)));
                i = start + length;
            }
        } else {
            int start = 0;
            for (int i = 0; i <= body.length(); i++) {
                if (i == body.length() || body.charAt(i) == SEPARATOR) {
                    packets.add(checked(body.substring(start, i)));
                    start = i + 1;
                }
            }
        }
        return packets;
    }

    private static String checked(String packet) {
        if (packet.isEmpty() || packet.charAt(0) < '0' || packet.charAt(0) > '6') {
            throw new MalformedPacketException(packet.startsWith("b") ? "binary packets are not supported"
                    : "unknown packet type");
        }
        return packet;
    }
}
