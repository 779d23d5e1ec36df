package io.github.wsmysqlsession.arquillian;

import static io.github.wsmysqlsession.arquillian.ServerDatabase.count;
import static io.github.wsmysqlsession.arquillian.ServerDatabase.dataOf;
import static io.github.wsmysqlsession.arquillian.ServerDatabase.sql;
import static io.github.wsmysqlsession.testing.TestApp.command;
import static io.github.wsmysqlsession.testing.TestApp.get;
import static io.github.wsmysqlsession.testing.TestApp.increment;
import static io.github.wsmysqlsession.testing.TestApp.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wsmysqlsession.internal.protocol.Protocol;
import io.github.wsmysqlsession.testing.NodeSuites;
import io.github.wsmysqlsession.testing.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library inside a real server, as a user deploys it: a WAR with the library jar in
 * {@code WEB-INF/lib}, a {@code beans.xml}, the README's endpoint ({@link ChatEndpoint}) and a
 * datasource on the real MariaDB; the JPA provider is the server's own. Every case runs as a client
 * (Tyrus) and checks the database with JDBC ({@link ServerDatabase}). Each server is a thin subclass
 * that declares the two deployments ({@link ServerDeployment#war}: {@link #MAIN}, and {@link #REDEPLOY}
 * which the redeploy steps deploy themselves) and the JPA provider it expects; a Maven profile per
 * server selects it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractServerIT {

    /** The deployment every case but the redeploy one talks to. */
    static final String MAIN = "main";
    /** Deployed, undeployed and deployed again by the three redeploy steps. */
    static final String REDEPLOY = "redeploy";

    static final String TABLE = "arq_session";
    static final String REDEPLOY_TABLE = "arq_session_redeploy";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    @OperateOnDeployment(MAIN)
    URL main;

    @ArquillianResource
    Deployer deployer;

    /** The session the redeploy steps share. */
    private static String redeployedToken;
    /** Whether {@link #MAIN} has answered a first frame. */
    private static boolean warm;

    /** @return the prefix of the JPA provider's class name this server must use, e.g. {@code org.hibernate.} */
    abstract String expectedJpaProvider();

    /** @return whether the server gives applications MicroProfile Config (as tested: its default configuration) */
    abstract boolean hasMicroProfileConfig();

    /**
     * The first frame after a deployment may wait for the library's start: Payara binds the WAR's
     * datasource after CDI starts, so the library starts on the first connection there.
     */
    @BeforeEach
    void warmUpOnce() {
        if (!warm) {
            warmUp(main);
            warm = true;
        }
    }

    private static void warmUp(URL url) {
        try (TestClient c = new TestClient(ws(url))) {
            c.send("ping");
            for (int i = 1;; i++) {
                try {
                    assertThat(c.next()).isEqualTo("echo:ping");
                    return;
                } catch (AssertionError e) {
                    if (i == 12) {
                        throw e;
                    }
                }
            }
        }
    }

    // ---- getToken -------------------------------------------------------------------------------

    @Test
    void getTokenWithoutATokenCreatesASessionAndWithTheStoredOneResumesIt() {
        String token;
        try (TestClient c = client()) {
            JsonObject got = c.getToken(null);
            assertThat(got.getString("errors")).isEmpty();
            token = got.getString("token");
            assertThat(token).matches("[A-Za-z0-9_-]{32}");
            assertThat(dataOf(token)).isEqualTo("{}");
        }
        try (TestClient c = client()) {
            JsonObject got = c.getToken(token);
            assertThat(got.getString("errors")).isEmpty();
            assertThat(got.getString("token")).isEqualTo(token);
        }
        try (TestClient c = client()) {
            JsonObject got = c.getToken("A".repeat(32));
            assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
            assertThat(got.getString("token")).matches("[A-Za-z0-9_-]{32}").isNotEqualTo("A".repeat(32));
        }
    }

    /** The interceptor takes the message, not a {@code @PathParam String} before it, for the frame it answers. */
    @Test
    void anEndpointWithAPathParamBeforeTheMessageGetsItsGetTokenAnswered() {
        try (TestClient c = new TestClient(ws(main, "room/lobby"))) {
            JsonObject got = c.getToken(null);
            assertThat(got.getString("errors")).isEmpty();
            c.send("hello");
            assertThat(c.next()).isEqualTo("lobby:hello");
            assertThat(dataOf(got.getString("token"))).isEqualTo("{\"room\": \"lobby\"}");
        }
    }

    @Test
    void setThenReconnectAndRead() {
        String token;
        try (TestClient c = client()) {
            c.send(set("early", "1"));
            assertThat(c.nextJson().getString("data")).startsWith("IllegalStateException: Cannot set before");
            token = c.getToken(null).getString("token");
            c.send(set("user", "\"42\""));
            assertThat(c.next()).isEqualTo("{\"event\":\"ok\",\"data\":\"set\"}");
            c.send(set("cart", "[1,2]"));
            assertThat(c.next()).contains("\"ok\"");
            assertThat(dataOf(token)).contains("\"user\"").contains("\"42\"");
        }
        try (TestClient c = client()) {
            assertThat(c.getToken(token).getString("token")).isEqualTo(token);
            c.send(get("user"));
            assertThat(c.nextJson().getString("data")).isEqualTo("42");
            c.send(get("cart"));
            assertThat(c.nextJson().getString("data")).isEqualTo("[1,2]");
            c.send(command("remove", "cart"));
            assertThat(c.next()).contains("\"ok\"");
        }
        assertThat(json(dataOf(token))).containsOnlyKeys("user");
    }

    // ---- expiry ---------------------------------------------------------------------------------

    @Test
    void anExpiredRowGivesANewEmptySessionAndIsDeleted() {
        String expired = randomToken();
        sql("INSERT INTO " + TABLE + " (sessionId, expires, data) VALUES (?, ?, ?)", expired,
                System.currentTimeMillis() / 1000 - 10, "{\"secret\":\"s\"}");
        try (TestClient c = client()) {
            JsonObject got = c.getToken(expired);
            assertThat(got.getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
            assertThat(got.getString("token")).isNotEqualTo(expired);
            c.send(get("secret"));
            assertThat(c.nextJson().getString("data")).as("expired data never flows into the new session").isEmpty();
        }
        assertThat(dataOf(expired)).isNull();
    }

    /** Issue 10: a session that expires while its connection is open ends on it, and is not revived. */
    @Test
    void aSessionThatExpiresWhileConnectedEndsOnItsConnectionAndIsNotRevived() {
        try (TestClient c = client()) {
            String token = c.getToken(null).getString("token");
            sql("UPDATE " + TABLE + " SET expires = ? WHERE sessionId = ?", System.currentTimeMillis() / 1000 - 1,
                    token);
            JsonObject pushed = c.gotToken(); // within the sync interval (1 s)
            assertThat(pushed.getString("errors")).isEqualTo(Protocol.SESSION_EXPIRED);
            assertThat(pushed.getString("token")).isNotEqualTo(token);
            c.send(set("late", "1"));
            assertThat(c.next()).as("written to the new session").contains("\"ok\"");
            assertThat(dataOf(token)).isEqualTo("{}");
            assertThat(dataOf(pushed.getString("token"))).contains("late");
        }
    }

    // ---- HTTP requests share the session (issue 14, part 1) ----------------------------------------

    @Test
    void aRequestWithoutTheTokenOfALiveSessionGetsNoneAndNoneIsMade() throws Exception {
        String invented = randomToken();
        long rows = count(TABLE, null);
        for (String auth : new String[] {null, "Bearer " + invented, "Bearer not-a-token", "Basic dTpw"}) {
            HttpResponse<String> rest = http("GET", "api/session/user", auth, null);
            assertThat(rest.statusCode()).as("REST with %s", auth).isEqualTo(401);
            assertThat(rest.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(http("GET", "api/session/optional/probe", auth, null).body()).isEqualTo("none");
            assertThat(http("GET", "servlet/session?key=user", auth, null).statusCode()).isEqualTo(401);
        }
        String token;
        try (TestClient c = client()) {
            token = c.getToken(null).getString("token");
        }
        sql("UPDATE " + TABLE + " SET expires = 1 WHERE sessionId = '" + token + "'");
        assertThat(http("GET", "api/session/user", "Bearer " + token, null).statusCode()).isEqualTo(401);
        assertThat(dataOf(token)).as("the expired row is deleted").isNull();
        assertThat(dataOf(invented)).isNull();
        assertThat(count(TABLE, null)).as("no session made for a request").isEqualTo(rows);
    }

    @Test
    void aRequestReadsWhatTheWebSocketSetAndTheWebSocketReadsWhatTheRequestSetAtOnce() throws Exception {
        try (TestClient c = client()) {
            String token = c.getToken(null).getString("token");
            c.send(set("user", "\"42\""));
            assertThat(c.next()).contains("\"ok\"");
            String bearer = "Bearer " + token;
            assertThat(http("GET", "api/session/user", bearer, null).body()).isEqualTo("42");
            assertThat(http("GET", "servlet/session?key=user", bearer, null).body()).isEqualTo("42");
            assertThat(http("GET", "api/session/optional/probe", bearer, null).body()).isEqualTo("some");
            assertThat(http("PUT", "api/session/cart", bearer, "three").statusCode()).isEqualTo(204);
            c.send(get("cart"));
            assertThat(c.nextJson().getString("data")).as("set over REST, read over WebSocket").isEqualTo("three");
            assertThat(http("POST", "servlet/session?key=room&value=lobby", bearer, null).statusCode())
                    .isEqualTo(204);
            c.send(get("room"));
            assertThat(c.nextJson().getString("data")).as("set by a servlet").isEqualTo("lobby");
            assertThat(json(dataOf(token))).containsKeys("user", "cart", "room");
        }
    }

    @Test
    void aLogOutOverHttpEndsTheSessionOnItsWebSocket() throws Exception {
        try (TestClient c = client()) {
            String token = c.getToken(null).getString("token");
            c.send(set("user", "\"42\""));
            assertThat(c.next()).contains("\"ok\"");
            long rows = count(TABLE, null);
            assertThat(http("POST", "api/session/logout", "Bearer " + token, "").statusCode()).isEqualTo(204);
            JsonObject pushed = c.gotToken();
            assertThat(pushed.getString("errors")).isEqualTo(Protocol.SESSION_ENDED);
            assertThat(pushed.getString("token")).isNotEqualTo(token);
            assertThat(dataOf(token)).isNull();
            assertThat(count(TABLE, null)).as("the WebSocket's new session only").isEqualTo(rows);
            assertThat(http("GET", "api/session/user", "Bearer " + token, null).statusCode()).isEqualTo(401);
            c.send(get("user"));
            assertThat(c.nextJson().getString("data")).isEmpty();
        }
    }

    @Test
    void regenerateOverHttpAnswersTheNewTokenWhichCarriesTheData() throws Exception {
        String token;
        try (TestClient c = client()) {
            token = c.getToken(null).getString("token");
            c.send(set("user", "\"42\""));
            assertThat(c.next()).contains("\"ok\"");
        }
        HttpResponse<String> r = http("POST", "api/session/regenerate", "Bearer " + token, "");
        assertThat(r.statusCode()).isEqualTo(200);
        String rotated = r.body();
        assertThat(rotated).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(token);
        assertThat(dataOf(token)).isNull();
        assertThat(http("GET", "api/session/user", "Bearer " + rotated, null).body()).isEqualTo("42");
    }

    private HttpResponse<String> http(String method, String path, String authorization, String body)
            throws Exception {
        String base = main.getPath().endsWith("/") ? main.getPath() : main.getPath() + "/";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + main.getPort() + base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "text/plain");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- one session, every connection (issue 10) ------------------------------------------------

    @Test
    void aLogOutOnOneConnectionEndsTheSessionOnTheOther() {
        try (TestClient a = client(); TestClient b = client()) {
            String token = a.getToken(null).getString("token");
            assertThat(b.getToken(token).getString("errors")).isEmpty();
            a.send(set("user", "\"42\""));
            assertThat(a.next()).contains("\"ok\"");
            b.send(get("user"));
            assertThat(b.nextJson().getString("data")).as("the other connection's commit, at once").isEqualTo("42");
            a.send(command("invalidate"));
            String mine = a.gotToken().getString("token");
            assertThat(a.next()).contains("\"ok\"");
            JsonObject pushed = b.gotToken();
            assertThat(pushed.getString("errors")).isEqualTo(Protocol.SESSION_ENDED);
            assertThat(pushed.getString("token")).isNotEqualTo(mine).isNotEqualTo(token);
            b.send(get("user"));
            assertThat(b.nextJson().getString("data")).isEmpty();
        }
    }

    @Test
    void incrementsFromTwoConnectionsAllCount() throws Exception {
        try (TestClient a = client(); TestClient b = client()) {
            String token = a.getToken(null).getString("token");
            assertThat(b.getToken(token).getString("errors")).isEmpty();
            CompletableFuture<Void> x = CompletableFuture.runAsync(() -> increments(a, 100));
            CompletableFuture<Void> y = CompletableFuture.runAsync(() -> increments(b, 100));
            x.get(60, TimeUnit.SECONDS);
            y.get(60, TimeUnit.SECONDS);
            assertThat(json(dataOf(token)).getInt("counter")).isEqualTo(200);
        }
    }

    private static void increments(TestClient c, int times) {
        for (int i = 0; i < times; i++) {
            c.send(increment("counter", 1));
            assertThat(c.nextJson().getString("event")).isEqualTo("value");
        }
    }

    // ---- regenerate -----------------------------------------------------------------------------

    @Test
    void regenerateGivesANewTokenKeepsTheDataAndDeletesTheOldRow() {
        String oldToken;
        String newToken;
        try (TestClient c = client()) {
            oldToken = c.getToken(null).getString("token");
            c.send(set("user", "\"7\""));
            assertThat(c.next()).contains("\"ok\"");
            c.send(command("regenerate"));
            JsonObject got = c.gotToken();
            newToken = got.getString("token");
            assertThat(got.getString("errors")).isEmpty();
            assertThat(newToken).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(oldToken);
            assertThat(c.next()).isEqualTo("{\"event\":\"ok\",\"data\":\"regenerate\"}");
        }
        assertThat(dataOf(oldToken)).isNull();
        assertThat(json(dataOf(newToken)).getString("user")).isEqualTo("7");
        try (TestClient c = client()) {
            assertThat(c.getToken(oldToken).getString("errors")).isEqualTo(Protocol.SESSION_NOT_FOUND);
        }
        try (TestClient c = client()) {
            assertThat(c.getToken(newToken).getString("token")).isEqualTo(newToken);
            c.send(get("user"));
            assertThat(c.nextJson().getString("data")).isEqualTo("7");
        }
    }

    // ---- one token, two connections -------------------------------------------------------------

    @Test
    void twoConnectionsSharingATokenWriteDifferentKeysAtOnceAndKeepThemAll() throws Exception {
        int perConnection = 40;
        try (TestClient a = client(); TestClient b = client()) {
            String token = a.getToken(null).getString("token");
            assertThat(b.getToken(token).getString("token")).isEqualTo(token);
            CompletableFuture<Void> writesA = CompletableFuture.runAsync(() -> writeKeys(a, "a", perConnection));
            CompletableFuture<Void> writesB = CompletableFuture.runAsync(() -> writeKeys(b, "b", perConnection));
            writesA.get(60, TimeUnit.SECONDS);
            writesB.get(60, TimeUnit.SECONDS);
            JsonObject stored = json(dataOf(token));
            assertThat(stored).hasSize(2 * perConnection);
            for (int i = 0; i < perConnection; i++) {
                assertThat(stored.getInt("a" + i)).isEqualTo(i);
                assertThat(stored.getInt("b" + i)).isEqualTo(i);
            }
        }
    }

    /** Sends all sets without waiting, then reads all replies: the two connections' writes interleave. */
    private static void writeKeys(TestClient c, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            c.send(set(prefix + i, Integer.toString(i)));
        }
        for (int i = 0; i < n; i++) {
            assertThat(c.next()).isEqualTo("{\"event\":\"ok\",\"data\":\"set\"}");
        }
    }

    // ---- the container wiring -------------------------------------------------------------------

    @Test
    void closeReachesTheEndpointReleasesItsInstanceAndCdiEventsAndTheServersJpaProviderAreUsed() {
        String[] before = stats();
        int closed = Integer.parseInt(before[0]);
        int released = Integer.parseInt(before[1]);
        try (TestClient c = client()) {
            String token = c.getToken(null).getString("token");
            try (TestClient again = client()) {
                again.getToken(token);
            }
        }
        // the stats connections close too; at least the two above must have been counted
        String[] after = await(() -> {
            String[] s = stats();
            return Integer.parseInt(s[0]) >= closed + 2 ? s : null;
        });
        assertThat(Integer.parseInt(after[1])).as("@PreDestroy of the released endpoint instances")
                .isGreaterThanOrEqualTo(released + 2);
        assertThat(after[2]).as("CDI events").contains("CREATED").contains("RESUMED");
        assertThat(after[3]).as("the JPA provider").startsWith(expectedJpaProvider());
    }

    /** @return closes, released instances, CDI event kinds, JPA provider class, as {@link ChatEndpoint} counts */
    private String[] stats() {
        try (TestClient c = client()) {
            c.send("stats");
            String reply = c.next();
            assertThat(reply).startsWith("stats:");
            return reply.substring("stats:".length()).split(";");
        }
    }

    // ---- redeploy: three steps in order, as Arquillian injects a deployment's URL only once it is deployed

    @Test
    @Order(1)
    void redeployStep1DeploysTheSecondWar() {
        deployer.deploy(REDEPLOY);
    }

    @Test
    @Order(2)
    void redeployStep2WritesASessionAndRedeploys(@ArquillianResource @OperateOnDeployment(REDEPLOY) URL url) {
        try {
            // first the warm-up: the library creates the table when it starts, which in Payara is on the
            // first connection, so on a fresh database the table is not there before it
            warmUp(url);
            String expired = randomToken();
            sql("INSERT INTO " + REDEPLOY_TABLE + " (sessionId, expires, data) VALUES (?, ?, ?)", expired,
                    System.currentTimeMillis() / 1000 - 10, "{}");
            try (TestClient c = new TestClient(ws(url))) {
                redeployedToken = c.getToken(null).getString("token");
                c.send(set("survives", "\"yes\""));
                assertThat(c.next()).contains("\"ok\"");
            }
            // the sweeper (every second in this deployment) deletes the expired row
            await(() -> count(REDEPLOY_TABLE, expired) == 0 ? "swept" : null);
        } finally {
            deployer.undeploy(REDEPLOY);
        }
        deployer.deploy(REDEPLOY);
    }

    @Test
    @Order(3)
    void redeployStep3TheSessionSurvivedTheRedeploy(@ArquillianResource @OperateOnDeployment(REDEPLOY) URL url) {
        try {
            assertThat(redeployedToken).as("written by step 2").isNotNull();
            warmUp(url);
            try (TestClient c = new TestClient(ws(url))) {
                JsonObject got = c.getToken(redeployedToken);
                assertThat(got.getString("errors")).isEmpty();
                assertThat(got.getString("token")).isEqualTo(redeployedToken);
                c.send(get("survives"));
                assertThat(c.nextJson().getString("data")).isEqualTo("yes");
            }
        } finally {
            deployer.undeploy(REDEPLOY);
        }
    }

    // ---- bad input, the core tests' rows --------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.wsmysqlsession.e2e.BadInputIT#framesForTheEndpoint")
    void framesThatAreNotGetTokenReachTheEndpointAndWriteNothing(String name, String frame) {
        int rows = count(TABLE, null);
        try (TestClient c = client()) {
            c.send(frame);
            assertThat(c.next()).isEqualTo("echo:" + frame);
            assertThat(count(TABLE, null)).isEqualTo(rows);
            assertUsable(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.wsmysqlsession.e2e.BadInputIT#malformedGetTokenFrames")
    void malformedGetTokenGetsANewSessionAndAClearError(String name, String frame, String expected) {
        int rows = count(TABLE, null);
        try (TestClient c = client()) {
            c.send(frame);
            JsonObject got = c.gotToken();
            assertThat(got.getString("errors")).startsWith(Protocol.MALFORMED).contains(expected);
            assertThat(got.getString("token")).matches("[A-Za-z0-9_-]{32}");
            assertThat(count(TABLE, null)).as("exactly the new session's row").isEqualTo(rows + 1);
            assertUsable(c);
        }
    }

    @Test
    void missingDataOrTokenMeansNoToken() {
        for (String frame : new String[] {"{\"event\":\"getToken\"}", "{\"event\":\"getToken\",\"data\":null}",
                "{\"event\":\"getToken\",\"data\":{}}", "{\"event\":\"getToken\",\"data\":{\"token\":null}}",
                "{\"event\":\"getToken\",\"data\":{\"token\":\"\"}}"}) {
            try (TestClient c = client()) {
                c.send(frame);
                JsonObject got = c.gotToken();
                assertThat(got.getString("errors")).as(frame).isEmpty();
                assertThat(got.getString("token")).as(frame).matches("[A-Za-z0-9_-]{32}");
            }
        }
    }

    private static void assertUsable(TestClient c) {
        assertThat(c.isOpen()).isTrue();
        c.send("ping");
        assertThat(c.next()).isEqualTo("echo:ping");
        assertThat(c.getToken(null).getString("errors")).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private TestClient client() {
        return new TestClient(ws(main));
    }

    /**
     * The endpoint's ws:// address on the loopback interface: Payara Micro reports the host's own
     * address in its URLs, and the tests talk to this machine only through loopback.
     */
    private static URI ws(URL http) {
        return ws(http, "chat");
    }

    private static URI ws(URL http, String endpoint) {
        String path = http.getPath().endsWith("/") ? http.getPath() : http.getPath() + "/";
        return URI.create("ws://127.0.0.1:" + http.getPort() + path + endpoint);
    }

    private static <T> T await(Supplier<T> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(condition::get, Objects::nonNull);
    }

    /** @return a well-formed token the server never made */
    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /**
     * Issue 14: settings come from MicroProfile Config where the server has it, so the WAR's
     * {@code microprofile-config.properties} sets the socket.io endpoint's {@code maxPayload} (the
     * Engine.IO 4 handshake reports it); without it they come from system properties (the default here).
     */
    @Test
    void settingsComeFromMicroProfileConfigWhereTheServerHasIt() throws Exception {
        warmUp(main);
        String base = main.toString().endsWith("/") ? main.toString() : main + "/";
        URL handshake = URI.create(base + "socket.io/?EIO=4&transport=polling").toURL();
        String body;
        try (var in = handshake.openStream()) {
            body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(body).startsWith("0{");
        int maxPayload = json(body.substring(1)).getInt("maxPayload");
        assertThat(maxPayload).as(body).isEqualTo(hasMicroProfileConfig() ? ServerDeployment.MICROPROFILE_MAX_PAYLOAD
                : 1_000_000);
    }

    /**
     * Issue 12: socket.io-client 2.5 and 4.8, unchanged, against the endpoint the jar registered on
     * the application's {@code /socket.io/} (polling servlet and WebSocket), with the WAR's
     * {@code SocketIoHandler} bean; the heartbeat cases need the short standalone settings and are
     * skipped at the server's defaults.
     */
    @Test
    void socketIoClientsConnectUnchanged() throws Exception {
        assumeTrue(NodeSuites.nodeInstalled(), "Node.js is not installed: the socket.io client suites need it");
        warmUp(main);
        // 127.0.0.1 rather than localhost: Node's fetch may try ::1 first, where the servers do not listen
        String host = main.getHost().equals("localhost") ? "127.0.0.1" : main.getHost();
        String origin = main.getProtocol() + "://" + host + ":" + main.getPort();
        String path = (main.getPath().endsWith("/") ? main.getPath() : main.getPath() + "/") + "socket.io/";
        assertThat(NodeSuites.run(Map.of("SOCKETIO_URL", origin, "SOCKETIO_PATH", path, "SOCKETIO_CDI", "1")))
                .as("node --test in socketio-tests against " + origin + path + " (its output is above)").isZero();
    }
}
