package io.github.wsmysqlsession.internal.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wsmysqlsession.RequestSessions;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.testing.FakeSocket;
import io.github.wsmysqlsession.testing.TestDatabase;
import io.github.wsmysqlsession.testing.TestNaming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 with Weld (the CDI of WildFly, Payara and Open Liberty) on MariaDB: {@link RequestSessions}
 * resumes a request's session once, in CDI's request context, and lets it go when the context ends;
 * outside a request it says what to do.
 */
class RequestSessionsCdiIT {

    static final String TABLE = "session_cdi_requests";
    static WeldContainer weld;

    @BeforeAll
    static void start() {
        TestDatabase.recreateTable(TABLE);
        System.setProperty("java.naming.factory.initial", TestNaming.class.getName());
        TestNaming.bind("java:comp/env/jdbc/requestSessions", TestDatabase.dataSource());
        weld = new Weld().disableDiscovery().addBeanClasses(CdiSessionService.class, RequestSessionHolder.class,
                RequestSessions.class, Settings.class).initialize();
    }

    @AfterAll
    static void stop() {
        weld.shutdown();
    }

    /** A servlet request with these headers and no cookies or query string: all a request's token needs. */
    static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestSessionsCdiIT.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getCookies", "getQueryString" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static SessionService service() {
        return weld.select(CdiSessionService.class).get().service();
    }

    @Test
    void aRequestGetsItsSessionOnceAndLetsItGoWhenTheRequestEnds() {
        FakeSocket socket = FakeSocket.open();
        service().onMessage("{\"event\":\"getToken\",\"data\":{\"token\":\"\"}}", socket.session());
        SocketSession ws = service().sessionOf(socket.session());
        ws.set("user", "ann");
        String token = ws.token();
        service().onClose(socket.session());
        assertThat(service().liveSessions()).isZero();

        RequestSessions sessions = weld.select(RequestSessions.class).get();
        RequestContextController request = weld.select(RequestContextController.class).get();
        request.activate();
        try {
            HttpServletRequest http = request(Map.of("Authorization", "Bearer " + token));
            SocketSession s = sessions.of(http).orElseThrow();
            assertThat(s.getString("user")).isEqualTo("ann");
            assertThat(sessions.of(http).orElseThrow()).as("once per request").isSameAs(s);
            assertThat(service().liveSessions()).isOne();
        } finally {
            request.deactivate();
        }
        assertThat(service().liveSessions()).as("let go when the request ended").isZero();
    }

    @Test
    void aRequestWithoutATokenHasNoSessionAndAddsNoRow() {
        int rows = TestDatabase.count(TABLE);
        RequestSessions sessions = weld.select(RequestSessions.class).get();
        RequestContextController request = weld.select(RequestContextController.class).get();
        request.activate();
        try {
            assertThat(sessions.of(request(Map.of()))).isEmpty();
        } finally {
            request.deactivate();
        }
        request.activate();
        try {
            assertThat(sessions.of(request(Map.of("Authorization", "Bearer " + "C".repeat(32))))).isEmpty();
        } finally {
            request.deactivate();
        }
        assertThat(TestDatabase.count(TABLE)).isEqualTo(rows);
    }

    /** A Jakarta REST request with these headers and no cookies: what a user's own filter sees. */
    static ContainerRequestContext restRequest(Map<String, String> headers) {
        return (ContainerRequestContext) Proxy.newProxyInstance(RequestSessionsCdiIT.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaderString" -> headers.get((String) args[0]);
                    case "getCookies" -> Map.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aJakartaRestRequestContextFindsTheSessionToo() {
        String token = service().resumeForRequest("D".repeat(32)).map(SocketSession::token).orElse(null);
        assertThat(token).as("an invented token").isNull();
        FakeSocket socket = FakeSocket.open();
        service().onMessage("{\"event\":\"getToken\",\"data\":{\"token\":\"\"}}", socket.session());
        SocketSession ws = service().sessionOf(socket.session());
        RequestSessions sessions = weld.select(RequestSessions.class).get();
        RequestContextController request = weld.select(RequestContextController.class).get();
        request.activate();
        try {
            SocketSession s = sessions.of(restRequest(Map.of("Authorization", "Bearer " + ws.token())))
                    .orElseThrow();
            s.set("via", "rest");
            assertThat(ws.getString("via")).as("the WebSocket reads it at once").isEqualTo("rest");
        } finally {
            request.deactivate();
        }
        service().onClose(socket.session());
    }

    @Test
    void outsideARequestItSaysWhatToDo() {
        RequestSessions sessions = weld.select(RequestSessions.class).get();
        assertThatThrownBy(() -> sessions.of(request(Map.of()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a request running on this thread");
    }

    /** The application's settings, as a user would produce them. */
    @ApplicationScoped
    public static class Settings {
        @Produces
        SessionSettings settings() {
            return SessionSettings.builder().tableName(TABLE).dataSource("java:comp/env/jdbc/requestSessions")
                    .sweepInterval(Duration.ZERO).build();
        }
    }
}
