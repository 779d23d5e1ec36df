package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.bench.lib.SweepUnderLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * 7. The sweeper on a table of many expired rows (what a flood of getToken leaves, issue 11 item 5):
 * how long it takes, and what it does to the latency of {@code set} on live sessions meanwhile; without
 * and with the optional index on {@code expires}.
 */
final class SweepSection {

    static final String TABLE = "bench_sweep";
    static final int WRITERS = 4;
    static final int LIVE = 10_000;

    private SweepSection() {
    }

    static void run(Bench.Run run) throws Exception {
        int expired = run.quick ? 100_000 : 1_000_000;
        long baselineMillis = run.quick ? 2_000 : 5_000;
        Table t = new Table("table", "expired rows", "sweeper runs", "sweep s", "rows/s", "set p50 ms before", "set p99 ms before",
                "set p50 ms sweeping", "set p99 ms sweeping", "sets/s before", "sets/s sweeping");
        List<String> figures = new ArrayList<>();
        for (boolean index : new boolean[] {false, true}) {
            Db.sessionTable(run.auto, TABLE);
            if (index) {
                Db.execute(run.auto, "CREATE INDEX " + TABLE + "_expires ON `" + TABLE + "` (expires)");
            }
            System.out.println("sweep: filling " + expired + " expired rows" + (index ? " (index on expires)" : ""));
            // random keys (MD5), as real tokens are; live rows are spread among them
            for (int from = 1; from <= expired; from += 50_000) { // in chunks, each well within socketTimeout
                Db.execute(run.auto, "INSERT INTO `" + TABLE + "` (sessionId, expires, data) SELECT MD5(seq), 1000, "
                        + "'{\"userId\":\"42\"}' FROM seq_" + from + "_to_" + Math.min(expired, from + 49_999));
            }
            Db.execute(run.auto, "INSERT INTO `" + TABLE + "` (sessionId, expires, data) SELECT MD5(-seq), "
                    + "UNIX_TIMESTAMP() + 86400, '{}' FROM seq_1_to_" + (LIVE - WRITERS));
            Db.execute(run.auto, "ANALYZE TABLE `" + TABLE + "`");
            try (SweepUnderLoad load = new SweepUnderLoad(run.auto, TABLE, run.hibernate(), WRITERS)) {
                writes(load, 1_000, null); // warm-up, not counted
                Histogram before = writes(load, baselineMillis, null);
                long[] sweep = new long[3];
                Histogram during = writes(load, 0, () -> {
                    long t0 = System.nanoTime();
                    for (int n = load.sweep(); n > 0; n = load.sweep()) {
                        sweep[0] += n;
                        sweep[2]++;
                    }
                    sweep[1] = System.nanoTime() - t0;
                });
                double seconds = sweep[1] / 1e9;
                String left = Db.queryString(run.auto, "SELECT COUNT(*) FROM `" + TABLE + "`");
                if (!left.equals(Integer.toString(LIVE))) {
                    throw new IllegalStateException("the sweep left " + left + " rows, expected the " + LIVE
                            + " live ones");
                }
                t.add(index ? "with the index on expires" : "the Node package's DDL (no index)", sweep[0], sweep[2],
                        String.format("%.1f", seconds), Table.num(sweep[0] / seconds), Table.ms(p(before, 50)),
                        Table.ms(p(before, 99)), Table.ms(p(during, 50)), Table.ms(p(during, 99)),
                        Table.num(before.getTotalCount() * 1000.0 / baselineMillis),
                        Table.num(during.getTotalCount() / seconds));
                figures.add(String.format("%s: %d rows in %.1f s, set p99 %.1f -> %.1f ms", index ? "index" : "no index",
                        sweep[0], seconds, p(before, 99), p(during, 99)));
            }
        }
        Db.execute(run.auto, "DROP TABLE `" + TABLE + "`");
        run.section("7. The sweeper on " + String.format("%,d", expired) + " expired rows", "A table of " + String.format(
                "%,d", expired) + " expired rows (random keys, as a flood of `getToken` leaves them) and " + LIVE
                + " live ones; one server sweeps it run after run (`SessionManager.sweep()`: up to 100 batches of "
                + "`sweepBatchSize` = 100 per run, as every `sweepInterval`; each batch found by a plain read and "
                + "deleted by key in one short transaction) while " + WRITERS
                + " threads `set` a key of their own live session in a loop. \"before\": the same writers for "
                + baselineMillis / 1000 + " s before the sweep. Once with the Node package's table, once with the "
                + "optional `CREATE INDEX ... (expires)` of the README.", t);
        run.note("Sweep figures: " + String.join("; ", figures) + ".");
    }

    private static double p(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    /**
     * Runs the writers for {@code millis}, or while {@code during} runs on this thread.
     *
     * @return the latencies of their sets, nanoseconds
     */
    private static Histogram writes(SweepUnderLoad load, long millis, Runnable during) throws Exception {
        Histogram all = new Histogram(3_600_000_000_000L, 3);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<Histogram> each = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            SocketSession s = load.session(i);
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            each.add(h);
            Thread th = new Thread(() -> {
                for (long seq = 0; !stop.get(); seq++) {
                    long t0 = System.nanoTime();
                    s.set("k" + (seq % 10), Db.value(seq));
                    h.recordValue(System.nanoTime() - t0);
                }
            }, "sweep-writer-" + i);
            threads.add(th);
            th.start();
        }
        if (during != null) {
            during.run();
        } else {
            Thread.sleep(millis);
        }
        stop.set(true);
        for (Thread th : threads) {
            th.join();
        }
        each.forEach(all::add);
        return all;
    }
}
