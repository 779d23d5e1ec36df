package io.github.wsmysqlsession.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.bench.api.Contender;
import io.github.wsmysqlsession.bench.lib.LibraryIncrement;
import io.github.wsmysqlsession.bench.lib.SyncCost;
import io.github.wsmysqlsession.bench.lib.TwoServersCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 6. One session, every connection: {@code increment} beside its own statement over raw JDBC; what
 * the sync costs a server and the database with 10,000 idle connections; two servers incrementing one
 * counter.
 */
final class CoherenceSection {

    static final String RAW = "raw JDBC, the library's increment UPDATE";
    static final String LIBRARY = "library: increment(key, 1)";
    static final int IDLE = 10_000;

    private CoherenceSection() {
    }

    static void run(Bench.Run run) throws Exception {
        increments(run);
        syncCost(run);
        twoServers(run);
    }

    private static void increments(Bench.Run run) throws Exception {
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new JdbcIncrement(RAW, run.auto, "bench_c_raw"));
        Db.sessionTable(run.auto, "bench_c_lib");
        contenders.add(new LibraryIncrement(LIBRARY, run.auto, "bench_c_lib", run.hibernate()));
        run.runner.warm(16, contenders, run.quick ? 300 : 3000);
        Map<Integer, Map<String, Stats>> results = new LinkedHashMap<>();
        for (int level : Bench.LEVELS) {
            System.out.println("increment, " + level + " sessions ...");
            results.put(level, run.runner.run(level, contenders));
        }
        Map<String, String> statements = new LinkedHashMap<>();
        for (Contender c : contenders) {
            statements.put(c.name(), Statements.perOp(run.auto, c, run.quick ? 30 : 300));
            c.close();
        }
        Table t = new Table("sessions", "contender", "increments/s", "x raw", "p50 ms", "p99 ms", "client CPU us/op",
                "DB CPU us/op", "statements/op");
        List<String> ratios = new ArrayList<>();
        boolean met = true;
        for (var level : results.entrySet()) {
            Stats raw = level.getValue().get(RAW);
            for (var e : level.getValue().entrySet()) {
                Stats s = e.getValue();
                double x = s.ratioTo(raw);
                t.add(level.getKey(), e.getKey(), Table.num(s.throughput()), String.format("%.2f", x),
                        Table.ms(s.millis(50)), Table.ms(s.millis(99)), Table.num(s.clientCpuMicros()),
                        Table.num(s.dbCpuMicros()), statements.get(e.getKey()));
                if (e.getKey().equals(LIBRARY)) {
                    ratios.add(String.format("%.2fx at %d", x, level.getKey()));
                    met &= x >= 0.9;
                }
            }
        }
        run.section("6a. Increment: increment(key, 1), the new value returned", "One `increment` of a counter "
                + "in a session of 10 keys, each session incremented by its own thread; the library as in table 1. "
                + "The raw contender sends the library's own statement (`UPDATE ... JSON_SET(..., "
                + "CAST(LAST_INSERT_ID(COALESCE(CAST(JSON_VALUE(...) AS SIGNED), 0) + ?) AS SIGNED)) ... WHERE "
                + "sessionId = ? AND expires >= ? AND <integer or absent> AND <size bound>`) and reads the new value "
                + "from the reply (`getGeneratedKeys`), as the library does: one round trip.", t);
        run.target("Increment: library >= 0.9x its own UPDATE over raw JDBC at 1, 16, 64 sessions", met,
                String.join(", ", ratios));
    }

    private static void syncCost(Bench.Run run) throws Exception {
        long window = run.quick ? 5_000 : 20_000;
        Db.sessionTable(run.auto, "bench_c_idle");
        Table t = new Table("server", "sessions", "statements/s", "server CPU ms/s", "of which the sync thread",
                "DB CPU ms/s");
        double[] idleCost = null;
        double[] synced = null;
        for (String interval : new String[] {"0", "PT1S"}) {
            Db.sessionTable(run.auto, "bench_c_idle");
            try (SyncCost idle = new SyncCost(run.auto, "bench_c_idle", run.hibernate(), interval, IDLE)) {
                // the resumes settle, the database writes its pages, and the JIT compiles the sync's rounds
                Thread.sleep(run.quick ? 5_000 : 10_000);
                StatementCounter.reset();
                StatementCounter.counting = true;
                long cpu0 = Runner.processCpu();
                long sync0 = SyncCost.syncThreadCpu();
                long db0 = run.runner.dbCpu();
                Thread.sleep(window);
                long db1 = run.runner.dbCpu();
                double seconds = window / 1000.0;
                double cpu = (Runner.processCpu() - cpu0) / 1e6 / seconds;
                double sync = (SyncCost.syncThreadCpu() - sync0) / 1e6 / seconds;
                double db = db0 < 0 || db1 < 0 ? -1 : (db1 - db0) / 1e6 / seconds;
                StatementCounter.counting = false;
                long statements = StatementCounter.snapshot().values().stream().mapToLong(Long::longValue).sum();
                t.add(interval.equals("0") ? "no sync (syncInterval=0)" : "syncInterval=1 s (default)", IDLE,
                        String.format("%.1f", statements / seconds), String.format("%.1f", cpu),
                        String.format("%.1f", sync), db < 0 ? "n/a" : String.format("%.1f", db));
                if (interval.equals("0")) {
                    idleCost = new double[] {cpu, db};
                } else {
                    synced = new double[] {statements / seconds, cpu - idleCost[0], sync, Math.max(0, db - idleCost[1])};
                }
            }
        }
        run.section("6b. Keeping 10,000 idle connections in step", IDLE + " sessions with one idle connection each "
                + "(a minimal `jakarta.websocket.Session`, no network) on one server, over " + window / 1000
                + " s with nothing else running; once without the sync, once with it. The sync reads the expiry, "
                + "`LENGTH(data)` and `CRC32(data)` of its rows by key ranges of 500 sessions; nothing changed, so "
                + "nothing more is "
                + "read. CPU in milliseconds per second (10 ms/s is 1% of one core), measured after a settling "
                + "time; the sync's cost is the difference between the rows.", t);
        boolean met = synced != null && synced[1] < 50 && idleCost[1] >= 0 && synced[3] < 50;
        run.target("Sync with 10,000 idle connections: under 5% of one core on the server and on the database", met,
                synced == null ? "" : String.format("%.0f statements/s; server +%.1f ms/s (sync thread %.1f); "
                        + "database +%.1f ms/s", synced[0], synced[1], synced[2], synced[3]));
    }

    private static void twoServers(Bench.Run run) throws Exception {
        Db.sessionTable(run.auto, "bench_c_two");
        try (HikariDataSource a = Db.pool(run.url, "bench-server-a", true, 4);
                HikariDataSource b = Db.pool(run.url, "bench-server-b", true, 4);
                TwoServersCounter two = new TwoServersCounter(a, b, "bench_c_two", run.hibernate())) {
            long[] result = two.run(1_000);
            Table t = new Table("servers", "increments", "counter at the end", "time ms");
            t.add(2, "2 x 1,000", result[0], result[1]);
            run.section("6c. Two servers, one counter", "Two servers (each its own pool and library) on one table; "
                    + "one session with a connection on each; each connection increments one counter 1,000 times, "
                    + "at the same time.", t);
            run.target("Two servers incrementing one counter 1,000 times each: it ends at 2,000", result[0] == 2_000,
                    "counter " + result[0]);
        }
    }
}
