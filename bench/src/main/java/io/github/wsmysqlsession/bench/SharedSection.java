package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Checked;
import io.github.wsmysqlsession.bench.api.Contender;
import io.github.wsmysqlsession.bench.lib.LibraryShared;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** 4. Many writers on one session: 16 connections sharing a token, each writing its own key. */
final class SharedSection {

    static final int WRITERS = 16;

    private SharedSection() {
    }

    static void run(Bench.Run run) throws Exception {
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new JdbcShared(WriteSection.LIMIT, run.auto, "bench_s_limit"));
        Db.sessionTable(run.auto, "bench_s_lib");
        contenders.add(new LibraryShared(WriteSection.LIBRARY, run.auto, "bench_s_lib", run.hibernate()));
        if (!run.sections.contains("write")) {
            new SpringWrite("schema", run.auto); // creates the Spring tables
        }
        contenders.add(new SpringShared("Spring Session JDBC", run.auto));
        System.out.println("shared session, " + WRITERS + " writers ...");
        var results = run.runner.run(WRITERS, contenders);
        Table t = new Table("contender", "writes/s", "x limit", "p50 ms", "p99 ms", "keys stored", "lost keys");
        Stats limit = results.get(WriteSection.LIMIT);
        long libraryLost = -1;
        String libraryFigures = "";
        for (Contender c : contenders) {
            Stats s = results.get(c.name());
            long lost = ((Checked) c).lostKeys();
            t.add(c.name(), Table.num(s.throughput()), String.format("%.2f", s.ratioTo(limit)),
                    Table.ms(s.millis(50)), Table.ms(s.millis(99)), ((Checked) c).storedKeys(), lost);
            if (c.name().equals(WriteSection.LIBRARY)) {
                libraryLost = lost;
                libraryFigures = String.format("%,.0f writes/s (%.2fx the limit), %d lost of %d writers' keys",
                        s.throughput(), s.ratioTo(limit), lost, WRITERS);
            }
            c.close();
        }
        run.section("4. Many writers on one session", WRITERS + " connections share one token (the session holds 10 "
                + "keys); each writes its own key `w<i>` in a loop. Lost keys: writers whose last committed value is "
                + "not what the stored session holds at the end (keys stored: 10 + " + WRITERS + " expected).", t);
        run.target("Shared session: zero lost keys", libraryLost == 0, libraryFigures);
    }
}
