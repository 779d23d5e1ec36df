package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import io.github.wsmysqlsession.bench.lib.LibraryWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 1b. A message handler that sets 3 keys: per-call writes against the opt-in deferred mode. */
final class HandlerSection {

    static final String LIMIT = "raw JDBC: 3 keys in one UPDATE";
    static final String LIBRARY = "library: 3 x set()";

    private HandlerSection() {
    }

    static void run(Bench.Run run) throws Exception {
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new JdbcWrite(LIMIT, run.auto, "bench_h_limit", false, 3));
        Db.sessionTable(run.auto, "bench_h_lib");
        contenders.add(new LibraryWrite(LIBRARY, run.auto, "bench_h_lib", run.hibernate(), 3, false));
        Db.sessionTable(run.auto, "bench_h_defer");
        contenders.add(new LibraryWrite("library, deferWrites=true", run.auto, "bench_h_defer", run.hibernate(), 3,
                true));
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
                + "By default the library writes each `set` when it is called; with `websocket.session.deferWrites"
                + "=true` it keeps the handler's `set` calls in the connection's copy and writes them in one "
                + "`UPDATE` (one `JSON_SET` with three path/value pairs) when the handler returns. The limit is "
                + "that one statement over raw JDBC.", t);
    }
}
