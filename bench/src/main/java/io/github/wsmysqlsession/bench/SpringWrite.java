package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.MySqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Write, the peer: Spring Session JDBC with its MySQL schema and the MySQL upsert customizer. Each
 * worker keeps its session object (as a long-lived connection would) and saves one changed attribute,
 * sliding the expiry as a request would ({@code setLastAccessedTime}).
 */
final class SpringWrite implements Contender {

    static final String TABLE = "BENCH_SPRING_SESSION";

    private final String name;
    private final JdbcIndexedSessionRepository jdbcRepository;
    private final SessionRepository<Session> repository;
    private final List<Session> sessions = new ArrayList<>();

    SpringWrite(String name, DataSource ds) throws Exception {
        this.name = name;
        Db.execute(ds, "DROP TABLE IF EXISTS " + TABLE + "_ATTRIBUTES");
        Db.execute(ds, "DROP TABLE IF EXISTS " + TABLE);
        for (String ddl : schema().split(";")) {
            if (!ddl.isBlank()) {
                Db.execute(ds, ddl.replace("SPRING_SESSION", TABLE));
            }
        }
        jdbcRepository = new JdbcIndexedSessionRepository(new JdbcTemplate(ds),
                new TransactionTemplate(new DataSourceTransactionManager(ds)));
        jdbcRepository.setTableName(TABLE);
        jdbcRepository.setDefaultMaxInactiveInterval(Duration.ofDays(1));
        new MySqlJdbcIndexedSessionRepositoryCustomizer().customize(jdbcRepository);
        repository = cast(jdbcRepository);
    }

    private static String schema() throws Exception {
        try (InputStream in = JdbcIndexedSessionRepository.class.getResourceAsStream("schema-mysql.sql")) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .collect(Collectors.joining("\n"));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int count) {
        for (int i = sessions.size(); i < count; i++) {
            Session s = repository.createSession();
            for (int k = 0; k < 10; k++) {
                s.setAttribute("k" + k, Db.value(k));
            }
            repository.save(s);
            sessions.add(s);
        }
    }

    @Override
    public Op worker(int index) {
        Session s = sessions.get(index);
        return seq -> {
            s.setAttribute("k" + (seq % 10), Db.value(seq));
            s.setLastAccessedTime(Instant.now());
            repository.save(s);
        };
    }

    /** The repository's session type is package-private; its methods take any {@code Session} by erasure. */
    @SuppressWarnings("unchecked")
    private static SessionRepository<Session> cast(SessionRepository<?> repository) {
        return (SessionRepository<Session>) repository;
    }
}
