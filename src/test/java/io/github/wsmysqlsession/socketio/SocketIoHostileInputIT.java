package io.github.wsmysqlsession.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.testing.LogCapture;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input for the Engine.IO and Socket.IO parsers (seeded: a failure replays with the
 * printed seed), over long-polling: broken length prefixes, unknown packet types, truncated and
 * mutated Socket.IO packets, binary attachments, deep nesting, lone surrogates, huge ack ids and
 * oversized bodies. Every request gets an answer with Node's status (200, 400 or 413), nothing is
 * logged at WARNING or above, a socket that sent garbage is closed and forgotten, and the endpoint
 * still serves a well-behaved client afterwards.
 */
class SocketIoHostileInputIT {

    static final String TABLE = "session_socketio_hostile";
    static final long SEED = Long.getLong("hostile.seed", 20261204L);
    static final int ROUNDS = Integer.getInteger("hostile.rounds", 600);
    static final Set<Integer> NODE_STATUSES = Set.of(200, 400, 413);
    static final String INSERTED = "\"[]{}:,\u001e\\0123456789";

    static HikariDataSource pool;
    static SessionManager manager;
    static TestServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final Random random = new Random(SEED);

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        pool = TestDatabase.newDataSource(TestDatabase.jdbcUrl(), 8);
        manager = SessionManager.builder(pool).settings(SessionSettings.builder().tableName(TABLE)
                .sweepInterval(Duration.ZERO).newSessionsPerMinute(0).getTokenPerMinute(0)
                .socketIoPingInterval(Duration.ofSeconds(1)).socketIoPingTimeout(Duration.ofSeconds(1))
                .socketIoMaxPayload(10_000).build()).build();
        server = new TestServer(manager.socketIoEndpoint(new SocketIoTestEvents()));
        manager.serveSocketIoPolling(server.container());
    }

    @AfterAll
    static void stop() {
        server.close();
        manager.close();
        pool.close();
    }

    @Test
    void generatedHostilePayloadsAreAnsweredAsNodeDoesAndBreakNothing() throws Exception {
        System.out.println("SocketIoHostileInputIT seed " + SEED + " (replay with -Dhostile.seed=" + SEED + ")");
        List<String> closedSids = new ArrayList<>();
        try (LogCapture problems = LogCapture.start("", r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                && !r.getLoggerName().startsWith("org.hibernate"))) {
            for (int round = 0; round < ROUNDS; round++) {
                int eio = random.nextBoolean() ? 3 : 4;
                String sid = handshake(eio);
                if (eio == 4 && random.nextBoolean()) {
                    assertThat(post(eio, sid, payload(eio, List.of("40"))).statusCode()).isEqualTo(200);
                }
                String body = hostileBody(eio);
                HttpResponse<String> answer;
                try {
                    answer = post(eio, sid, body);
                } catch (java.io.IOException e) {
                    throw new AssertionError("round " + round + ", EIO " + eio + ", body " + abbreviate(body) + ": " + e, e);
                }
                assertThat(answer.statusCode()).as("round %d, EIO %d, body %s", round, eio, abbreviate(body))
                        .isIn(NODE_STATUSES);
                if (answer.statusCode() != 200) {
                    closedSids.add(eio + ":" + sid);
                }
            }
            assertThat(problems.records()).as("WARNING or worse logged for hostile input").isEmpty();
        }
        assertThat(closedSids).as("the generator produced refused payloads (the test is not vacuous)").isNotEmpty();
        for (String closed : closedSids.subList(0, Math.min(20, closedSids.size()))) {
            String[] parts = closed.split(":", 2);
            HttpResponse<String> poll = get(Integer.parseInt(parts[0]), parts[1]);
            assertThat(poll.statusCode()).as("a socket closed for garbage is forgotten").isEqualTo(400);
            assertThat(poll.body()).contains("Session ID unknown");
        }
        aWellBehavedClientIsStillServed();
    }

    private void aWellBehavedClientIsStillServed() throws Exception {
        String sid = handshake(4);
        assertThat(post(4, sid, "40").statusCode()).isEqualTo(200);
        assertThat(get(4, sid).body()).contains("40{\"sid\":");
        assertThat(post(4, sid, "42[\"getToken\",{\"token\":\"\"}]").statusCode()).isEqualTo(200);
        assertThat(get(4, sid).body()).contains("42[\"gotToken\",{\"token\":\"").contains("\"errors\":\"\"");
    }

    /** One body: mostly a mutated or malformed payload, sometimes a well-formed one of odd packets. */
    private String hostileBody(int eio) {
        return switch (random.nextInt(6)) {
            case 0 -> payload(eio, List.of(hostilePacket()));
            case 1 -> payload(eio, List.of("4" + socketIoPacket(), "4" + socketIoPacket()));
            case 2 -> mutate(payload(eio, List.of("4" + socketIoPacket())));
            case 3 -> "x".repeat(random.nextInt(12_000)); // around and over maxPayload
            case 4 -> eio == 3 ? random.nextInt(100_000) + ":" + "4" + socketIoPacket() : "b" + "AQID";
            default -> payload(eio, List.of("4" + deep(random.nextInt(200))));
        };
    }

    private String hostilePacket() {
        String[] engine = {"", "7", "9x", "1", "6", "3", "2probe", "5", "0{}", "4"};
        return random.nextInt(3) == 0 ? engine[random.nextInt(engine.length)] : "4" + socketIoPacket();
    }

    private String socketIoPacket() {
        String[] packets = {"", "0", "0/chat,", "0{\"token\":\"" + "A".repeat(32) + "\"}", "0[]", "1", "1{}",
            "2", "2[]", "2[1]", "2{}", "2[\"echo\"", "2[\"echo\",1]garbage", "21" + "9".repeat(30) + "[\"echo\"]",
            "2/nsp,[\"echo\",1]", "2[\"getToken\",{\"token\":\"\\ud800\"}]", "2[\"getToken\",5]", "3[]", "35[1]",
            "4{\"message\":\"x\"}", "51-[\"e\",{\"_placeholder\":true,\"num\":0}]", "61-[]", "8", "2[\"\\u0000\"]",
            "2[\"echo\",\"\\ud83d\"]", "2[\"" + "e".repeat(500) + "\",{}]"};
        return packets[random.nextInt(packets.length)];
    }

    private String deep(int depth) {
        return "2[\"echo\"," + "[".repeat(depth) + "]".repeat(depth) + "]";
    }

    private String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = random.nextInt(4); i >= 0 && b.length() > 0; i--) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, INSERTED.charAt(random.nextInt(INSERTED.length())));
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }

    private static String payload(int eio, List<String> packets) {
        StringBuilder b = new StringBuilder();
        for (String p : packets) {
            if (eio == 3) {
                b.append(p.length()).append(':').append(p);
            } else {
                b.append(b.length() > 0 ? "\u001e" : "").append(p);
            }
        }
        return b.toString();
    }

    private String handshake(int eio) throws Exception {
        HttpResponse<String> open = http.send(request(eio, null).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        String body = open.body();
        int start = body.indexOf("\"sid\":\"") + 7;
        return body.substring(start, body.indexOf('"', start));
    }

    private HttpResponse<String> post(int eio, String sid, String body) throws Exception {
        return http.send(request(eio, sid).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "text/plain;charset=UTF-8").build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int eio, String sid) throws Exception {
        return http.send(request(eio, sid).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int eio, String sid) {
        return HttpRequest.newBuilder(URI.create(server.httpBase() + "/socket.io/?EIO=" + eio + "&transport=polling"
                + (sid == null ? "" : "&sid=" + sid))).timeout(Duration.ofSeconds(10));
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "... (" + s.length() + " chars)" : s;
    }
}
