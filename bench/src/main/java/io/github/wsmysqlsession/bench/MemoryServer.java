package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.lib.LibraryEndpoint;
import io.github.wsmysqlsession.internal.store.mysql.SessionPersistence;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.sql.DataSource;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * The memory section's server, in its own JVM (default heap) so that the clients' heap does not count:
 * a Tyrus standalone server (Grizzly) with either a plain echo endpoint or the library's
 * {@code SessionEndpoint} at {@code /ws}. Prints {@code READY} and its pid, then waits for
 * {@code quit} on standard input; the harness measures it with {@code jcmd GC.class_histogram}.
 *
 * <p>Arguments: {@code plain PORT} or {@code session PORT JDBC_URL TABLE}.
 */
public final class MemoryServer {

    private MemoryServer() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogging();
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        ServerContainer server = TyrusServers.create(Map.of());
        LibraryEndpoint library = null;
        if (mode.equals("session")) {
            DataSource ds = Db.pool(args[2], "memory-server", true, 8);
            library = new LibraryEndpoint(ds, args[3], SessionPersistence.providerDefaults(ds));
            server.addEndpoint(library.config("/ws"));
        } else {
            server.addEndpoint(EchoEndpoint.config("/ws"));
        }
        server.start("/", port);
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            // wait
        }
        server.stop();
        if (library != null) {
            library.close();
        }
        System.exit(0);
    }
}
