package io.github.wsmysqlsession.cdi;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.TokenGenerator;
import io.github.wsmysqlsession.core.SessionListener;
import io.github.wsmysqlsession.core.SessionManager;
import io.github.wsmysqlsession.store.SessionPersistence;
import io.github.wsmysqlsession.store.SessionRepository;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The application's token service in a container: builds the {@link SessionManager} at start (so that
 * bad settings or a missing table fail the deployment, not the first request) and closes it at
 * shutdown. Where the datasource is not bound yet when CDI starts the application (Payara, for a
 * datasource the application defines itself), it is looked up and the manager built on first use.
 * Settings come from a {@code SessionSettings} bean when the application produces one, else from
 * {@code websocket.session.*} system properties; the datasource is looked up by its JNDI name; a
 * {@link TokenGenerator} bean, when present, replaces the default. Lifecycle changes are fired as
 * CDI {@link SessionEvent}s, and not even built when no observer exists.
 */
@ApplicationScoped
public class SessionService {

    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());

    @Inject
    BeanManager beanManager;
    @Inject
    Instance<SessionSettings> settingsBean;
    @Inject
    Instance<TokenGenerator> tokensBean;

    private SessionSettings settings;
    private EntityManagerFactory emf;
    private volatile SessionManager manager;

    /** For CDI. */
    public SessionService() {
        // fields are injected
    }

    @PostConstruct
    void start() {
        settings = settingsBean.isResolvable() ? settingsBean.get()
                : SessionSettings.fromProperties(System::getProperty);
        DataSource dataSource;
        try {
            dataSource = lookUp();
        } catch (NamingException e) {
            // Payara binds the application's own datasources (@DataSourceDefinition, web.xml <data-source>)
            // only after CDI has started the application scope; look again on first use.
            LOG.log(System.Logger.Level.INFO, "websocket-mysql-session: DataSource ''{0}'' is not bound yet; it "
                    + "will be looked up again on the first connection", settings.dataSource());
            return;
        }
        startWith(dataSource);
    }

    private DataSource lookUp() throws NamingException {
        Object found = new InitialContext().lookup(settings.dataSource());
        if (found instanceof DataSource dataSource) {
            return dataSource;
        }
        throw new IllegalStateException("websocket-mysql-session: JNDI name '" + settings.dataSource() + "' holds a "
                + found.getClass().getName() + ", not a javax.sql.DataSource");
    }

    private void startWith(DataSource dataSource) {
        EntityManagerFactory factory = SessionPersistence.createEntityManagerFactory(dataSource, Map.of());
        try {
            TokenGenerator tokens = tokensBean.isResolvable() ? tokensBean.get() : TokenGenerator.secureRandom();
            SessionManager started = new SessionManager(new SessionRepository(factory, dataSource, settings), settings,
                    tokens, new EventBridge(beanManager), Clock.systemUTC());
            started.start();
            emf = factory;
            manager = started;
        } catch (RuntimeException e) {
            factory.close(); // a later first use tries again with a new one
            throw e;
        }
    }

    /**
     * Creates the service when the application starts.
     *
     * @param event the start of the application scope
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // delivering the event to this bean created its instance and ran start()
    }

    @PreDestroy
    void stop() {
        if (manager != null) {
            manager.close();
        }
        if (emf != null && emf.isOpen()) {
            emf.close();
        }
    }

    /**
     * @return the token service, started on first use when the datasource was not bound yet at start-up
     * @throws IllegalStateException when the datasource cannot be found
     */
    public SessionManager manager() {
        SessionManager m = manager;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (manager == null) {
                try {
                    startWith(lookUp());
                } catch (NamingException e) {
                    throw new IllegalStateException("websocket-mysql-session: no DataSource at JNDI name '"
                            + settings.dataSource() + "'; define one (for example with @DataSourceDefinition) and name "
                            + "it with the system property websocket.session.dataSource", e);
                }
            }
            return manager;
        }
    }

    /** Fires {@link SessionEvent}s as CDI events; asks the container once whether anyone observes them. */
    static final class EventBridge implements SessionListener {
        private final BeanManager beanManager;
        private volatile Boolean observed;

        EventBridge(BeanManager beanManager) {
            this.beanManager = beanManager;
        }

        @Override
        public boolean observes(SessionEvent.Kind kind) {
            Boolean o = observed;
            return o == null || o;
        }

        @Override
        public void on(SessionEvent event) {
            if (observed == null) {
                observed = !beanManager.resolveObserverMethods(event).isEmpty();
            }
            if (observed) {
                beanManager.getEvent().select(SessionEvent.class).fire(event);
            }
        }
    }
}
