package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.bench.api.Contender;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Write: {@code SocketSession.set(key, value)} through the library, one session per worker. */
public final class LibraryWrite implements Contender {

    private final String name;
    private final LibraryStack stack;
    private final List<SocketSession> sessions = new ArrayList<>();
    private final int setsPerOp;
    private final Method batch;

    /**
     * @param setsPerOp how many {@code set} calls one operation makes (a message handler that changes
     *     several keys)
     */
    public LibraryWrite(String name, DataSource ds, String table, Map<String, Object> jpaProperties,
            boolean jdbcWrites, int setsPerOp, boolean deferred) throws Exception {
        this.name = name;
        this.stack = new LibraryStack(ds, table, jpaProperties, jdbcWrites);
        this.setsPerOp = setsPerOp;
        // the prototype's deferred-write mode, found by name: the installed library has no such class
        this.batch = deferred ? Class.forName("io.github.wsmysqlsession.core.BenchDeferred", true,
                LibraryWrite.class.getClassLoader()).getMethod("batch", SocketSession.class, Runnable.class) : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int count) throws Exception {
        if (sessions.size() >= count) {
            return;
        }
        for (String token : stack.insertSessions(count - sessions.size())) {
            sessions.add(stack.open(token));
        }
    }

    @Override
    public Op worker(int index) {
        SocketSession s = sessions.get(index);
        if (setsPerOp == 1) {
            return seq -> s.set("k" + (seq % 10), Values.value(seq));
        }
        Contender.Op handler = seq -> {
            for (int j = 0; j < setsPerOp; j++) {
                s.set("k" + ((seq * setsPerOp + j) % 10), Values.value(seq));
            }
        };
        if (batch == null) {
            return handler;
        }
        return seq -> batch.invoke(null, s, (Runnable) () -> {
            try {
                handler.run(seq);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void close() {
        stack.close();
    }
}
