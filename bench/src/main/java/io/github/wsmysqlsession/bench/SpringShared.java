package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Checked;
import io.github.wsmysqlsession.bench.api.Contender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.MySqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Many writers on one Spring session: each writer loads the session once (its own session object,
 * as each connection would) and saves its own attribute.
 */
final class SpringShared implements Contender, Checked {

    private final String name;
    private final SessionRepository<Session> repository;
    private final List<Session> sessions = new ArrayList<>();
    private String id;
    private String[] last = new String[0];
    private AtomicLong[] counters = new AtomicLong[0];

    @SuppressWarnings("unchecked")
    SpringShared(String name, DataSource ds) {
        this.name = name;
        JdbcIndexedSessionRepository r = new JdbcIndexedSessionRepository(new JdbcTemplate(ds),
                new TransactionTemplate(new DataSourceTransactionManager(ds)));
        r.setTableName(SpringWrite.TABLE); // created by SpringWrite
        r.setDefaultMaxInactiveInterval(Duration.ofDays(1));
        new MySqlJdbcIndexedSessionRepositoryCustomizer().customize(r);
        repository = (SessionRepository<Session>) (SessionRepository<?>) r;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int writers) {
        Session first = repository.createSession();
        for (int k = 0; k < 10; k++) {
            first.setAttribute("k" + k, Db.value(k));
        }
        repository.save(first);
        id = first.getId();
        sessions.clear();
        last = new String[writers];
        counters = new AtomicLong[writers];
        for (int i = 0; i < writers; i++) {
            sessions.add(repository.findById(id));
            counters[i] = new AtomicLong();
        }
    }

    @Override
    public Op worker(int index) {
        Session s = sessions.get(index);
        return seq -> {
            String value = "w" + index + "-" + counters[index].incrementAndGet();
            s.setAttribute("w" + index, value);
            s.setLastAccessedTime(Instant.now());
            repository.save(s);
            last[index] = value;
        };
    }

    @Override
    public long lostKeys() {
        Session check = repository.findById(id);
        long lost = 0;
        for (int i = 0; i < last.length; i++) {
            if (last[i] != null && (check == null || !last[i].equals(check.getAttribute("w" + i)))) {
                lost++;
            }
        }
        return lost;
    }

    @Override
    public long storedKeys() {
        Session check = repository.findById(id);
        return check == null ? 0 : check.getAttributeNames().size();
    }
}
