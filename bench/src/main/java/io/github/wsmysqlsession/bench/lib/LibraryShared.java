package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.bench.api.Checked;
import io.github.wsmysqlsession.bench.api.Contender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Many writers on one session: connections sharing a token, each setting its own key. */
public final class LibraryShared implements Contender, Checked {

    private final String name;
    private final LibraryStack stack;
    private final List<SocketSession> sessions = new ArrayList<>();
    private final List<AtomicLong> counters = new ArrayList<>();
    private String[] last = new String[0];
    private String token;

    public LibraryShared(String name, DataSource ds, String table, Map<String, Object> jpaProperties) throws Exception {
        this.name = name;
        this.stack = new LibraryStack(ds, table, jpaProperties, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int writers) {
        SocketSession first = stack.open("");
        token = first.token();
        for (int k = 0; k < 10; k++) {
            first.set("k" + k, Values.value(k));
        }
        sessions.clear();
        counters.clear();
        last = new String[writers];
        for (int i = 0; i < writers; i++) {
            sessions.add(i == 0 ? first : stack.open(token));
            counters.add(new AtomicLong());
        }
    }

    @Override
    public Op worker(int index) {
        SocketSession s = sessions.get(index);
        AtomicLong counter = counters.get(index);
        return seq -> {
            String value = "w" + index + "-" + counter.incrementAndGet();
            s.set("w" + index, value);
            last[index] = value;
        };
    }

    @Override
    public long lostKeys() {
        SocketSession check = stack.open(token);
        long lost = 0;
        for (int i = 0; i < last.length; i++) {
            if (last[i] != null && !last[i].equals(check.getString("w" + i))) {
                lost++;
            }
        }
        return lost;
    }

    @Override
    public long storedKeys() {
        return stack.open(token).keys().size();
    }

    @Override
    public void close() {
        stack.close();
    }
}
