package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.bench.api.Contender;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Increment: {@code SocketSession.increment("counter", 1)} through the library, one session per worker. */
public final class LibraryIncrement implements Contender {

    private final String name;
    private final LibraryStack stack;
    private final List<Session> sockets = new ArrayList<>();

    public LibraryIncrement(String name, DataSource ds, String table, Map<String, Object> jpaProperties) {
        this.name = name;
        this.stack = new LibraryStack(ds, table, jpaProperties, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int count) throws Exception {
        for (String token : stack.insertSessions(Math.max(0, count - sockets.size()))) {
            sockets.add(stack.connect(token));
        }
    }

    @Override
    public Op worker(int index) {
        SocketSession s = stack.service().sessionOf(sockets.get(index));
        return seq -> s.increment("counter", 1);
    }

    @Override
    public void close() {
        stack.close();
    }
}
