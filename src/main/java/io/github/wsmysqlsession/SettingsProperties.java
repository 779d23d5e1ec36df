package io.github.wsmysqlsession;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reads {@link SessionSettings} from {@code websocket.session.*} keys, for {@link SessionSettings#fromProperties}. */
final class SettingsProperties {

    private SettingsProperties() {
    }

    static SessionSettings read(Function<String, String> lookup, SessionSettings.Builder b) {
        Reader r = new Reader(lookup);
        r.text("table", b::tableName);
        r.duration("idleTimeout", b::idleTimeout);
        r.duration("resumeTouchInterval", b::resumeTouchInterval);
        r.duration("sweepInterval", b::sweepInterval);
        r.integer("sweepBatchSize", b::sweepBatchSize);
        r.integer("maxDataBytes", b::maxDataBytes);
        r.integer("maxFrameChars", b::maxFrameChars);
        r.duration("queryTimeout", b::queryTimeout);
        r.integer("writeRetries", b::writeRetries);
        r.duration("absoluteTimeout", b::absoluteTimeout);
        r.integer("getTokenPerMinute", b::getTokenPerMinute);
        r.integer("newSessionsPerMinute", b::newSessionsPerMinute);
        r.bool("hashTokens", b::hashTokens);
        r.bool("deferWrites", b::deferWrites);
        r.bool("createTable", b::createTable);
        r.text("dataSource", b::dataSource);
        r.duration("syncInterval", b::syncInterval);
        r.text("socketIoPath", b::socketIoPath);
        r.duration("socketIoPingInterval", b::socketIoPingInterval);
        r.duration("socketIoPingTimeout", b::socketIoPingTimeout);
        r.integer("socketIoMaxPayload", b::socketIoMaxPayload);
        r.text("httpTokenHeader", b::httpTokenHeader);
        r.text("httpTokenCookie", b::httpTokenCookie);
        r.text("httpTokenParameter", b::httpTokenParameter);
        return b.build();
    }

    /** Parses the keys that are present; absent keys keep the builder's value. */
    private record Reader(Function<String, String> lookup) {

        private void text(String key, Consumer<String> setter) {
            String v = lookup.apply(SessionSettings.PREFIX + key);
            if (v != null) {
                setter.accept(v.trim());
            }
        }

        private void duration(String key, Consumer<Duration> setter) {
            text(key, v -> {
                try {
                    setter.accept(v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v));
                } catch (DateTimeParseException | NumberFormatException e) {
                    throw new IllegalArgumentException(SessionSettings.PREFIX + key + " must be an ISO-8601 duration "
                            + "such as PT30M or a number of seconds, was '" + v + "'", e);
                }
            });
        }

        private void integer(String key, Consumer<Integer> setter) {
            text(key, v -> {
                try {
                    setter.accept(Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(SessionSettings.PREFIX + key + " must be an integer, was '" + v
                            + "'", e);
                }
            });
        }

        private void bool(String key, Consumer<Boolean> setter) {
            text(key, v -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException(SessionSettings.PREFIX + key + " must be true or false, was '"
                            + v + "'");
                }
                setter.accept(Boolean.parseBoolean(v));
            });
        }
    }
}
