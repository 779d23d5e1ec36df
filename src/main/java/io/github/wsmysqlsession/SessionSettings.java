package io.github.wsmysqlsession;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The library's configuration, validated once when it is built and immutable afterwards.
 *
 * <p>Every constructor checks its values and throws {@link IllegalArgumentException} naming the setting
 * and its limit when one is out of range. {@link #defaults()} works for most applications. {@link #fromProperties(Function)} reads the
 * {@code websocket.session.*} keys listed on {@link Builder}'s methods (system properties in a
 * container); a CDI application may instead produce its own {@code SessionSettings} bean.
 *
 * @param tableName the session table, default {@code session}; letters, digits, {@code _} and {@code $}
 * @param idleTimeout how long an unused session lives; every write and resume slides it; default 1 day
 * @param resumeTouchInterval a resume skips moving the expiry when it was moved less than this long
 *     ago, to spare the database a write per reconnect; default 60 seconds
 * @param sweepInterval how often expired rows are deleted; {@link Duration#ZERO} turns the sweeper
 *     off; default 5 minutes
 * @param sweepBatchSize rows deleted per sweeper transaction, default 100
 * @param maxDataBytes the most bytes the {@code data} column may hold, default 65,535 (MySQL TEXT)
 * @param maxFrameChars the longest {@code getToken} frame accepted, default 4,096 characters
 * @param queryTimeout how long one statement may take before it fails, default 5 seconds
 * @param writeRetries how often a write aborted by a deadlock or lock wait timeout (or, on a Galera
 *     cluster, a conflict with another node) is replayed before it fails; default 4
 * @param absoluteTimeout the longest a session lives however busy it is, counted from its creation
 *     (regeneration keeps the count); {@link Duration#ZERO}, the default, means no limit. Stored as the
 *     reserved key {@value #CREATED_KEY} in {@code data}
 * @param getTokenPerMinute the most {@code getToken} frames one connection may send in a minute; more
 *     closes the connection (1008, policy violation); 0 means no limit; default 30
 * @param newSessionsPerMinute the most sessions this server creates for {@code getToken} frames in a
 *     minute (a client without a token, or whose token is unknown or expired); more are answered with
 *     token {@code ""} and "Too many new sessions, try again later", and the client asks again. Bounds
 *     the rows a client that opens many connections can add: at most this many a minute per server,
 *     each deleted by the sweeper after the idle timeout (with the defaults at most 864,000 rows per
 *     server); 0 means no limit; default 600
 * @param hashTokens store the first 32 hex digits of the token's SHA-256 instead of the token, so that
 *     a read-only leak of the table does not hand out live sessions; breaks sharing the table with
 *     the Node package, which stores tokens as they are; default {@code false}
 * @param deferWrites write the {@code set} calls a message handler makes when it returns, all in one
 *     statement, instead of each when it is called; {@code set} then returns before the value is
 *     committed, and a failed write is thrown from the endpoint after the handler; default
 *     {@code false}
 * @param createTable whether the library creates a missing table; default {@code false}
 * @param syncInterval how often this server reads what changed in the rows of the sessions it has
 *     connections of (other servers' and the Node package's writes, log-outs, deletions, expiry), so
 *     that its connections see them within this interval and one query; a {@code getToken} for a
 *     session that has a connection on this server is answered from this server's copy within the same
 *     bound, without reading the row; {@link Duration#ZERO} turns it off (a single server whose table
 *     nobody else writes; every resume then reads the row); default 1 second
 * @param dataSource the JNDI name of the datasource used in a container, default
 *     {@code java:comp/DefaultDataSource}
 * @param socketIoPath where the socket.io endpoint listens in the application (its polling requests
 *     and its WebSocket); starts and ends with {@code /}; default {@code /socket.io/}, socket.io's; in
 *     a Jakarta EE server {@code ""} turns the endpoint off
 * @param socketIoPingInterval how often a socket.io heartbeat is due (the server pings
 *     socket.io-client 3 and later; 1.x and 2.x ping the server); default 25 seconds
 * @param socketIoPingTimeout how long past that a missing heartbeat disconnects the socket
 *     ({@code "ping timeout"}); default 20 seconds
 * @param socketIoMaxPayload the largest HTTP body or WebSocket message a socket.io client may send, in
 *     bytes; a larger one is refused (HTTP 413, WebSocket close 1009); default 1,000,000, as Node's
 * @param httpTokenHeader the request header an HTTP request (a REST resource's, a servlet's) carries its
 *     token in; for {@code Authorization}, the default, as {@code Authorization: Bearer <token>}, for any
 *     other name (such as {@code X-Auth-Token}) as the header's whole value
 * @param httpTokenCookie the cookie an HTTP request may carry its token in when it has no token header;
 *     {@code ""}, the default, reads no cookie
 * @param httpTokenParameter the query parameter an HTTP request may carry its token in when it has no
 *     token header (nor cookie); {@code ""}, the default, reads none (a token in a URL lands in logs)
 */
public record SessionSettings(
        String tableName,
        Duration idleTimeout,
        Duration resumeTouchInterval,
        Duration sweepInterval,
        int sweepBatchSize,
        int maxDataBytes,
        int maxFrameChars,
        Duration queryTimeout,
        int writeRetries,
        Duration absoluteTimeout,
        int getTokenPerMinute,
        int newSessionsPerMinute,
        boolean hashTokens,
        boolean deferWrites,
        boolean createTable,
        String dataSource,
        Duration syncInterval,
        String socketIoPath,
        Duration socketIoPingInterval,
        Duration socketIoPingTimeout,
        int socketIoMaxPayload,
        String httpTokenHeader,
        String httpTokenCookie,
        String httpTokenParameter) {

    /** The prefix of every configuration key. */
    public static final String PREFIX = "websocket.session.";

    /** The reserved key that holds a session's creation time (Unix seconds) when absoluteTimeout is set. */
    public static final String CREATED_KEY = "__wsms_created";

    private static final int TEXT_LIMIT = 65_535;

    /**
     * Checks every value; {@link #builder()} is the easier way to make settings.
     *
     * @param tableName see the record's {@code tableName}
     * @param idleTimeout see the record's {@code idleTimeout}
     * @param resumeTouchInterval see the record's {@code resumeTouchInterval}
     * @param sweepInterval see the record's {@code sweepInterval}
     * @param sweepBatchSize see the record's {@code sweepBatchSize}
     * @param maxDataBytes see the record's {@code maxDataBytes}
     * @param maxFrameChars see the record's {@code maxFrameChars}
     * @param queryTimeout see the record's {@code queryTimeout}
     * @param writeRetries see the record's {@code writeRetries}
     * @param absoluteTimeout see the record's {@code absoluteTimeout}
     * @param getTokenPerMinute see the record's {@code getTokenPerMinute}
     * @param newSessionsPerMinute see the record's {@code newSessionsPerMinute}
     * @param hashTokens see the record's {@code hashTokens}
     * @param deferWrites see the record's {@code deferWrites}
     * @param createTable see the record's {@code createTable}
     * @param dataSource see the record's {@code dataSource}
     * @param syncInterval see the record's {@code syncInterval}
     * @param socketIoPath see the record's {@code socketIoPath}
     * @param socketIoPingInterval see the record's {@code socketIoPingInterval}
     * @param socketIoPingTimeout see the record's {@code socketIoPingTimeout}
     * @param socketIoMaxPayload see the record's {@code socketIoMaxPayload}
     * @param httpTokenHeader see the record's {@code httpTokenHeader}
     * @param httpTokenCookie see the record's {@code httpTokenCookie}
     * @param httpTokenParameter see the record's {@code httpTokenParameter}
     * @throws IllegalArgumentException naming the setting and its limit when a value is out of range
     */
    public SessionSettings {
        SettingsRules.check(tableName, idleTimeout, resumeTouchInterval, sweepInterval, sweepBatchSize, maxDataBytes,
                maxFrameChars, queryTimeout, writeRetries, absoluteTimeout, getTokenPerMinute, dataSource, syncInterval);
        SettingsRules.atLeastZero("newSessionsPerMinute", newSessionsPerMinute);
        SettingsRules.socketIo(socketIoPath, socketIoPingInterval, socketIoPingTimeout, socketIoMaxPayload);
        SettingsRules.http(httpTokenHeader, httpTokenCookie, httpTokenParameter);
    }

    /**
     * @return the defaults: table {@code session}, 1 day idle timeout, 5 minute sweep, 65,535 bytes
     */
    public static SessionSettings defaults() {
        return builder().build();
    }

    /**
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder starting from these settings
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads settings from {@code websocket.session.*} keys; absent keys keep their defaults.
     * Durations are ISO-8601 ({@code PT30M}) or a number of seconds.
     *
     * @param lookup for example {@code System::getProperty}; returns {@code null} for absent keys
     * @return the validated settings
     * @throws IllegalArgumentException naming the key when a value cannot be parsed or is out of range
     */
    public static SessionSettings fromProperties(Function<String, String> lookup) {
        return SettingsProperties.read(Objects.requireNonNull(lookup, "lookup"), builder());
    }

    /** Builds {@link SessionSettings}; not thread-safe. */
    public static final class Builder {
        private String tableName = "session";
        private Duration idleTimeout = Duration.ofDays(1);
        private Duration resumeTouchInterval = Duration.ofSeconds(60);
        private Duration sweepInterval = Duration.ofMinutes(5);
        private int sweepBatchSize = 100;
        private int maxDataBytes = TEXT_LIMIT;
        private int maxFrameChars = 4096;
        private Duration queryTimeout = Duration.ofSeconds(5);
        private int writeRetries = 4;
        private Duration absoluteTimeout = Duration.ZERO;
        private int getTokenPerMinute = 30;
        private int newSessionsPerMinute = 600;
        private boolean hashTokens;
        private boolean deferWrites;
        private boolean createTable;
        private String dataSource = "java:comp/DefaultDataSource";
        private Duration syncInterval = Duration.ofSeconds(1);
        private String socketIoPath = "/socket.io/";
        private Duration socketIoPingInterval = Duration.ofSeconds(25);
        private Duration socketIoPingTimeout = Duration.ofSeconds(20);
        private int socketIoMaxPayload = 1_000_000;
        private String httpTokenHeader = "Authorization";
        private String httpTokenCookie = "";
        private String httpTokenParameter = "";

        private Builder() {
        }

        private Builder(SessionSettings s) {
            tableName = s.tableName;
            idleTimeout = s.idleTimeout;
            resumeTouchInterval = s.resumeTouchInterval;
            sweepInterval = s.sweepInterval;
            sweepBatchSize = s.sweepBatchSize;
            maxDataBytes = s.maxDataBytes;
            maxFrameChars = s.maxFrameChars;
            queryTimeout = s.queryTimeout;
            writeRetries = s.writeRetries;
            absoluteTimeout = s.absoluteTimeout;
            getTokenPerMinute = s.getTokenPerMinute;
            newSessionsPerMinute = s.newSessionsPerMinute;
            hashTokens = s.hashTokens;
            deferWrites = s.deferWrites;
            createTable = s.createTable;
            dataSource = s.dataSource;
            syncInterval = s.syncInterval;
            socketIoPath = s.socketIoPath;
            socketIoPingInterval = s.socketIoPingInterval;
            socketIoPingTimeout = s.socketIoPingTimeout;
            socketIoMaxPayload = s.socketIoMaxPayload;
            httpTokenHeader = s.httpTokenHeader;
            httpTokenCookie = s.httpTokenCookie;
            httpTokenParameter = s.httpTokenParameter;
        }

        /**
         * Sets {@code websocket.session.table}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder tableName(String v) {
            tableName = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.idleTimeout}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.resumeTouchInterval}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder resumeTouchInterval(Duration v) {
            resumeTouchInterval = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.sweepInterval}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder sweepInterval(Duration v) {
            sweepInterval = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.sweepBatchSize}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder sweepBatchSize(int v) {
            sweepBatchSize = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.maxDataBytes}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder maxDataBytes(int v) {
            maxDataBytes = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.maxFrameChars}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder maxFrameChars(int v) {
            maxFrameChars = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.queryTimeout}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder queryTimeout(Duration v) {
            queryTimeout = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.writeRetries}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder writeRetries(int v) {
            writeRetries = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.absoluteTimeout}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder absoluteTimeout(Duration v) {
            absoluteTimeout = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.getTokenPerMinute}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder getTokenPerMinute(int v) {
            getTokenPerMinute = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.newSessionsPerMinute}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder newSessionsPerMinute(int v) {
            newSessionsPerMinute = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.hashTokens}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder hashTokens(boolean v) {
            hashTokens = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.deferWrites}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder deferWrites(boolean v) {
            deferWrites = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.createTable}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder createTable(boolean v) {
            createTable = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.dataSource}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder dataSource(String v) {
            dataSource = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.syncInterval}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder syncInterval(Duration v) {
            syncInterval = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.socketIoPath}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder socketIoPath(String v) {
            socketIoPath = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.socketIoPingInterval}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder socketIoPingInterval(Duration v) {
            socketIoPingInterval = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.socketIoPingTimeout}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder socketIoPingTimeout(Duration v) {
            socketIoPingTimeout = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.socketIoMaxPayload}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder socketIoMaxPayload(int v) {
            socketIoMaxPayload = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.httpTokenHeader}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder httpTokenHeader(String v) {
            httpTokenHeader = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.httpTokenCookie}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder httpTokenCookie(String v) {
            httpTokenCookie = v;
            return this;
        }

        /**
         * Sets {@code websocket.session.httpTokenParameter}; see the component of the same name.
         * @param v the value, checked by {@link #build()}
         * @return this builder
         */
        public Builder httpTokenParameter(String v) {
            httpTokenParameter = v;
            return this;
        }

        /**
         * @return the validated settings
         * @throws IllegalArgumentException naming the setting when a value is out of range
         */
        public SessionSettings build() {
            return new SessionSettings(tableName, idleTimeout, resumeTouchInterval, sweepInterval, sweepBatchSize,
                    maxDataBytes, maxFrameChars, queryTimeout, writeRetries, absoluteTimeout, getTokenPerMinute,
                    newSessionsPerMinute, hashTokens, deferWrites, createTable, dataSource, syncInterval, socketIoPath,
                    socketIoPingInterval, socketIoPingTimeout, socketIoMaxPayload, httpTokenHeader, httpTokenCookie,
                    httpTokenParameter);
        }
    }
}
