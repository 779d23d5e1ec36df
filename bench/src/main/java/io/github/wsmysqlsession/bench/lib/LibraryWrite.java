package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.bench.api.Contender;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Write: {@code SocketSession.set(key, value)} through the library, one session per worker. */
public final class LibraryWrite implements Contender {

    private final String name;
    private final LibraryStack stack;
    private final List<Session> sockets = new ArrayList<>();
    private final int setsPerOp;
    private final boolean deferred;

    /**
     * @param setsPerOp how many {@code set} calls one operation makes (a message handler that changes
     *     several keys)
     * @param deferred {@code websocket.session.deferWrites}: an operation is a handler call, run as
     *     the library's endpoint runs it ({@code SessionService.runHandler})
     */
    public LibraryWrite(String name, DataSource ds, String table, Map<String, Object> jpaProperties, int setsPerOp,
            boolean deferred) {
        this.name = name;
        this.stack = new LibraryStack(ds, table, jpaProperties, deferred);
        this.setsPerOp = setsPerOp;
        this.deferred = deferred;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int count) throws Exception {
        if (sockets.size() >= count) {
            return;
        }
        for (String token : stack.insertSessions(count - sockets.size())) {
            sockets.add(stack.connect(token));
        }
    }

    @Override
    public Op worker(int index) {
        Session socket = sockets.get(index);
        SocketSession s = stack.service().sessionOf(socket);
        if (setsPerOp == 1 && !deferred) {
            return seq -> s.set("k" + (seq % 10), Values.value(seq));
        }
        return seq -> stack.service().runHandler(socket, () -> {
            for (int j = 0; j < setsPerOp; j++) {
                s.set("k" + ((seq * setsPerOp + j) % 10), Values.value(seq));
            }
            return null;
        });
    }

    @Override
    public void close() {
        stack.close();
    }
}
