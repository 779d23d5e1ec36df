package io.github.wsmysqlsession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.testing.LogCapture;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.json.Json;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated adversarial frames (seeded, so a failure can be replayed with the printed
 * seed): broken and mutated getToken frames, deep nesting, invalid surrogates, oversized frames,
 * valid-looking unknown tokens, and session keys and values of every kind. No exception reaches the
 * container, every frame gets exactly one answer, only the sessions the server hands out are written,
 * the connections stay usable, and memory stays bounded.
 */
class HostileInputIT {

    static final String TABLE = "session_hostile";
    static final long SEED = Long.getLong("hostile.seed", 20261128L);
    static final int FRAMES = Integer.getInteger("hostile.frames", 3000);
    static final String VALID = "{\"event\":\"getToken\",\"data\":{\"token\":\"\"}}";

    final Random random = new Random(SEED);
    /** Set by {@link #frame} when the frame is a set whose key and value are well-formed text, which must succeed. */
    boolean expectOk;

    @Test
    void generatedHostileFramesAreAllAnsweredAndWriteOnlyWhatIsHandedOut() throws Exception {
        TestDatabase.recreateTable(TABLE);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .getTokenPerMinute(0).newSessionsPerMinute(0).build();
        LogCapture problems = LogCapture.start("", r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                && !r.getLoggerName().startsWith("org.hibernate"));
        try (SessionManager manager = SessionManager.builder(TestDatabase.dataSource()).settings(settings).build();
                TestServer server = new TestServer(manager.endpoint("/s", new TestApp()))) {
            System.gc();
            long heapBefore = usedHeap();
            Set<String> handedOut = new HashSet<>();
            Set<String> sentTokens = new HashSet<>();
            int answered = 0;
            try (TestClient c = new TestClient(server.uri("/s"))) {
                handedOut.add(c.getToken(null).getString("token"));
                for (int i = 0; i < FRAMES; i++) {
                    String frame = frame(sentTokens);
                    c.send(frame);
                    String reply = c.next();
                    answered++;
                    if (expectOk) {
                        assertThat(reply).as("seed %d frame %d: %s", SEED, i, abbreviate(frame))
                                .isEqualTo("{\"event\":\"ok\",\"data\":\"set\"}");
                    }
                    if (reply.startsWith("{\"event\":\"gotToken\"")) {
                        String token = Json.createReader(new StringReader(reply)).readObject()
                                .getJsonObject("data").getString("token");
                        assertThat(token).as("seed %d frame %d: %s", SEED, i, abbreviate(frame)).isNotEmpty();
                        handedOut.add(token);
                    }
                }
                c.send("ping");
                assertThat(c.next()).isEqualTo("echo:ping");
                assertThat(c.isOpen()).isTrue();
            }
            System.gc();
            long grown = usedHeap() - heapBefore;
            System.out.printf("hostile input: seed %d, %d frames answered, %d sessions handed out, heap grew %d KiB%n",
                    SEED, answered, handedOut.size(), grown / 1024);
            assertThat(answered).isEqualTo(FRAMES);
            assertThat(TestDatabase.count(TABLE)).as("rows are only the sessions handed out").isEqualTo(handedOut.size());
            for (String t : sentTokens) {
                if (!handedOut.contains(t)) {
                    assertThat(TestDatabase.queryString("SELECT COUNT(*) FROM " + TABLE + " WHERE sessionId = ?", t))
                            .as("a client's token is never adopted").isEqualTo("0");
                }
            }
            assertThat(grown).as("memory stays bounded").isLessThan(64L * 1024 * 1024);
        } finally {
            problems.close();
        }
        assertThat(problems.records()).as("warnings or errors logged: nothing escaped to the container")
                .extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
    }

    private String frame(Set<String> sentTokens) {
        expectOk = false;
        return switch (random.nextInt(10)) {
            case 0 -> mutate(VALID);
            case 1 -> getToken("\"" + randomToken(sentTokens) + "\"");
            case 2 -> getToken(jsonOf(randomText(random.nextInt(40))));
            case 3 -> nested(1 + random.nextInt(3000));
            case 4 -> getToken(jsonOf("\ud800" + randomText(5) + "\udfff\ud83d"));
            case 5 -> "{\"event\":\"getToken\",\"data\":{\"token\":\"" + "A".repeat(4_000 + random.nextInt(100_000)) + "\"}}";
            case 6 -> "{\"event\":\"getToken\",\"data\":" + randomJson(3) + "}";
            // escaped: a client cannot put a lone surrogate on the wire raw (UTF-8 has no encoding for it)
            case 7, 8 -> {
                String key = randomText(random.nextInt(12));
                String value = randomText(random.nextInt(60));
                expectOk = wellFormed(key) && wellFormed(value);
                yield "{\"event\":\"set\",\"data\":{\"key\":" + jsonOf(key) + ",\"value\":" + jsonOf(value) + "}}";
            }
            default -> mutate(TestApp.set("k", "\"v\""));
        };
    }

    private static String getToken(String tokenJson) {
        return "{\"event\":\"getToken\",\"data\":{\"token\":" + tokenJson + "}}";
    }

    private String randomToken(Set<String> sent) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            t.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        sent.add(t.toString());
        return t.toString();
    }

    /** Any characters: ASCII, quotes, backslashes, controls, NUL, SQL, BMP, emoji and lone surrogates. */
    private String randomText(int length) {
        String[] pieces = {"'", "\"", "\\", "\u0000", "\n", "' OR 1=1 --", "$.a[0]", "é", "€", "😀", "\ud800", "\udfff",
            "%", "_", "*", "}", "{", "]"};
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            s.append(random.nextInt(3) == 0 ? pieces[random.nextInt(pieces.length)] : (char) (32 + random.nextInt(95)));
        }
        return s.toString();
    }

    /** @return whether every surrogate in {@code text} is paired, so that it is a legal key or value */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String jsonOf(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private String randomJson(int depth) {
        int kind = random.nextInt(depth <= 0 ? 4 : 6);
        return switch (kind) {
            case 0 -> String.valueOf(random.nextLong());
            case 1 -> jsonOf(randomText(random.nextInt(10)));
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> "1e999";
            case 4 -> "[" + randomJson(depth - 1) + "," + randomJson(depth - 1) + "]";
            default -> "{\"token\":" + randomJson(depth - 1) + "}";
        };
    }

    private String nested(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        return "{\"event\":\"getToken\",\"data\":" + open.repeat(depth);
    }

    private String mutate(String text) {
        StringBuilder s = new StringBuilder(text);
        for (int n = 1 + random.nextInt(4); n > 0 && s.length() > 0; n--) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, "{}[]\":,\\x0".charAt(random.nextInt(10)));
                default -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
            }
        }
        return s.toString();
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
