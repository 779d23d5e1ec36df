package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.bench.api.Contender;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Resume without WebSocket: {@code SessionService.onMessage(getToken)} on a minimal connection, the
 * library's server-side share of a resume. For finding where the time goes, beside a raw read. Each
 * connection alternates between two sessions of its own, so that every resume reads the row (the
 * session it leaves has no connection left on the server); with {@code live} it resumes the one it
 * is on, which the server answers from its copy.
 */
public final class LibraryResume implements Contender {

    private final String name;
    private final DataSource ds;
    private final String table;
    private final LibraryStack stack;
    private final List<Session> sockets = new ArrayList<>();
    private final List<String> frames = new ArrayList<>();
    private final int perSocket;

    public LibraryResume(String name, DataSource ds, String table, Map<String, Object> jpaProperties, boolean live)
            throws Exception {
        this.name = name;
        this.perSocket = live ? 1 : 2;
        this.ds = ds;
        this.table = table;
        this.stack = new LibraryStack(ds, table, jpaProperties, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int count) throws Exception {
        sockets.clear();
        frames.clear();
        for (int i = 0; i < count; i++) {
            sockets.add(FakeSocket.create());
            for (String token : stack.insertSessions(perSocket)) { // rows of 10 keys, no connection on them yet
                frames.add("{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}");
            }
        }
    }

    @Override
    public Op worker(int index) {
        Session socket = sockets.get(index);
        String[] own = frames.subList(index * perSocket, (index + 1) * perSocket).toArray(String[]::new);
        return seq -> {
            String reply = stack.service().onMessage(own[(int) (seq % perSocket)], socket);
            if (reply == null || !reply.contains("\"errors\":\"\"")) {
                throw new IllegalStateException("not resumed: " + reply);
            }
        };
    }

    @Override
    public void close() {
        stack.close();
    }
}
