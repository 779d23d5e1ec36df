package io.github.wsmysqlsession.bench.lib;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What keeping a server's sessions in step with the table costs: {@code count} sessions, each with one
 * idle connection (a minimal {@code jakarta.websocket.Session}, no network), on one server whose sync
 * runs every {@code syncInterval}, measured over a window while nothing else happens.
 */
public final class SyncCost implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LibraryStack stack;

    /** Opens the connections (a resume each); {@code syncInterval} {@code "0"} for a server that does not sync. */
    public SyncCost(DataSource ds, String table, Map<String, Object> jpaProperties, String syncInterval, int count)
            throws Exception {
        stack = new LibraryStack(ds, table, jpaProperties, false, syncInterval);
        for (String token : stack.insertSessions(count)) {
            stack.connect(token);
        }
        if (stack.service().liveSessions() != count) {
            throw new IllegalStateException("expected " + count + " live sessions, have "
                    + stack.service().liveSessions());
        }
    }

    /** @return the CPU time so far of the library's sync thread, in nanoseconds (0 when there is none) */
    public static long syncThreadCpu() {
        long total = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("websocket-mysql-session-sync")) {
                total += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    @Override
    public void close() {
        stack.close();
    }
}
