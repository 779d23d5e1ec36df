package io.github.wsmysqlsession.internal.socketio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a polling POST's body of at most {@code maxPayload} bytes; shared by both polling transports. */
final class PostBodies {

    private PostBodies() {
    }

    /** @return the body as UTF-8, or {@code null} when it is longer than {@code max} bytes */
    static String read(long declaredLength, InputStream in, int max) throws IOException {
        if (declaredLength > max) {
            return null;
        }
        if (declaredLength == 0) {
            return "";
        }
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
