package io.github.wsmysqlsession;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The library's configuration, validated once when it is built and immutable afterwards.
 *
 * <p>{@link #defaults()} works for most applications. {@link #fromProperties(Function)} reads the
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
 * @param hashTokens store the first 32 hex digits of the token's SHA-256 instead of the token, so that
 *     a read-only leak of the table does not hand out live sessions; breaks sharing the table with
 *     the Node package, which stores tokens as they are; default {@code false}
 * @param deferWrites write the {@code set} calls a message handler makes when it returns, all in one
 *     statement, instead of each when it is called; {@code set} then returns before the value is
 *     committed, and a failed write is thrown from the endpoint after the handler; default
 *     {@code false}
 * @param createTable whether the library creates a missing table; default {@code false}
 * @param dataSource the JNDI name of the datasource used in a container, default
 *     {@code java:comp/DefaultDataSource}
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
        boolean hashTokens,
        boolean deferWrites,
        boolean createTable,
        String dataSource) {

    /** The prefix of every configuration key. */
    public static final String PREFIX = "websocket.session.";

    /** The reserved key that holds a session's creation time (Unix seconds) when absoluteTimeout is set. */
    public static final String CREATED_KEY = "__wsms_created";

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");
    private static final int TEXT_LIMIT = 65_535;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the setting and its limit when a value is out of range
     */
    public SessionSettings {
        Objects.requireNonNull(tableName, "tableName");
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException(PREFIX + "table must be 1 to 64 letters, digits, '_' or '$', was '"
                    + tableName + "'");
        }
        requireAtLeast("idleTimeout", idleTimeout, Duration.ofSeconds(1));
        requireAtLeast("resumeTouchInterval", resumeTouchInterval, Duration.ZERO);
        requireAtLeast("sweepInterval", sweepInterval, Duration.ZERO);
        requireAtLeast("queryTimeout", queryTimeout, Duration.ofSeconds(1));
        if (sweepBatchSize < 1 || sweepBatchSize > 10_000) {
            throw new IllegalArgumentException(PREFIX + "sweepBatchSize must be between 1 and 10000, was "
                    + sweepBatchSize);
        }
        if (maxDataBytes < 2 || maxDataBytes > 16_777_215) {
            throw new IllegalArgumentException(PREFIX + "maxDataBytes must be between 2 and 16777215 "
                    + "(MEDIUMTEXT), was " + maxDataBytes);
        }
        if (maxFrameChars < 64 || maxFrameChars > 1_048_576) {
            throw new IllegalArgumentException(PREFIX + "maxFrameChars must be between 64 and 1048576, was "
                    + maxFrameChars);
        }
        requireAtLeast("absoluteTimeout", absoluteTimeout, Duration.ZERO);
        if (getTokenPerMinute < 0) {
            throw new IllegalArgumentException(PREFIX + "getTokenPerMinute must be 0 (no limit) or more, was "
                    + getTokenPerMinute);
        }
        if (writeRetries < 0 || writeRetries > 100) {
            throw new IllegalArgumentException(PREFIX + "writeRetries must be between 0 and 100, was " + writeRetries);
        }
        Objects.requireNonNull(dataSource, "dataSource");
    }

    private static void requireAtLeast(String name, Duration value, Duration min) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + min + ", was " + value);
        }
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
        Builder b = builder();
        String v;
        if ((v = lookup.apply(PREFIX + "table")) != null) {
            b.tableName(v.trim());
        }
        if ((v = lookup.apply(PREFIX + "idleTimeout")) != null) {
            b.idleTimeout(duration("idleTimeout", v));
        }
        if ((v = lookup.apply(PREFIX + "resumeTouchInterval")) != null) {
            b.resumeTouchInterval(duration("resumeTouchInterval", v));
        }
        if ((v = lookup.apply(PREFIX + "sweepInterval")) != null) {
            b.sweepInterval(duration("sweepInterval", v));
        }
        if ((v = lookup.apply(PREFIX + "sweepBatchSize")) != null) {
            b.sweepBatchSize(integer("sweepBatchSize", v));
        }
        if ((v = lookup.apply(PREFIX + "maxDataBytes")) != null) {
            b.maxDataBytes(integer("maxDataBytes", v));
        }
        if ((v = lookup.apply(PREFIX + "maxFrameChars")) != null) {
            b.maxFrameChars(integer("maxFrameChars", v));
        }
        if ((v = lookup.apply(PREFIX + "queryTimeout")) != null) {
            b.queryTimeout(duration("queryTimeout", v));
        }
        if ((v = lookup.apply(PREFIX + "writeRetries")) != null) {
            b.writeRetries(integer("writeRetries", v));
        }
        if ((v = lookup.apply(PREFIX + "absoluteTimeout")) != null) {
            b.absoluteTimeout(duration("absoluteTimeout", v));
        }
        if ((v = lookup.apply(PREFIX + "getTokenPerMinute")) != null) {
            b.getTokenPerMinute(integer("getTokenPerMinute", v));
        }
        if ((v = lookup.apply(PREFIX + "hashTokens")) != null) {
            b.hashTokens(bool("hashTokens", v));
        }
        if ((v = lookup.apply(PREFIX + "deferWrites")) != null) {
            b.deferWrites(bool("deferWrites", v));
        }
        if ((v = lookup.apply(PREFIX + "createTable")) != null) {
            b.createTable(bool("createTable", v));
        }
        if ((v = lookup.apply(PREFIX + "dataSource")) != null) {
            b.dataSource(v.trim());
        }
        return b.build();
    }

    private static Duration duration(String key, String value) {
        String v = value.trim();
        try {
            return v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be an ISO-8601 duration such as PT30M "
                    + "or a number of seconds, was '" + value + "'", e);
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be an integer, was '" + value + "'", e);
        }
    }

    private static boolean bool(String key, String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(PREFIX + key + " must be true or false, was '" + value + "'");
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
        private boolean hashTokens;
        private boolean deferWrites;
        private boolean createTable;
        private String dataSource = "java:comp/DefaultDataSource";

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
            hashTokens = s.hashTokens;
            deferWrites = s.deferWrites;
            createTable = s.createTable;
            dataSource = s.dataSource;
        }

        /** @param v key {@code websocket.session.table} @return this */
        public Builder tableName(String v) {
            tableName = v;
            return this;
        }

        /** @param v key {@code websocket.session.idleTimeout} @return this */
        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        /** @param v key {@code websocket.session.resumeTouchInterval} @return this */
        public Builder resumeTouchInterval(Duration v) {
            resumeTouchInterval = v;
            return this;
        }

        /** @param v key {@code websocket.session.sweepInterval} @return this */
        public Builder sweepInterval(Duration v) {
            sweepInterval = v;
            return this;
        }

        /** @param v key {@code websocket.session.sweepBatchSize} @return this */
        public Builder sweepBatchSize(int v) {
            sweepBatchSize = v;
            return this;
        }

        /** @param v key {@code websocket.session.maxDataBytes} @return this */
        public Builder maxDataBytes(int v) {
            maxDataBytes = v;
            return this;
        }

        /** @param v key {@code websocket.session.maxFrameChars} @return this */
        public Builder maxFrameChars(int v) {
            maxFrameChars = v;
            return this;
        }

        /** @param v key {@code websocket.session.queryTimeout} @return this */
        public Builder queryTimeout(Duration v) {
            queryTimeout = v;
            return this;
        }

        /** @param v key {@code websocket.session.writeRetries} @return this */
        public Builder writeRetries(int v) {
            writeRetries = v;
            return this;
        }

        /** @param v key {@code websocket.session.absoluteTimeout} @return this */
        public Builder absoluteTimeout(Duration v) {
            absoluteTimeout = v;
            return this;
        }

        /** @param v key {@code websocket.session.getTokenPerMinute} @return this */
        public Builder getTokenPerMinute(int v) {
            getTokenPerMinute = v;
            return this;
        }

        /** @param v key {@code websocket.session.hashTokens} @return this */
        public Builder hashTokens(boolean v) {
            hashTokens = v;
            return this;
        }

        /** @param v key {@code websocket.session.deferWrites} @return this */
        public Builder deferWrites(boolean v) {
            deferWrites = v;
            return this;
        }

        /** @param v key {@code websocket.session.createTable} @return this */
        public Builder createTable(boolean v) {
            createTable = v;
            return this;
        }

        /** @param v key {@code websocket.session.dataSource} @return this */
        public Builder dataSource(String v) {
            dataSource = v;
            return this;
        }

        /**
         * @return the validated settings
         * @throws IllegalArgumentException naming the setting when a value is out of range
         */
        public SessionSettings build() {
            return new SessionSettings(tableName, idleTimeout, resumeTouchInterval, sweepInterval, sweepBatchSize,
                    maxDataBytes, maxFrameChars, queryTimeout, writeRetries, absoluteTimeout, getTokenPerMinute, hashTokens,
                    deferWrites, createTable, dataSource);
        }
    }
}
