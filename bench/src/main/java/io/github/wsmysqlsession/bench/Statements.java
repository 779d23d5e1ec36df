package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import java.util.Map;
import javax.sql.DataSource;

/** Counts the statements one operation sends to the database (see {@link StatementCounter}). */
final class Statements {

    private Statements() {
    }

    /**
     * Runs worker 0's operation {@code n} times alone, counting the statements this JVM sends.
     *
     * @return for example {@code 4 (SET 2, UPDATE 1, COMMIT 1)}
     */
    static String perOp(DataSource ds, Contender c, int n) throws Exception {
        Contender.Op op = c.worker(0);
        op.run(0);
        StatementCounter.reset();
        StatementCounter.counting = true;
        try {
            for (int i = 1; i <= n; i++) {
                op.run(i);
            }
        } finally {
            StatementCounter.counting = false;
        }
        Map<String, Long> counts = StatementCounter.snapshot();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder parts = new StringBuilder();
        for (String key : new String[] {"SET", "BEGIN", "START", "SELECT", "UPDATE", "INSERT", "DELETE", "COMMIT",
                "ROLLBACK"}) {
            Long v = counts.remove(key);
            if (v != null) {
                parts.append(parts.length() == 0 ? "" : ", ").append(key).append(' ').append(fmt(v / (double) n));
            }
        }
        counts.forEach((k, v) -> parts.append(parts.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(fmt(v / (double) n)));
        return fmt(total / (double) n) + (parts.length() == 0 ? "" : " (" + parts + ")");
    }

    private static String fmt(double v) {
        return Math.abs(v - Math.rint(v)) < 0.05 ? String.valueOf(Math.round(v)) : String.format("%.1f", v);
    }
}
