package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.standalone.SessionEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import javax.sql.DataSource;

/** The library's standalone endpoint ({@link SessionEndpoint}); other frames are echoed. */
public final class LibraryEndpoint implements AutoCloseable {

    private final LibraryStack stack;

    public LibraryEndpoint(DataSource ds, String table, Map<String, Object> jpaProperties, boolean jdbcWrites)
            throws Exception {
        stack = new LibraryStack(ds, table, jpaProperties, jdbcWrites, false);
    }

    public ServerEndpointConfig config(String path) {
        return SessionEndpoint.config(path, stack.manager(), (text, socket, session) -> socket.getBasicRemote()
                .sendText(text));
    }

    @Override
    public void close() {
        stack.close();
    }
}
