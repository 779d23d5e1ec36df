package io.github.wsmysqlsession.internal.cdi;

import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketIoHandler;
import io.github.wsmysqlsession.internal.core.SessionService;
import io.github.wsmysqlsession.internal.socketio.SocketIoService;
import io.github.wsmysqlsession.internal.socketio.SocketIoTransports;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Registers the socket.io endpoint in a Jakarta EE server when the application starts: the polling
 * servlet (async) on {@code websocket.session.socketIoPath} followed by {@code *}, and the WebSocket
 * endpoint on that path, once the server's WebSocket container is there. The token service and the
 * application's {@link SocketIoHandler} bean (if it has one) come from CDI on the first connection,
 * as CDI may not have started when this runs. The {@code socketIo*} settings are read from system
 * properties; {@code websocket.session.socketIoPath=} (empty) turns the endpoint off.
 */
public final class SocketIoInitializer implements ServletContainerInitializer {

    private static final System.Logger LOG = System.getLogger(SocketIoInitializer.class.getName());
    private static final String CONTAINER = "jakarta.websocket.server.ServerContainer";

    /** For the servlet container, which finds this class through {@code META-INF/services}. */
    public SocketIoInitializer() {
        // stateless
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        SessionSettings settings = SessionSettings.fromProperties(ContainerConfig.lookup());
        String path = settings.socketIoPath();
        if (path.isEmpty()) {
            return;
        }
        SocketIoService io = new SocketIoService(SocketIoInitializer::sessions, new Handler(), settings);
        ServletRegistration.Dynamic polling = context.addServlet("websocket-mysql-session.socket.io",
                SocketIoTransports.servlet(io));
        if (polling == null) {
            LOG.log(Level.WARNING, "A servlet named websocket-mysql-session.socket.io exists already: the socket.io "
                    + "endpoint is not registered");
            io.close();
            return;
        }
        polling.setAsyncSupported(true);
        polling.addMapping(path + "*");
        context.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                if (!(event.getServletContext().getAttribute(CONTAINER) instanceof ServerContainer ws)) {
                    LOG.log(Level.WARNING, "No WebSocket container in this application: socket.io clients can "
                            + "connect by long-polling only");
                    return;
                }
                try {
                    ws.addEndpoint(io.endpoint());
                } catch (DeploymentException e) {
                    throw new IllegalStateException("Could not deploy the socket.io WebSocket endpoint at " + path
                            + " (another endpoint there? set websocket.session.socketIoPath)", e);
                }
            }

            @Override
            public void contextDestroyed(ServletContextEvent event) {
                io.close();
            }
        });
    }

    private static SessionService sessions() {
        return CDI.current().select(CdiSessionService.class).get().service();
    }

    /** The application's handler bean, looked up once it is asked for; none is fine. */
    private static final class Handler implements java.util.function.Supplier<SocketIoHandler> {
        private volatile SocketIoHandler found;
        private volatile boolean looked;

        @Override
        public SocketIoHandler get() {
            if (!looked) {
                Instance<SocketIoHandler> beans = CDI.current().select(SocketIoHandler.class);
                found = beans.isResolvable() ? beans.get() : null;
                looked = true;
                if (found == null) {
                    LOG.log(Level.INFO, "No SocketIoHandler bean: the socket.io endpoint answers getToken only");
                }
            }
            return found;
        }
    }
}
