package io.github.wsmysqlsession.internal.store.mysql;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of the session table, shared with the Node package socket.io-mysql-session, as the JPA
 * provider maps it for the store's transactions ({@link JpaTransactions}). Rows are read with native
 * SQL so that the table name can be configured; {@code @Table} names the default.
 */
@Entity(name = "WebSocketMySqlSession")
@Table(name = "session")
public class SessionEntity {

    @Id
    @Column(name = "sessionId", length = 32, nullable = false)
    private String sessionId;

    /** Unix time in seconds after which the session is dead. */
    @Column(name = "expires", nullable = false)
    private long expires;

    /** The values as one JSON object; {@code null} in rows that never held data. */
    @Column(name = "data", length = 65_535)
    private String data;

    /** For JPA. */
    protected SessionEntity() {
    }

    /**
     * @return the token
     */
    public String sessionId() {
        return sessionId;
    }

    /**
     * @return Unix time in seconds after which the session is dead
     */
    public long expires() {
        return expires;
    }

    /**
     * @return the values as one JSON object, or {@code null}
     */
    public String data() {
        return data;
    }
}
