package io.github.wsmysqlsession.internal.cdi;

import io.github.wsmysqlsession.SessionEvent;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.internal.core.EventSink;
import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.internal.core.Tokens;
import io.github.wsmysqlsession.internal.store.mysql.MySqlSessionStore;
import io.github.wsmysqlsession.internal.store.mysql.SessionPersistence;
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
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The application's token service in a container: builds the {@link SessionService} at start (so that
 * bad settings or a missing table fail the deployment, not the first request) and closes it at
 * shutdown. Where the datasource is not bound yet when CDI starts the application (Payara, for a
 * datasource the application defines itself), it is looked up and the service built on first use.
 * Settings come from a {@code SessionSettings} bean when the application produces one, else from
 * {@code websocket.session.*} system properties; the datasource is looked up by its JNDI name.
 * Lifecycle changes are fired as CDI {@link SessionEvent}s, and not even built when no observer exists.
 */
@ApplicationScoped
public class CdiSessionService {

    private static final System.Logger LOG = System.getLogger(CdiSessionService.class.getName());

    @Inject
    BeanManager beanManager;
    @Inject
    Instance<SessionSettings> settingsBean;

    private SessionSettings settings;
    private EntityManagerFactory emf;
    private volatile SessionService service;

    /** For CDI. */
    public CdiSessionService() {
        // fields are injected
    }

    @PostConstruct
    void start() {
        settings = settingsBean.isResolvable() ? settingsBean.get()
                : SessionSettings.fromProperties(ContainerConfig.lookup());
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
        EntityManagerFactory factory = SessionPersistence.createEntityManagerFactory(dataSource,
                SessionPersistence.providerDefaults(dataSource));
        try {
            SessionService started = new SessionService(new MySqlSessionStore(factory, dataSource, settings), settings,
                    Tokens::secureRandom, new EventBridge(beanManager), Clock.systemUTC());
            started.start();
            emf = factory;
            service = started;
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
        if (service != null) {
            service.close();
        }
        if (emf != null && emf.isOpen()) {
            emf.close();
        }
    }

    /** @return the settings the service runs with */
    public SessionSettings settings() {
        return settings;
    }

    /**
     * @return the token service, started on first use when the datasource was not bound yet at start-up
     * @throws IllegalStateException when the datasource cannot be found
     */
    public SessionService service() {
        SessionService s = service;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (service == null) {
                try {
                    startWith(lookUp());
                } catch (NamingException e) {
                    throw new IllegalStateException("websocket-mysql-session: no DataSource at JNDI name '"
                            + settings.dataSource() + "'; define one (for example with @DataSourceDefinition) and name "
                            + "it with the system property websocket.session.dataSource", e);
                }
            }
            return service;
        }
    }

    /** Fires {@link SessionEvent}s as CDI events; asks the container once whether anyone observes them. */
    static final class EventBridge implements EventSink {
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
