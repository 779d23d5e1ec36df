package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.internal.json.JsonText;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.internal.store.Increment;
import io.github.wsmysqlsession.internal.store.KeyRead;
import io.github.wsmysqlsession.internal.store.RowFingerprint;
import io.github.wsmysqlsession.internal.store.SessionStore;
import io.github.wsmysqlsession.internal.store.StoredSession;
import io.github.wsmysqlsession.internal.store.WriteOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The store's contract in memory, for unit tests of core's rules only: rows by token, writes refused
 * for missing or expired rows and for results over the size limit (counted as the compact JSON the
 * library renders), and a hook to make the next operation fail. The store's SQL itself is tested
 * against MariaDB ({@code MySqlSessionStoreIT}).
 */
final class InMemorySessionStore implements SessionStore {

    private record Row(long expires, String data) {
    }

    private final Map<String, Row> rows = new HashMap<>();
    private final int maxDataBytes;
    private final List<String> operations = new ArrayList<>();
    private Supplier<RuntimeException> nextFailure;

    InMemorySessionStore(int maxDataBytes) {
        this.maxDataBytes = maxDataBytes;
    }

    /** Makes the next operation throw what {@code failure} makes, before it changes anything. */
    synchronized void failNext(Supplier<RuntimeException> failure) {
        nextFailure = failure;
    }

    /** @return the operations called so far, by name, oldest first */
    synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    /** @return the stored data of a row, or null when there is none */
    synchronized String data(String token) {
        Row row = rows.get(token);
        return row == null ? null : row.data();
    }

    /** @return the stored expiry of a row, or -1 when there is none */
    synchronized long expires(String token) {
        Row row = rows.get(token);
        return row == null ? -1 : row.expires();
    }

    /** Writes a row as another server or the Node package would. */
    synchronized void putRow(String token, long expires, String data) {
        rows.put(token, new Row(expires, data));
    }

    synchronized int size() {
        return rows.size();
    }

    private void enter(String operation) {
        operations.add(operation);
        Supplier<RuntimeException> failure = nextFailure;
        nextFailure = null;
        if (failure != null) {
            throw failure.get();
        }
    }

    private Row live(String token, long now) {
        Row row = rows.get(token);
        return row == null || row.expires() < now ? null : row;
    }

    private static Map<String, String> parse(String data) {
        try {
            return SessionDocument.parse(data);
        } catch (IllegalArgumentException e) {
            throw new SessionStoreException("The session's stored data is not a JSON object", e);
        }
    }

    private WriteOutcome write(String token, long expires, long now, Map<String, String> values) {
        String data = SessionDocument.render(values);
        if (JsonText.utf8Length(data) > maxDataBytes) {
            return WriteOutcome.TOO_LARGE;
        }
        rows.put(token, new Row(expires, data));
        return WriteOutcome.DONE;
    }

    @Override
    public synchronized void prepareTable(boolean create) {
        enter("prepareTable");
    }

    @Override
    public synchronized Optional<StoredSession> find(String token) {
        enter("find");
        Row row = rows.get(token);
        return row == null ? Optional.empty() : Optional.of(new StoredSession(token, row.expires(), row.data()));
    }

    @Override
    public synchronized RowFingerprint[] fingerprints(List<String> tokens) {
        enter("fingerprints");
        RowFingerprint[] found = new RowFingerprint[tokens.size()];
        for (int i = 0; i < found.length; i++) {
            Row row = rows.get(tokens.get(i));
            if (row != null) {
                found[i] = RowFingerprint.of(new StoredSession(tokens.get(i), row.expires(), row.data()));
            }
        }
        return found;
    }

    @Override
    public synchronized Map<String, StoredSession> findAll(Collection<String> tokens) {
        enter("findAll");
        Map<String, StoredSession> found = new HashMap<>();
        for (String t : tokens) {
            Row row = rows.get(t);
            if (row != null) {
                found.put(t, new StoredSession(t, row.expires(), row.data()));
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<KeyRead> read(String token, String key, long now) {
        enter("read");
        Row row = live(token, now);
        return row == null ? Optional.empty() : Optional.of(new KeyRead(parse(row.data()).get(key), row.expires(),
                parse(row.data()).get(key)));
    }

    @Override
    public synchronized WriteOutcome compareAndSet(String token, String key, String expected, String json, long expires,
            long now) {
        enter("compareAndSet");
        Row row = live(token, now);
        if (row == null) {
            return WriteOutcome.GONE;
        }
        Map<String, String> values = parse(row.data());
        if (!Objects.equals(values.get(key), expected)) {
            return WriteOutcome.CONFLICT;
        }
        values.put(key, json);
        return write(token, expires, now, values);
    }

    @Override
    public synchronized Increment increment(String token, String key, long delta, long expires, long now) {
        enter("increment");
        Row row = live(token, now);
        if (row == null) {
            return new Increment(WriteOutcome.GONE, 0);
        }
        Map<String, String> values = parse(row.data());
        String current = values.get(key);
        if (current != null && !current.equals("null") && !current.matches("-?\\d+")) {
            return new Increment(WriteOutcome.NOT_AN_INTEGER, 0);
        }
        long value = Math.addExact(current == null || current.equals("null") ? 0 : Long.parseLong(current), delta);
        values.put(key, Long.toString(value));
        WriteOutcome outcome = write(token, expires, now, values);
        return new Increment(outcome, outcome == WriteOutcome.DONE ? value : 0);
    }

    @Override
    public synchronized void insert(String token, long expires, String data) {
        enter("insert");
        if (rows.putIfAbsent(token, new Row(expires, data)) != null) {
            throw new SessionStoreException("duplicate key " + token);
        }
    }

    @Override
    public synchronized WriteOutcome touch(String token, long expires, long now) {
        enter("touch");
        Row row = live(token, now);
        if (row == null) {
            return WriteOutcome.GONE;
        }
        rows.put(token, new Row(expires, row.data()));
        return WriteOutcome.DONE;
    }

    @Override
    public synchronized WriteOutcome put(String token, Map<String, String> jsonByKey, long expires, long now) {
        enter("put");
        Row row = live(token, now);
        if (row == null) {
            return WriteOutcome.GONE;
        }
        Map<String, String> values = parse(row.data());
        values.putAll(jsonByKey);
        return write(token, expires, now, values);
    }

    @Override
    public synchronized WriteOutcome remove(String token, String key, long expires, long now) {
        enter("remove");
        Row row = live(token, now);
        if (row == null) {
            return WriteOutcome.GONE;
        }
        Map<String, String> values = parse(row.data());
        values.remove(key);
        return write(token, expires, now, values);
    }

    @Override
    public synchronized WriteOutcome replace(String token, String data, long expires, long now) {
        enter("replace");
        if (live(token, now) == null) {
            return WriteOutcome.GONE;
        }
        return write(token, expires, now, parse(data));
    }

    @Override
    public synchronized Optional<String> rotate(String oldToken, String newToken, long expires, long now) {
        enter("rotate");
        Row row = live(oldToken, now);
        if (row == null) {
            return Optional.empty();
        }
        String data = row.data() == null ? "{}" : row.data();
        rows.remove(oldToken);
        rows.put(newToken, new Row(expires, data));
        return Optional.of(data);
    }

    @Override
    public synchronized void delete(String token) {
        enter("delete");
        rows.remove(token);
    }

    @Override
    public synchronized int deleteExpired(long now, int batchSize) {
        enter("deleteExpired");
        List<String> expired = rows.entrySet().stream().filter(e -> e.getValue().expires() < now)
                .map(Map.Entry::getKey).limit(batchSize).toList();
        expired.forEach(rows::remove);
        return expired.size();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
