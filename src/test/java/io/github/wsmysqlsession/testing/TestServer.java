package io.github.wsmysqlsession.testing;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/** A Tyrus standalone server (Grizzly) on a free loopback port, serving the given endpoints. */
public final class TestServer implements AutoCloseable {

    private final ServerContainer container;
    private final int port;

    /** Starts the server with endpoint configurations and annotated endpoint classes. */
    public TestServer(Object... endpoints) {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        container = ServerContainerFactory.createServerContainer(Map.of());
        try {
            for (Object endpoint : endpoints) {
                if (endpoint instanceof ServerEndpointConfig config) {
                    container.addEndpoint(config);
                } else {
                    container.addEndpoint((Class<?>) endpoint);
                }
            }
            container.start("/", port);
        } catch (IOException | DeploymentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the running container, for {@code SessionManager.serveSocketIoPolling} */
    public ServerContainer container() {
        return container;
    }

    /** @return the http:// address of the server's root, without a trailing slash */
    public String httpBase() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the ws:// address of a path */
    public URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        container.stop();
    }
}
