package io.github.wsmysqlsession.internal.cdi;

import static io.github.wsmysqlsession.testing.TestApp.get;
import static io.github.wsmysqlsession.testing.TestApp.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSessionAccessor;
import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestNaming;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container path with Weld (the CDI implementation of WildFly, Payara and Open Liberty) and a
 * Tyrus server: {@code MySqlSessionConfigurator} creates the endpoint through CDI, injection works
 * although the endpoint is no bean, the interceptor answers getToken before {@code @OnMessage}, the
 * service finds its datasource by JNDI name, and lifecycle events reach CDI observers.
 */
class CdiEndpointIT {

    static final String TABLE = "session_cdi";
    static WeldContainer weld;
    static TestServer server;

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        System.setProperty("java.naming.factory.initial", TestNaming.class.getName());
        TestNaming.bind("java:comp/env/jdbc/sessions", TestDatabase.dataSource());
        weld = new Weld().disableDiscovery()
                .addBeanClasses(CdiSessionService.class, GetTokenInterceptor.class, SocketSessionAccessor.class, Settings.class,
                        Recorder.class)
                .initialize();
        server = new TestServer(CdiChatEndpoint.class, CdiRoomEndpoint.class);
    }

    @AfterAll
    static void stop() {
        server.close();
        weld.shutdown();
    }

    @Test
    void getTokenIsAnsweredBeforeOnMessageAndInjectionWorks() {
        String token;
        try (TestClient c = new TestClient(server.uri("/cdi"))) {
            assertThat(c.getToken(null).getString("errors")).isEmpty();
            c.send(set("user", "\"42\""));
            assertThat(c.next()).contains("\"ok\"");
            token = TestDatabase.queryString("SELECT sessionId FROM " + TABLE + " WHERE data LIKE '%42%'");
            assertThat(token).hasSize(32);
        }
        try (TestClient c = new TestClient(server.uri("/cdi"))) {
            assertThat(c.getToken(token).getString("token")).isEqualTo(token);
            c.send(get("user"));
            assertThat(c.nextJson().getString("data")).isEqualTo("42");
            c.send("plain text");
            assertThat(c.next()).isEqualTo("echo:plain text");
        }
        assertThat(weld.select(Recorder.class).get().kinds()).contains(SessionEvent.Kind.CREATED, SessionEvent.Kind.RESUMED);
    }

    /** Before the fix the interceptor took the room, the first String, for the frame: getToken went unanswered. */
    @Test
    void aPathParamBeforeTheMessageIsNotMistakenForIt() {
        try (TestClient c = new TestClient(server.uri("/room/lobby"))) {
            assertThat(c.getToken(null).getString("token")).hasSize(32);
            c.send("hello");
            assertThat(c.next()).isEqualTo("lobby:hello");
        }
    }

    /**
     * After {@code @OnClose} the interceptor forgets the connection's session and releases the endpoint
     * instance (CDI calls its {@code @PreDestroy}): neither happens unless the interceptor ran.
     */
    @Test
    void onCloseRunsThroughTheInterceptorWhichReleasesTheInstance() {
        int destroyedBefore = CdiChatEndpoint.DESTROYED.get();
        try (TestClient c = new TestClient(server.uri("/cdi"))) {
            c.getToken(null);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(CdiChatEndpoint.DESTROYED.get()).isEqualTo(destroyedBefore + 1);
            assertThat(SessionService.find(CdiChatEndpoint.LAST_CLOSED.get())).isNull();
        });
    }

    /** The application's settings, as a user would produce them. */
    @ApplicationScoped
    public static class Settings {
        @Produces
        SessionSettings settings() {
            return SessionSettings.builder().tableName(TABLE).dataSource("java:comp/env/jdbc/sessions")
                    .sweepInterval(Duration.ZERO).build();
        }
    }

    /** Records the lifecycle events CDI delivers. */
    @ApplicationScoped
    public static class Recorder {
        private final List<SessionEvent.Kind> kinds = new CopyOnWriteArrayList<>();

        void on(@Observes SessionEvent event) {
            kinds.add(event.kind());
        }

        List<SessionEvent.Kind> kinds() {
            return kinds;
        }
    }
}
