package io.github.wsmysqlsession.galera;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.testing.DirectSessions;
import io.github.wsmysqlsession.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's write case on the cluster: {@code SocketSession.set} of a 100-character value in a
 * 10-key session, one session per writer, 16 writers, all through a server on node 1 or spread over
 * servers on the three nodes; with and without {@code wsrep_sync_wait}. Prints writes per second;
 * asserts only that no write failed. Skipped unless {@value Galera#ENV} is set.
 */
class GaleraThroughputIT {

    static final String TABLE = "session_galera_bench";
    static final int WRITERS = 16;
    static final long SECONDS = Long.getLong("galera.benchSeconds", 5);
    static final String VALUE = "\"" + "v".repeat(100) + "\"";

    static Galera cluster;

    @BeforeAll
    static void start() {
        cluster = Galera.cluster();
        cluster.recreateTable(TABLE);
    }

    @Test
    void sixteenWritersOnOneNodeAndSpreadOverThree() throws Exception {
        for (String params : List.of("", GaleraClusterIT.PARAMS)) {
            String label = params.isEmpty() ? "no wsrep_sync_wait" : params;
            double one = run(new int[] {1}, params);
            double three = run(new int[] {1, 2, 3}, params);
            Galera.report("set() throughput, 16 writers, own sessions, %s: one node %.0f/s, three nodes %.0f/s",
                    label, one, three);
        }
    }

    /** @return sets per second with the writers spread round-robin over servers on {@code nodes} */
    private static double run(int[] nodes, String params) throws Exception {
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .writeRetries(GaleraClusterIT.RETRIES).getTokenPerMinute(0).build();
        List<HikariDataSource> pools = new ArrayList<>();
        List<DirectSessions> managers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int node : nodes) {
                HikariDataSource pool = TestDatabase.newDataSource(cluster.serverUrl(node, params),
                        (WRITERS + nodes.length - 1) / nodes.length);
                pools.add(pool);
                managers.add(new DirectSessions(pool, settings));
            }
            List<SocketSession> sessions = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                SocketSession s = managers.get(w % managers.size()).open("");
                for (int k = 0; k < 10; k++) {
                    s.set("k" + k, VALUE);
                }
                sessions.add(s);
            }
            AtomicBoolean counting = new AtomicBoolean(false);
            AtomicBoolean going = new AtomicBoolean(true);
            LongAdder done = new LongAdder();
            LongAdder failed = new LongAdder();
            List<Future<?>> running = new ArrayList<>();
            for (SocketSession s : sessions) {
                running.add(threads.submit(() -> {
                    for (long seq = 0; going.get(); seq++) {
                        try {
                            s.set("k" + seq % 10, VALUE);
                            if (counting.get()) {
                                done.increment();
                            }
                        } catch (RuntimeException e) {
                            failed.increment();
                        }
                    }
                }));
            }
            Thread.sleep(1_000); // warm-up
            counting.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(SECONDS * 1_000);
            counting.set(false);
            double perSecond = done.sum() / ((System.nanoTime() - t0) / 1e9);
            going.set(false);
            for (Future<?> f : running) {
                f.get();
            }
            assertThat(failed.sum()).as("failed sets").isZero();
            return perSecond;
        } finally {
            threads.shutdownNow();
            managers.forEach(DirectSessions::close);
            pools.forEach(HikariDataSource::close);
        }
    }
}
