package io.github.wsmysqlsession.bench.lib;

import io.github.wsmysqlsession.SocketSession;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/** Two servers (each its own pool and library) on one table; one session, a connection on each. */
public final class TwoServersCounter implements AutoCloseable {

    private final LibraryStack a;
    private final LibraryStack b;
    private final String token;

    public TwoServersCounter(DataSource poolA, DataSource poolB, String table, Map<String, Object> jpa)
            throws Exception {
        a = new LibraryStack(poolA, table, jpa, false);
        b = new LibraryStack(poolB, table, jpa, false);
        token = a.insertSessions(1)[0];
    }

    /**
     * Each server's connection increments the counter {@code times} times, at once.
     *
     * @return {final value, milliseconds}
     */
    public long[] run(int times) throws Exception {
        SocketSession onA = a.open(token);
        SocketSession onB = b.open(token);
        long t0 = System.nanoTime();
        CompletableFuture<Void> x = CompletableFuture.runAsync(() -> add(onA, times));
        CompletableFuture<Void> y = CompletableFuture.runAsync(() -> add(onB, times));
        x.get();
        y.get();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new long[] {onA.increment("counter", 0), millis};
    }

    private static void add(SocketSession s, int times) {
        for (int i = 0; i < times; i++) {
            s.increment("counter", 1);
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
