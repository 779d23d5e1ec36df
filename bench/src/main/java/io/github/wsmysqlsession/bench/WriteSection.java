package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import io.github.wsmysqlsession.bench.lib.LibraryWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 1. Write: one set(key, value) of ~100 bytes in a 10-key session, committed. */
final class WriteSection {

    static final String LIMIT = "raw JDBC: the limit";
    static final String LIBRARY = "library";
    static final String LIBRARY_SQL = "raw JDBC, the library's UPDATE";

    private WriteSection() {
    }

    static void run(Bench.Run run) throws Exception {
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new JdbcWrite(LIMIT, run.auto, "bench_w_limit", false));
        contenders.add(new JdbcWrite(LIBRARY_SQL, run.auto, "bench_w_libsql", true));
        contenders.add(new JdbcWrite(LIBRARY_SQL + " + setQueryTimeout", run.auto, "bench_w_timeout", true)
                .withQueryTimeout(5));
        Db.sessionTable(run.auto, "bench_w_lib");
        contenders.add(new LibraryWrite(LIBRARY, run.auto, "bench_w_lib", run.hibernate(), 1, false));
        contenders.add(new SpringWrite("Spring Session JDBC", run.auto));

        run.runner.warm(16, contenders, run.quick ? 300 : 3000);
        Map<Integer, Map<String, Stats>> results = new LinkedHashMap<>();
        for (int level : Bench.LEVELS) {
            System.out.println("write, " + level + " sessions ...");
            results.put(level, run.runner.run(level, contenders));
        }
        Map<String, String> statements = new LinkedHashMap<>();
        for (Contender c : contenders) {
            statements.put(c.name(), Statements.perOp(run.auto, c, run.quick ? 30 : 300));
        }
        for (Contender c : contenders) {
            c.close();
        }

        Table t = new Table("sessions", "contender", "writes/s", "x limit", "p50 ms", "p99 ms",
                "client CPU us/write", "DB CPU us/write", "allocated B/write", "statements/write");
        List<String> ratios = new ArrayList<>();
        List<String> allocation = new ArrayList<>();
        boolean met = true;
        for (var level : results.entrySet()) {
            Stats limit = level.getValue().get(LIMIT);
            for (var e : level.getValue().entrySet()) {
                Stats s = e.getValue();
                double x = s.ratioTo(limit);
                t.add(level.getKey(), e.getKey(), Table.num(s.throughput()), String.format("%.2f", x),
                        Table.ms(s.millis(50)), Table.ms(s.millis(99)), Table.num(s.clientCpuMicros()),
                        Table.num(s.dbCpuMicros()), Table.num(s.allocatedPerOp()), statements.get(e.getKey()));
                if (e.getKey().equals(LIBRARY)) {
                    ratios.add(String.format("%.2fx at %d", x, level.getKey()));
                    met &= x >= 0.9;
                    Stats sql = level.getValue().get(LIBRARY_SQL);
                    allocation.add(String.format("%d: %s B per set, of which the library's share (less its UPDATE "
                            + "over raw JDBC) %s B", level.getKey(), Table.num(s.allocatedPerOp()),
                            Table.num(s.allocatedPerOp() - sql.allocatedPerOp())));
                }
            }
        }
        run.section("1. Write: set(key, value) committed", "One `set` of a 100-character value in a session "
                + "holding 10 keys, committed before it returns; each session written by its own thread. The "
                + "library runs as the README's standalone application builds it (`SessionManager.builder("
                + "dataSource)`: its persistence unit with Hibernate over HikariCP and mysql-connector-j; "
                + "connections that are a minimal `jakarta.websocket.Session`, no WebSocket). The limit is the "
                + "brief's statement `UPDATE session "
                + "SET data = JSON_SET(COALESCE(data,'{}'), ?, JSON_EXTRACT(?, '$')), expires = ? WHERE sessionId "
                + "= ?`, auto-commit, no ORM. Spring Session JDBC keeps each session object and saves one changed "
                + "attribute (MySQL schema, `MySqlJdbcIndexedSessionRepositoryCustomizer`). CPU columns: this "
                + "JVM's and the database server's CPU time per write (2 cores shared by both). Statements: "
                + "what this JVM sent per write, counted by a mysql-connector-j query interceptor, at 1 session; DB "
                + "CPU counts everything the shared database server did, other clients' work included. Allocated: "
                + "bytes allocated by all of this JVM's threads per write (`ThreadMXBean`).",
                t);
        run.note("Allocation per write: " + String.join("; ", allocation) + ".");
        run.target("Write: library >= 0.9x the raw JDBC limit at 1, 16, 64 sessions", met, String.join(", ", ratios));
    }
}
