package io.github.wsmysqlsession.internal.store.mysql;

import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SessionTooLargeException;
import io.github.wsmysqlsession.SessionUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Set;

/** Turns JPA and JDBC failures into {@link SessionStoreException}s that say what to do. */
final class StoreErrors {

    /** MariaDB Galera: "WSREP has not yet prepared node for application use"; the statement did not run. */
    static final int WSREP_NOT_READY = 1047;
    /** MySQL/MariaDB: table does not exist. */
    static final int NO_SUCH_TABLE = 1146;
    /** MySQL/MariaDB: lock wait timeout exceeded; the statement was rolled back. */
    static final int LOCK_WAIT_TIMEOUT = 1205;
    /** MySQL/MariaDB: deadlock found when trying to get lock; Galera: certification conflict. Rolled back. */
    static final int DEADLOCK = 1213;
    /** MySQL/MariaDB: data too long for column (strict {@code sql_mode}); nothing was written. */
    static final int DATA_TOO_LONG = 1406;
    /** MariaDB: the stored text is not JSON (unexpected end, syntax error); MySQL: invalid JSON text. */
    private static final Set<Integer> INVALID_JSON = Set.of(4037, 4038, 3141);

    private final String table;
    private final String ddl;
    private final Duration timeout;

    StoreErrors(SessionSql sql, Duration timeout) {
        this.table = sql.table;
        this.ddl = sql.ddl;
        this.timeout = timeout;
    }

    /**
     * @param action what was being done, for the message ("save the session")
     * @param e the failure
     * @param sent whether a write had been sent to the database when it failed (so it may have been
     *     applied, unless the database says it rolled it back)
     * @return the failure to throw
     */
    SessionStoreException translate(String action, RuntimeException e, boolean sent) {
        if (e instanceof SessionStoreException s) {
            return s;
        }
        SQLException sql = sqlCause(e);
        int code = sql == null ? 0 : sql.getErrorCode();
        if (code == NO_SUCH_TABLE) {
            return missingTable(e);
        }
        if (INVALID_JSON.contains(code)) {
            return corruptData(e);
        }
        if (code == DATA_TOO_LONG) {
            return new SessionTooLargeException("Could not " + action + ": the data is longer than the data column of `"
                    + table + "` holds (it was narrowed after the start?); nothing was written. Lower "
                    + "websocket.session.maxDataBytes to the column's size, or widen the column: ALTER TABLE `" + table
                    + "` MODIFY data MEDIUMTEXT COLLATE utf8_bin");
        }
        boolean rolledBack = code == DEADLOCK || code == LOCK_WAIT_TIMEOUT || code == WSREP_NOT_READY;
        boolean unknown = sent && !rolledBack;
        if (isTimeout(e, sql)) {
            return new SessionUnavailableException("Could not " + action + ": the database did not answer within "
                    + timeout.toMillis() + " ms (websocket.session.queryTimeout); check its load and locks"
                    + (unknown ? ". The write may have been applied" : ""), e, unknown);
        }
        if (connectionLost(e)) {
            return new SessionUnavailableException("Could not " + action + ": the database cannot be reached ("
                    + sql.getMessage() + "); check that it is running and the datasource's URL"
                    + (unknown ? ". The write may have been applied" : ""), e, unknown);
        }
        if (rolledBack) {
            return new SessionUnavailableException("Could not " + action + ": " + sql.getMessage(), e, false);
        }
        String detail = sql != null ? sql.getMessage() : String.valueOf(e.getMessage());
        return new SessionStoreException("Could not " + action + ": " + detail, e);
    }

    SessionStoreException missingTable(Throwable cause) {
        return new MissingTable("The session table `" + table + "` does not exist. Create it with:\n"
                + ddl + "\n(or set websocket.session.createTable=true to let the library create it)", cause);
    }

    /** The failure that no retry or later start fixes: the table must be created. */
    static final class MissingTable extends SessionStoreException {
        private static final long serialVersionUID = 1L;

        MissingTable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static SessionStoreException corruptData(Throwable cause) {
        return new SessionStoreException("The session's stored data is not a JSON object; it was not written by "
                + "this library or the Node package. Delete the row or fix its data column. Nothing was changed.", cause);
    }

    /** @return whether the connection broke (SQLState class 08), which leaves a commit's outcome unknown */
    static boolean connectionLost(Throwable e) {
        SQLException sql = sqlCause(e);
        return sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
    }

    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    static int errorCode(Throwable e) {
        SQLException sql = sqlCause(e);
        return sql == null ? 0 : sql.getErrorCode();
    }

    private static boolean isTimeout(Throwable e, SQLException sql) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTimeoutException || t instanceof jakarta.persistence.QueryTimeoutException
                    || t instanceof jakarta.persistence.LockTimeoutException) {
                return true;
            }
        }
        return sql != null && (sql.getErrorCode() == LOCK_WAIT_TIMEOUT || "70100".equals(sql.getSQLState()));
    }
}
