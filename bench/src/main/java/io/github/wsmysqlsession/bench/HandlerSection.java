package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import io.github.wsmysqlsession.bench.lib.LibraryWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** 1b. A message handler that sets 3 keys: per-call writes against the opt-in deferred mode. */
final class HandlerSection {

    static final String LIMIT = "raw JDBC: 3 keys in one UPDATE";
    static final String LIBRARY = "library: 3 x set()";

    private HandlerSection() {
    }

    static void run(Bench.Run run) throws Exception {
        if (run.proto == null) {
            return;
        }
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new JdbcWrite(LIMIT, run.auto, "bench_h_limit", false, 3));
        Db.sessionTable(run.auto, "bench_h_lib");
        contenders.add(new LibraryWrite(LIBRARY, run.auto, "bench_h_lib", run.hibernate(false), false, 3, false));
        Class<?>[] types = {String.class, DataSource.class, String.class, Map.class, boolean.class, int.class,
            boolean.class};
        Db.sessionTable(run.auto, "bench_h_proto");
        contenders.add(run.protoContender(LibraryWrite.class.getName(), types,
                "library, proposed: JDBC writes, 3 x set()", run.auto, "bench_h_proto", run.hibernate(false), true,
                3, false));
        Db.sessionTable(run.auto, "bench_h_defer");
        contenders.add(run.protoContender(LibraryWrite.class.getName(), types,
                "library, proposed: JDBC writes + deferred mode", run.auto, "bench_h_defer", run.hibernate(false),
                true, 3, true));
        run.runner.warm(16, contenders, run.quick ? 300 : 2000);
        Map<Integer, Map<String, Stats>> results = new LinkedHashMap<>();
        for (int level : Bench.LEVELS) {
            System.out.println("handler with 3 set(), " + level + " sessions ...");
            results.put(level, run.runner.run(level, contenders));
        }
        Map<String, String> statements = new LinkedHashMap<>();
        for (Contender c : contenders) {
            statements.put(c.name(), Statements.perOp(run.auto, c, run.quick ? 20 : 150));
            c.close();
        }
        Table t = new Table("sessions", "contender", "handlers/s", "x limit", "p50 ms", "p99 ms", "statements/handler");
        for (var level : results.entrySet()) {
            Stats limit = level.getValue().get(LIMIT);
            for (var e : level.getValue().entrySet()) {
                Stats s = e.getValue();
                t.add(level.getKey(), e.getKey(), Table.num(s.throughput()), String.format("%.2f", s.ratioTo(limit)),
                        Table.ms(s.millis(50)), Table.ms(s.millis(99)), statements.get(e.getKey()));
            }
        }
        run.section("1b. A message handler that sets 3 keys", "One handler call sets 3 of the session's 10 keys. "
                + "The library writes each `set` when it is called; the proposed opt-in deferred mode keeps the "
                + "handler's `set` calls in the connection's copy and writes them in one `UPDATE` (one `JSON_SET` "
                + "with three path/value pairs) when the handler returns (prototype: `bench/src/proto`). The limit "
                + "is that one statement over raw JDBC.", t);
    }
}
