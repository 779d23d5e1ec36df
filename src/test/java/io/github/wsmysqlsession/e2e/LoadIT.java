package io.github.wsmysqlsession.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.json.SessionDocument;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 1,000 concurrent connections on one server, each doing getToken and then 100 rounds of set and
 * get: zero errors, zero lost keys. Prints throughput and the p99 of one round (set + get).
 * {@code -Dload.connections} and {@code -Dload.rounds} change the size.
 */
class LoadIT {

    static final String TABLE = "session_load";
    static final int CONNECTIONS = Integer.getInteger("load.connections", 1000);
    static final int ROUNDS = Integer.getInteger("load.rounds", 100);

    @Test
    void aThousandConnectionsOfAHundredRoundsLoseNothing() throws Exception {
        TestDatabase.recreateTable(TABLE);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO)
                .queryTimeout(Duration.ofSeconds(30)).build();
        try (HikariDataSource pool = TestDatabase.newDataSource(TestDatabase.jdbcUrl(), 32)) {
            pool.setConnectionTimeout(30_000);
            EntityManagerFactory emf = TestDatabase.newEmf(pool);
            try (SessionManager manager = SessionManager.builder(pool).settings(settings).build();
                    TestServer server = new TestServer(manager.endpoint("/s", new TestApp()))) {
                run(server);
            } finally {
                emf.close();
            }
        }
    }

    private void run(TestServer server) throws Exception {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        AtomicInteger errors = new AtomicInteger();
        List<Driver> drivers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
            Driver d = new Driver(done, errors);
            drivers.add(d);
            container.connectToServer(d, ClientEndpointConfig.Builder.create().build(), server.uri("/s"));
        }
        boolean finished = done.await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] rounds = drivers.stream().flatMapToLong(d -> Arrays.stream(d.latencies, 0, d.completed)).sorted().toArray();
        long p99 = rounds.length == 0 ? -1 : rounds[(int) (rounds.length * 0.99)];
        long p50 = rounds.length == 0 ? -1 : rounds[rounds.length / 2];
        System.out.printf("load: %d connections x %d rounds in %.1f s: %.0f set+get rounds/s, round p50 %.2f ms, "
                + "p99 %.2f ms, %d errors%n", CONNECTIONS, ROUNDS, seconds, rounds.length / seconds, p50 / 1e6,
                p99 / 1e6, errors.get());
        for (Driver d : drivers) {
            d.close();
        }
        assertThat(finished).as("every connection finished its rounds").isTrue();
        assertThat(errors.get()).isZero();
        int lost = 0;
        for (Driver d : drivers) {
            Map<String, String> stored = SessionDocument.parse(TestDatabase.queryString(
                    "SELECT data FROM " + TABLE + " WHERE sessionId = ?", d.token));
            for (int r = 0; r < ROUNDS; r++) {
                if (!String.valueOf(r).equals(stored.get("k" + r))) {
                    lost++;
                }
            }
        }
        assertThat(lost).as("lost keys").isZero();
    }

    /** Drives one connection: getToken, then set k<n> = n and get it back, ROUNDS times. */
    static final class Driver extends Endpoint implements MessageHandler.Whole<String> {
        final long[] latencies = new long[ROUNDS];
        final CountDownLatch done;
        final AtomicInteger errors;
        volatile int completed;
        volatile String token;
        Session session;
        int round = -1;
        boolean awaitingGet;
        long roundStart;

        Driver(CountDownLatch done, AtomicInteger errors) {
            this.done = done;
            this.errors = errors;
        }

        @Override
        public void onOpen(Session s, EndpointConfig config) {
            session = s;
            s.addMessageHandler(String.class, this);
            send("{\"event\":\"getToken\",\"data\":{\"token\":\"\"}}");
        }

        @Override
        public void onMessage(String text) {
            JsonObject frame = Json.createReader(new StringReader(text)).readObject();
            if (round < 0) {
                JsonObject data = frame.getJsonObject("data");
                if (!"gotToken".equals(frame.getString("event")) || !data.getString("errors").isEmpty()) {
                    fail();
                    return;
                }
                token = data.getString("token");
                round = 0;
                nextRound();
            } else if (!awaitingGet) {
                if (!"ok".equals(frame.getString("event"))) {
                    fail();
                    return;
                }
                awaitingGet = true;
                send(TestApp.get("k" + round));
            } else {
                if (!String.valueOf(round).equals(frame.getString("data", null))) {
                    fail();
                    return;
                }
                latencies[round] = System.nanoTime() - roundStart;
                completed = ++round;
                awaitingGet = false;
                if (round == ROUNDS) {
                    done.countDown();
                } else {
                    nextRound();
                }
            }
        }

        private void nextRound() {
            roundStart = System.nanoTime();
            send(TestApp.set("k" + round, String.valueOf(round)));
        }

        private void fail() {
            errors.incrementAndGet();
            done.countDown();
        }

        private void send(String text) {
            session.getAsyncRemote().sendText(text);
        }

        void close() throws IOException {
            if (session != null) {
                session.close();
            }
        }
    }
}
