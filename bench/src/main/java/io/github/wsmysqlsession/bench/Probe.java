package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import io.github.wsmysqlsession.bench.lib.LibraryResume;
import io.github.wsmysqlsession.bench.lib.LibraryWrite;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A diagnostic, not part of the table: one thread, the library's server-side operations without
 * WebSocket beside the raw statements, wall and CPU time per operation of the calling thread. Run it
 * under JFR to see where the time goes: {@code java -XX:StartFlightRecording=... Probe write|resume}.
 */
public final class Probe {

    private Probe() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogging();
        String what = args.length > 0 ? args[0] : "write";
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 3000;
        String url = System.getenv("MYSQL_SESSION_JDBC_URL");
        Bench.Run run = new Bench.Run(url, Path.of(System.getProperty("bench.dir", ".")), false, List.of());
        run.auto = Db.pool(url, "probe-auto", true, 8);
        List<Contender> cs = new ArrayList<>();
        if (what.equals("write")) {
            cs.add(new JdbcWrite("raw limit", run.auto, "bench_p_limit", false));
            cs.add(new JdbcWrite("raw library SQL", run.auto, "bench_p_libsql", true));
            cs.add(new JdbcWrite("raw library SQL + timeout", run.auto, "bench_p_libsqlt", true)
                    .withQueryTimeout(5));
            Db.sessionTable(run.auto, "bench_p_lib");
            cs.add(new LibraryWrite("library", run.auto, "bench_p_lib", run.hibernate(), 1, false));
        } else {
            cs.add(new JdbcRead("raw read", run.auto, "bench_p_read"));
            Db.sessionTable(run.auto, "bench_p_res");
            cs.add(new LibraryResume("library onMessage(getToken)", run.auto, "bench_p_res", run.hibernate(), false));
            cs.add(new LibraryResume("library, session live here", run.auto, "bench_p_res", run.hibernate(), true));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        if (args.length > 2) {
            cs.removeIf(c -> !c.name().equals(args[2]));
        }
        for (Contender c : cs) {
            c.prepare(1);
        }
        for (int pass = 0; pass < 3; pass++) {
            for (Contender c : cs) {
                Contender.Op op = c.worker(0);
                long n = 0;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long proc0 = os.getProcessCpuTime();
                long alloc0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                long end = t0 + millis * 1_000_000L;
                while (System.nanoTime() < end) {
                    op.run(n++);
                }
                long wall = System.nanoTime() - t0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                long proc = os.getProcessCpuTime() - proc0;
                long alloc = threads.getCurrentThreadAllocatedBytes() - alloc0;
                System.out.printf("pass %d %-30s %8d ops %7.1f us/op wall %7.1f us thread CPU %7.1f us process CPU "
                        + "%8.0f B allocated%n", pass, c.name(), n, wall / 1e3 / n, cpu / 1e3 / n, proc / 1e3 / n,
                        alloc / (double) n);
            }
        }
        System.exit(0);
    }
}
