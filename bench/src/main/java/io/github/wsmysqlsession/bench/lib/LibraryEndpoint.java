package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.internal.endpoint.SessionEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import javax.sql.DataSource;

/** The library's standalone endpoint ({@link SessionEndpoint}); other frames are echoed. */
public final class LibraryEndpoint implements AutoCloseable {

    private final LibraryStack stack;

    public LibraryEndpoint(DataSource ds, String table, Map<String, Object> jpaProperties)
            throws Exception {
        stack = new LibraryStack(ds, table, jpaProperties, false);
    }

    public ServerEndpointConfig config(String path) {
        return SessionEndpoint.config(path, stack.service(), (text, socket, session) -> socket.getBasicRemote()
                .sendText(text));
    }

    @Override
    public void close() {
        stack.close();
    }
}
