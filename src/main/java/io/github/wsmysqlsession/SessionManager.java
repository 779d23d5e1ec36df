package io.github.wsmysqlsession;

import io.github.wsmysqlsession.internal.core.EventSink;
import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.internal.core.Tokens;
import io.github.wsmysqlsession.internal.endpoint.ManagerServices;
import io.github.wsmysqlsession.internal.endpoint.SessionEndpoint;
import io.github.wsmysqlsession.internal.socketio.SocketIoService;
import io.github.wsmysqlsession.internal.socketio.SocketIoTransports;
import io.github.wsmysqlsession.internal.store.mysql.MySqlSessionStore;
import io.github.wsmysqlsession.internal.store.mysql.SessionPersistence;
import jakarta.persistence.EntityManagerFactory;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The library without a container (a Tyrus standalone server, tests, tools): sessions for the
 * endpoints it makes, in the table of one datasource. In a Jakarta EE server use
 * {@link MySqlSessionConfigurator} instead; nothing needs to be built there.
 *
 * <pre>{@code
 * SessionManager sessions = SessionManager.builder(dataSource)
 *         .settings(SessionSettings.builder().idleTimeout(Duration.ofHours(8)).build())
 *         .listener(event -> audit(event))
 *         .build();                       // checks the table, starts the sweeper
 * server.addEndpoint(sessions.endpoint("/chat", (text, socket, session) -> {
 *     session.set("last", text);
 * }));
 * }</pre>
 *
 * <p>For socket.io-client apps (those built for the Node package), {@link #socketIoEndpoint} and
 * {@link #serveSocketIoPolling} serve the socket.io protocol on the same server and table.
 *
 * <p>The manager reads and writes the table with JDBC on the datasource, one round trip per read or
 * write, and runs rotations, the sweeper and the table check through a small JPA persistence unit of
 * its own over the same datasource (the JPA provider on the class path: Hibernate or EclipseLink).
 * Close it when the application stops. Thread-safe.
 */
public final class SessionManager implements AutoCloseable {

    static {
        // for the Spring module, which runs annotated endpoints on a manager it built
        ManagerServices.install(manager -> ((SessionManager) manager).service);
    }

    private final SessionService service;
    private final EntityManagerFactory emf;
    private final SessionSettings settings;
    private SocketIoService socketIo;

    private SessionManager(SessionService service, EntityManagerFactory emf, SessionSettings settings) {
        this.service = service;
        this.emf = emf;
        this.settings = settings;
    }

    /**
     * @param dataSource connections to the MySQL or MariaDB database that holds the session table;
     *     a pool (HikariCP, or the server's) is best
     * @return a builder with the default settings
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * A session-enabled endpoint: answers {@code getToken} frames and passes every other text frame,
     * with the connection's session, to {@code handler}.
     *
     * @param path the endpoint's path, for example {@code /chat}
     * @param handler the application's frames
     * @return the configuration to deploy, for example with Tyrus' {@code ServerContainer.addEndpoint}
     */
    public ServerEndpointConfig endpoint(String path, SocketMessageHandler handler) {
        return SessionEndpoint.config(Objects.requireNonNull(path, "path"), service,
                Objects.requireNonNull(handler, "handler"));
    }

    /**
     * The socket.io endpoint's WebSocket transport, where socket.io-client apps (1.x to 4.x) connect
     * unchanged: it answers the {@code getToken} event with {@code gotToken}, as the plain endpoint
     * answers its frame and on the same table, and passes every other event, with the socket's
     * session, to {@code handler}. Serve its long-polling transport on the same port with
     * {@link #serveSocketIoPolling} (Tyrus) or {@link #socketIoPollingServlet()} (a servlet
     * container): a default-configured socket.io-client polls first.
     *
     * <pre>{@code
     * server.addEndpoint(sessions.socketIoEndpoint((event, socket, session) -> event.ack("ok")));
     * server.start("/", 8080);
     * sessions.serveSocketIoPolling(server);
     * }</pre>
     *
     * @param handler the application's events
     * @return the configuration to deploy, at {@code socketIoPath}
     * @throws IllegalStateException when called a second time, or {@code socketIoPath} is empty
     */
    public synchronized ServerEndpointConfig socketIoEndpoint(SocketIoHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (socketIo != null) {
            throw new IllegalStateException("This SessionManager has its socket.io endpoint already");
        }
        if (settings.socketIoPath().isEmpty()) {
            throw new IllegalStateException("websocket.session.socketIoPath is empty: set the endpoint's path");
        }
        socketIo = new SocketIoService(() -> service, () -> handler, settings);
        return socketIo.endpoint();
    }

    /**
     * Serves the socket.io endpoint's long-polling transport on the port of a started Tyrus Grizzly
     * server container ({@code org.glassfish.tyrus.spi.ServerContainerFactory}), beside its WebSocket.
     *
     * @param tyrusServer the started container the endpoint of {@link #socketIoEndpoint} was added to
     * @throws IllegalStateException when there is no socket.io endpoint yet, or the container is not
     *     a started Tyrus Grizzly one
     */
    public void serveSocketIoPolling(jakarta.websocket.server.ServerContainer tyrusServer) {
        socketIo().servePollingOnGrizzly(Objects.requireNonNull(tyrusServer, "tyrusServer"));
    }

    /**
     * @return the socket.io endpoint's long-polling transport as a servlet, for an embedded servlet
     *     container: map it to {@code socketIoPath + "*"}, with async support
     * @throws IllegalStateException when there is no socket.io endpoint yet
     */
    public jakarta.servlet.Servlet socketIoPollingServlet() {
        return SocketIoTransports.servlet(socketIo());
    }

    private synchronized SocketIoService socketIo() {
        if (socketIo == null) {
            throw new IllegalStateException("Make the socket.io endpoint first, with socketIoEndpoint(handler)");
        }
        return socketIo;
    }

    /**
     * Deletes expired rows now, in batches, as the sweeper does every {@code sweepInterval}.
     *
     * @return how many rows this server deleted
     * @throws SessionStoreException when the database fails
     */
    public int sweep() {
        return service.sweep();
    }

    /**
     * Stops the sweeper and the library's threads and closes its persistence unit; the datasource is
     * the caller's to close. Sessions stay in the database for the next start.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (socketIo != null) {
                socketIo.close();
            }
        }
        try {
            service.close();
        } finally {
            emf.close();
        }
    }

    /** Builds a {@link SessionManager}; not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private SessionSettings settings = SessionSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private Supplier<String> tokenGenerator = Tokens::secureRandom;
        private Consumer<SessionEvent> listener;
        private final Map<String, Object> jpaProperties = new HashMap<>();

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Sets the settings; default {@link SessionSettings#defaults()}.
         *
         * @param settings the settings, for example {@code SessionSettings.fromProperties(System::getProperty)}
         * @return this builder
         */
        public Builder settings(SessionSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sets the clock that expiry is measured with; default the system clock in UTC.
         *
         * @param clock the clock, for example a fixed one in tests
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets where new tokens come from; default 24 bytes of {@code SecureRandom} as 32 base64url
         * characters, as the Node package makes them.
         *
         * @param tokenGenerator thread-safe; must return 32 characters of {@code A-Z a-z 0-9 - _}
         *     (others fail the session's creation with {@link IllegalStateException})
         * @return this builder
         */
        public Builder tokenGenerator(Supplier<String> tokenGenerator) {
            this.tokenGenerator = Objects.requireNonNull(tokenGenerator, "tokenGenerator");
            return this;
        }

        /**
         * Sets the listener of session lifecycle events; default none.
         *
         * @param listener called on the thread that made the change, after it was committed; must be
         *     thread-safe and fast; an exception it throws is logged and ignored
         * @return this builder
         */
        public Builder listener(Consumer<SessionEvent> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Adds a property for the library's JPA persistence unit, on top of the defaults (with
         * Hibernate: the MariaDB or MySQL dialect, found from the database, and no metadata look-up
         * at boot).
         *
         * @param name the provider's property name
         * @param value its value
         * @return this builder
         */
        public Builder jpaProperty(String name, Object value) {
            jpaProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the manager: checks the table (creating it when {@code createTable} is set) and
         * starts the sweeper.
         *
         * @return the started manager
         * @throws SessionStoreException when the table is missing; the message holds its
         *     {@code CREATE TABLE} statement
         * @throws IllegalStateException when no JPA provider is on the class path
         */
        public SessionManager build() {
            Map<String, Object> properties = new HashMap<>(SessionPersistence.providerDefaults(dataSource));
            properties.putAll(jpaProperties);
            EntityManagerFactory emf = SessionPersistence.createEntityManagerFactory(dataSource, properties);
            try {
                SessionService service = new SessionService(new MySqlSessionStore(emf, dataSource, settings), settings,
                        tokenGenerator, EventSink.of(listener), clock);
                service.start();
                return new SessionManager(service, emf, settings);
            } catch (RuntimeException e) {
                emf.close();
                throw e;
            }
        }
    }
}
