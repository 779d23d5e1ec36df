package io.github.wsmysqlsession.store;

import io.github.wsmysqlsession.SessionStoreException;
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
    /** MySQL/MariaDB: lock wait timeout exceeded. */
    static final int LOCK_WAIT_TIMEOUT = 1205;
    /** MySQL/MariaDB: deadlock found when trying to get lock; Galera: certification conflict. */
    static final int DEADLOCK = 1213;
    /** MariaDB: the stored text is not JSON (unexpected end, syntax error); MySQL: invalid JSON text. */
    private static final Set<Integer> INVALID_JSON = Set.of(4037, 4038, 3141);

    private StoreErrors() {
    }

    static SessionStoreException translate(String action, RuntimeException e, String table, String ddl,
            Duration timeout) {
        if (e instanceof SessionStoreException s) {
            return s;
        }
        SQLException sql = sqlCause(e);
        if (sql != null && sql.getErrorCode() == NO_SUCH_TABLE) {
            return missingTable(table, ddl, e);
        }
        if (sql != null && INVALID_JSON.contains(sql.getErrorCode())) {
            return corruptData(e);
        }
        if (isTimeout(e, sql)) {
            return new SessionStoreException("Could not " + action + ": the database did not answer within "
                    + timeout.toMillis() + " ms (websocket.session.queryTimeout); check its load and locks", e);
        }
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return new SessionStoreException("Could not " + action + ": the database cannot be reached ("
                    + sql.getMessage() + "); check that it is running and the datasource's URL", e);
        }
        String detail = sql != null ? sql.getMessage() : String.valueOf(e.getMessage());
        return new SessionStoreException("Could not " + action + ": " + detail, e);
    }

    static SessionStoreException missingTable(String table, String ddl, Throwable cause) {
        return new MissingTable("The session table `" + table + "` does not exist. Create it with:\n"
                + ddl + "\n(or set websocket.session.createTable=true to let the library create it)", cause);
    }

    static boolean isMissingTable(SessionStoreException e) {
        return e instanceof MissingTable || errorCode(e) == NO_SUCH_TABLE;
    }

    /** Marks the failure that no retry or later start fixes: the table must be created. */
    private static final class MissingTable extends SessionStoreException {
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
