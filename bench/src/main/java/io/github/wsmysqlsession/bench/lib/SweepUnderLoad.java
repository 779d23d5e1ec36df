package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.SocketSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The sweeper of one server next to writers of live sessions on the same table: the library with
 * default settings but no automatic sweep, so that the bench starts it.
 */
public final class SweepUnderLoad implements AutoCloseable {

    private final LibraryStack stack;
    private final List<SocketSession> sessions = new ArrayList<>();

    /** @param writers how many live sessions (one connection each) to make, with 10 keys */
    public SweepUnderLoad(DataSource ds, String table, Map<String, Object> jpaProperties, int writers)
            throws Exception {
        stack = new LibraryStack(ds, table, jpaProperties, false, "0");
        for (String token : stack.insertSessions(writers)) {
            sessions.add(stack.open(token));
        }
    }

    /** @return live session {@code i} */
    public SocketSession session(int i) {
        return sessions.get(i);
    }

    /**
     * @return the rows deleted by one run of the sweeper: at most 100 batches of {@code sweepBatchSize}
     *     (100), as every {@code sweepInterval}
     */
    public int sweep() {
        return stack.service().sweep();
    }

    @Override
    public void close() {
        stack.close();
    }
}
