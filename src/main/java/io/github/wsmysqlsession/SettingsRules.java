package io.github.wsmysqlsession;

import static io.github.wsmysqlsession.SessionSettings.PREFIX;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** The limits of each setting, checked by {@link SessionSettings}'s constructor; messages name the setting. */
final class SettingsRules {

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    private SettingsRules() {
    }

    static void check(String tableName, Duration idleTimeout, Duration resumeTouchInterval, Duration sweepInterval,
            int sweepBatchSize, int maxDataBytes, int maxFrameChars, Duration queryTimeout, int writeRetries,
            Duration absoluteTimeout, int getTokenPerMinute, String dataSource, Duration syncInterval) {
        Objects.requireNonNull(tableName, "tableName");
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException(PREFIX + "table must be 1 to 64 letters, digits, '_' or '$', was '"
                    + tableName + "'");
        }
        atLeast("idleTimeout", idleTimeout, Duration.ofSeconds(1));
        atLeast("resumeTouchInterval", resumeTouchInterval, Duration.ZERO);
        atLeast("sweepInterval", sweepInterval, Duration.ZERO);
        atLeast("queryTimeout", queryTimeout, Duration.ofSeconds(1));
        atLeast("absoluteTimeout", absoluteTimeout, Duration.ZERO);
        between("sweepBatchSize", sweepBatchSize, 1, 10_000, "");
        between("maxDataBytes", maxDataBytes, 2, 16_777_215, " (MEDIUMTEXT)");
        between("maxFrameChars", maxFrameChars, 64, 1_048_576, "");
        between("writeRetries", writeRetries, 0, 100, "");
        atLeastZero("getTokenPerMinute", getTokenPerMinute);
        Objects.requireNonNull(dataSource, "dataSource");
        atLeast("syncInterval", syncInterval, Duration.ZERO);
        if (!syncInterval.isZero() && syncInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException(PREFIX + "syncInterval must be 0 (off) or at least PT0.1S, was "
                    + syncInterval);
        }
    }

    static void socketIo(String path, Duration pingInterval, Duration pingTimeout, int maxPayload) {
        Objects.requireNonNull(path, "socketIoPath");
        if (!path.isEmpty() && (path.length() < 2 || !path.startsWith("/") || !path.endsWith("/"))) {
            throw new IllegalArgumentException(PREFIX + "socketIoPath must start and end with '/' (like /socket.io/), "
                    + "or be empty to turn the endpoint off, was '" + path + "'");
        }
        atLeast("socketIoPingInterval", pingInterval, Duration.ofMillis(100));
        atLeast("socketIoPingTimeout", pingTimeout, Duration.ofMillis(100));
        between("socketIoMaxPayload", maxPayload, 1024, 100_000_000, "");
    }

    /** An HTTP token (RFC 9110): the characters a header, cookie or parameter name may use here. */
    private static final Pattern HTTP_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

    static void http(String header, String cookie, String parameter) {
        if (header == null || !HTTP_NAME.matcher(header).matches()) {
            throw new IllegalArgumentException(PREFIX + "httpTokenHeader must be a header name such as Authorization "
                    + "or X-Auth-Token, was " + (header == null ? "null" : "'" + header + "'"));
        }
        optionalName("httpTokenCookie", cookie);
        optionalName("httpTokenParameter", parameter);
    }

    private static void optionalName(String name, String value) {
        if (value == null || !(value.isEmpty() || HTTP_NAME.matcher(value).matches())) {
            throw new IllegalArgumentException(PREFIX + name + " must be empty (off) or a name of letters, digits "
                    + "and -_. , was " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void atLeast(String name, Duration value, Duration min) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + min + ", was " + value);
        }
    }

    private static void between(String name, int value, int min, int max, String note) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(PREFIX + name + " must be between " + min + " and " + max + note
                    + ", was " + value);
        }
    }

    /** A per-minute limit: 0 for none, or more. */
    static void atLeastZero(String name, int perMinute) {
        if (perMinute < 0) {
            throw new IllegalArgumentException(PREFIX + name + " must be 0 (no limit) or more, was " + perMinute);
        }
    }
}
