package io.github.wsmysqlsession.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.endpoint.EndpointFactories;
import io.github.wsmysqlsession.internal.endpoint.EndpointFactory;
import io.github.wsmysqlsession.spring.app.ChatApplication;
import io.github.wsmysqlsession.spring.app.ChatEndpoint;
import io.github.wsmysqlsession.spring.app.Greeter;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15: a Spring Boot 4 application on Tomcat 11 with a {@code MySqlSessionConfigurator} endpoint,
 * wired by the auto-configuration from its DataSource and application.properties, against a real
 * MariaDB and through a real WebSocket client.
 */
@SpringBootTest(classes = ChatApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"websocket.session.table=spring_session", "websocket.session.createTable=true",
            "websocket.session.idleTimeout=PT2H"})
class SpringBootEndpointIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::jdbcUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SessionSettings settings;
    @Autowired
    SessionManager manager;
    @Autowired
    Greeter greeter;

    TestClient connect() {
        return new TestClient(URI.create("ws://127.0.0.1:" + port + "/chat"));
    }

    @Test
    void settingsComeFromTheEnvironmentAndUnsetOnesKeepTheDefaults() {
        assertThat(settings.tableName()).isEqualTo("spring_session");
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.sweepInterval()).isEqualTo(SessionSettings.defaults().sweepInterval());
        assertThat(manager).isNotNull();
    }

    @Test
    void getTokenWithoutATokenGivesANewOneInTheConfiguredTable() throws Exception {
        try (TestClient client = connect()) {
            JsonObject data = client.getToken("");
            assertThat(data.getString("errors")).isEmpty();
            assertThat(data.getString("token")).hasSize(32);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM spring_session WHERE sessionId = ?", Integer.class,
                    data.getString("token"))).isEqualTo(1);
        }
    }

    @Test
    void aValueSetInOneConnectionIsReadInTheNextThatResumesTheToken() throws Exception {
        String token;
        try (TestClient first = connect()) {
            token = first.getToken("").getString("token");
            assertThat(first.ask("set color blue")).isEqualTo("ok");
        }
        try (TestClient second = connect()) {
            JsonObject data = second.getToken(token);
            assertThat(data.getString("errors")).isEmpty();
            assertThat(data.getString("token")).isEqualTo(token);
            assertThat(second.ask("get color")).isEqualTo("blue");
        }
    }

    @Test
    void anInventedTokenIsNotAdopted() throws Exception {
        String invented = "A".repeat(32);
        try (TestClient client = connect()) {
            JsonObject data = client.getToken(invented);
            assertThat(data.getString("errors")).isEqualTo("Session Not Found");
            assertThat(data.getString("token")).hasSize(32).isNotEqualTo(invented);
        }
    }

    @Test
    void aSpringBeanReachesTheEndpointAndTheInstanceIsDestroyedAfterOnClose() throws Exception {
        int destroyedBefore = greeter.endpointsDestroyed();
        try (TestClient client = connect()) {
            client.getToken("");
            assertThat(client.ask("greet Ada")).isEqualTo("Hello, Ada");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (greeter.endpointsDestroyed() == destroyedBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(greeter.endpointsDestroyed()).isGreaterThan(destroyedBefore);
    }

    /** Spring makes the proxy class once per endpoint class, not once per connection. */
    @Test
    void everyConnectionsProxyIsOfTheSameClass() throws Exception {
        EndpointFactory factory = EndpointFactories.installed();
        assertThat(factory).isNotNull();
        ChatEndpoint one = factory.create(ChatEndpoint.class);
        ChatEndpoint two = factory.create(ChatEndpoint.class);
        assertThat(one).isNotSameAs(two);
        assertThat(one.getClass()).isNotEqualTo(ChatEndpoint.class).isSameAs(two.getClass());
    }
}
