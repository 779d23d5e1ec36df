package io.github.wsmysqlsession.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SessionStoreException;
import io.github.wsmysqlsession.SessionUnavailableException;
import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.TestApp;
import io.github.wsmysqlsession.testing.TestClient;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bad-input row through a real connection: a defined answer, nothing written that should not
 * be, and the connection still usable afterwards.
 */
class BadInputIT {

    static final String TABLE = "session_bad_input";
    static SessionManager manager;
    static TestServer server;

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        SessionSettings settings = SessionSettings.builder().tableName(TABLE).sweepInterval(Duration.ZERO).build();
        manager = SessionManager.builder(TestDatabase.dataSource()).settings(settings).build();
        server = new TestServer(manager.endpoint("/s", new TestApp()));
    }

    @AfterAll
    static void stop() {
        server.close();
        manager.close();
    }

    static String getToken(String data) {
        return "{\"event\":\"getToken\",\"data\":" + data + "}";
    }

    static Stream<Arguments> framesForTheEndpoint() {
        return Stream.of(
                Arguments.of("non-JSON text", "hello getToken"),
                Arguments.of("JSON that is not an object", "[\"getToken\"]"),
                Arguments.of("event missing", "{\"data\":{\"token\":\"getToken\"}}"),
                Arguments.of("event not a string", "{\"event\":[\"getToken\"],\"data\":{}}"),
                Arguments.of("1 MiB frame that is not getToken", "{\"event\":\"chat\",\"getToken\":\""
                        + "x".repeat(1 << 20) + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framesForTheEndpoint")
    void framesThatAreNotGetTokenReachTheEndpointAndWriteNothing(String name, String frame) {
        int rows = TestDatabase.count(TABLE);
        try (TestClient c = new TestClient(server.uri("/s"))) {
            c.send(frame);
            assertThat(c.next()).isEqualTo("echo:" + frame);
            assertThat(TestDatabase.count(TABLE)).isEqualTo(rows);
            assertUsable(c);
        }
    }

    static Stream<Arguments> malformedGetTokenFrames() {
        String sql = "' OR '1'='1'; DROP TABLE " + TABLE + "; --";
        return Stream.of(
                Arguments.of("data of the wrong type", getToken("\"abc\""), "\"data\" must be an object"),
                Arguments.of("data an array", getToken("[]"), "\"data\" must be an object"),
                Arguments.of("token not a string", getToken("{\"token\":5}"), "\"token\" must be a string"),
                Arguments.of("token an object", getToken("{\"token\":{\"$ne\":1}}"), "\"token\" must be a string"),
                Arguments.of("token too short", getToken("{\"token\":\"abc\"}"), "32 characters"),
                Arguments.of("token too long", getToken("{\"token\":\"" + "a".repeat(33) + "\"}"), "32 characters"),
                Arguments.of("token of the wrong alphabet", getToken("{\"token\":\"" + "a+/=".repeat(8) + "\"}"),
                        "32 characters"),
                Arguments.of("token with SQL in it", getToken("{\"token\":\"" + sql.replace("'", "\\u0027") + "\"}"),
                        "32 characters"),
                Arguments.of("invalid JSON claiming getToken", "{\"event\":\"getToken\",\"data\":{\"token\":",
                        "not valid JSON"),
                Arguments.of("1 MiB getToken frame", getToken("{\"token\":\"" + "a".repeat(1 << 20) + "\"}"),
                        "longer than the limit of 4096"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedGetTokenFrames")
    void malformedGetTokenGetsANewSessionAndAClearError(String name, String frame, String expected) {
        int rows = TestDatabase.count(TABLE);
        try (TestClient c = new TestClient(server.uri("/s"))) {
            c.send(frame);
            JsonObject got = c.gotToken();
            assertThat(got.getString("errors")).startsWith(Protocol.MALFORMED).contains(expected);
            assertThat(got.getString("token")).matches("[A-Za-z0-9_-]{32}");
            assertThat(TestDatabase.count(TABLE)).as("exactly the new session's row").isEqualTo(rows + 1);
            assertUsable(c);
        }
    }

    @Test
    void missingDataOrTokenMeansNoTokenAsInTheNodePackage() {
        for (String frame : new String[] {"{\"event\":\"getToken\"}", getToken("null"), getToken("{}"),
                getToken("{\"token\":null}"), getToken("{\"token\":\"\"}")}) {
            try (TestClient c = new TestClient(server.uri("/s"))) {
                c.send(frame);
                JsonObject got = c.gotToken();
                assertThat(got.getString("errors")).as(frame).isEmpty();
                assertThat(got.getString("token")).as(frame).matches("[A-Za-z0-9_-]{32}");
            }
        }
    }

    @Test
    void storeFailureAnswersAnEmptyTokenAndAReadableErrorAndKeepsTheConnection() {
        TestDatabase.recreateTable("session_absent");
        SessionSettings absent = SessionSettings.builder().tableName("session_absent").sweepInterval(Duration.ZERO).build();
        SessionManager broken = SessionManager.builder(TestDatabase.dataSource()).settings(absent).build();
        TestDatabase.execute("DROP TABLE session_absent"); // after start: every statement now fails
        try (TestServer brokenServer = new TestServer(broken.endpoint("/s", new TestApp()));
                TestClient c = new TestClient(brokenServer.uri("/s"))) {
            JsonObject got = c.getToken(null);
            assertThat(got.getString("token")).isEmpty();
            assertThat(got.getString("errors")).isEqualTo(Protocol.STORE_FAILED);
            c.send("ping");
            assertThat(c.next()).isEqualTo("echo:ping");
        } finally {
            broken.close();
        }
    }

    @Test
    void startingOnAMissingTableFailsWithTheCreateStatement() {
        TestDatabase.execute("DROP TABLE IF EXISTS session_absent");
        SessionSettings absent = SessionSettings.builder().tableName("session_absent").sweepInterval(Duration.ZERO).build();
        assertThatThrownBy(() -> SessionManager.builder(TestDatabase.dataSource()).settings(absent).build())
                .isInstanceOf(SessionStoreException.class).isNotInstanceOf(SessionUnavailableException.class)
                .hasMessageContaining("CREATE TABLE `session_absent`");
    }

    private static void assertUsable(TestClient c) {
        assertThat(c.isOpen()).isTrue();
        c.send("ping");
        assertThat(c.next()).isEqualTo("echo:ping");
        assertThat(c.getToken(null).getString("errors")).isEmpty();
    }
}
