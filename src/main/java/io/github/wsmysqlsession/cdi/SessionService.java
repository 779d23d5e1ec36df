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
 * shutdown. Settings come from a {@code SessionSettings} bean when the application produces one, else
 * from {@code websocket.session.*} system properties; the datasource is looked up by its JNDI name;
 * a {@link TokenGenerator} bean, when present, replaces the default. Lifecycle changes are fired as
 * CDI {@link SessionEvent}s, and not even built when no observer exists.
 */
@ApplicationScoped
public class SessionService {

    @Inject
    BeanManager beanManager;
    @Inject
    Instance<SessionSettings> settingsBean;
    @Inject
    Instance<TokenGenerator> tokensBean;

    private EntityManagerFactory emf;
    private SessionManager manager;

    /** For CDI. */
    public SessionService() {
        // fields are injected
    }

    @PostConstruct
    void start() {
        SessionSettings settings = settingsBean.isResolvable() ? settingsBean.get()
                : SessionSettings.fromProperties(System::getProperty);
        DataSource dataSource;
        try {
            dataSource = (DataSource) new InitialContext().lookup(settings.dataSource());
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("websocket-mysql-session: no DataSource at JNDI name '" + settings.dataSource()
                    + "'; define one (for example with @DataSourceDefinition) and name it with the system property "
                    + "websocket.session.dataSource", e);
        }
        emf = SessionPersistence.createEntityManagerFactory(dataSource, Map.of());
        TokenGenerator tokens = tokensBean.isResolvable() ? tokensBean.get() : TokenGenerator.secureRandom();
        manager = new SessionManager(new SessionRepository(emf, settings), settings, tokens,
                new EventBridge(beanManager), Clock.systemUTC());
        manager.start();
    }

    /**
     * Creates the service when the application starts.
     *
     * @param event the start of the application scope
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        manager(); // touching the proxy creates the instance and runs start()
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
     * @return the token service
     */
    public SessionManager manager() {
        return manager;
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
