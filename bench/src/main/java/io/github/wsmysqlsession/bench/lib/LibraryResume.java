package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.bench.api.Contender;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Resume without WebSocket: {@code SessionService.onMessage(getToken)} on a minimal connection, the
 * library's server-side share of a resume. For finding where the time goes, beside a raw read.
 */
public final class LibraryResume implements Contender {

    private final String name;
    private final DataSource ds;
    private final String table;
    private final LibraryStack stack;
    private final List<Session> sockets = new ArrayList<>();
    private final List<String> frames = new ArrayList<>();

    public LibraryResume(String name, DataSource ds, String table, Map<String, Object> jpaProperties) throws Exception {
        this.name = name;
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
            Session socket = FakeSocket.create();
            String token = stack.open("").token();
            SocketSessionFill.fill(stack, token);
            sockets.add(socket);
            frames.add("{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}");
        }
    }

    @Override
    public Op worker(int index) {
        Session socket = sockets.get(index);
        String frame = frames.get(index);
        return seq -> {
            String reply = stack.service().onMessage(frame, socket);
            if (reply == null || !reply.contains("\"errors\":\"\"")) {
                throw new IllegalStateException("not resumed: " + reply);
            }
        };
    }

    @Override
    public void close() {
        stack.close();
    }

    /** Fills a session with the 10 keys. */
    static final class SocketSessionFill {
        static void fill(LibraryStack stack, String token) {
            var s = stack.open(token);
            for (int k = 0; k < 10; k++) {
                s.set("k" + k, Values.value(k));
            }
        }
    }
}
