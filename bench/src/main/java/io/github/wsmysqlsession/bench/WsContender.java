package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * A round trip over a real WebSocket (Tyrus client, loopback): {@code getToken} with an existing
 * token to {@code gotToken} on a session endpoint, or the same frame echoed by a plain endpoint.
 */
final class WsContender implements Contender {

    private static final ClientManager CLIENT = client();

    private final String name;
    private final URI uri;
    private final DataSource ds;
    private final String table;
    private final List<Conn> conns = new ArrayList<>();
    private String[] tokens = new String[0];

    /**
     * @param table the session endpoint's table, where resumable sessions are made; {@code null} for
     *     the echo endpoint
     */
    WsContender(String name, URI uri, DataSource ds, String table) {
        this.name = name;
        this.uri = uri;
        this.ds = ds;
        this.table = table;
    }

    private static ClientManager client() {
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        return client;
    }

    static String getToken(String token) {
        return "{\"event\":\"getToken\",\"data\":{\"token\":\"" + token + "\"}}";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(int sessions) throws Exception {
        int have = conns.size();
        if (have >= sessions) {
            return;
        }
        String[] more = new String[sessions - have];
        if (table != null) {
            more = Db.insertSessions(ds, table, more.length);
        } else {
            for (int i = 0; i < more.length; i++) {
                more[i] = Db.token();
            }
        }
        tokens = Db.concat(tokens, more);
        for (int i = have; i < sessions; i++) {
            Conn c = new Conn();
            c.session = CLIENT.connectToServer(c, ClientEndpointConfig.Builder.create().build(), uri);
            conns.add(c);
            worker(i).run(0); // resumes once: the connection is bound to its session
        }
    }

    @Override
    public Op worker(int index) {
        Conn c = conns.get(index);
        String frame = getToken(tokens[index]);
        boolean resume = table != null;
        return seq -> {
            c.session.getBasicRemote().sendText(frame);
            String reply = c.replies.poll(10, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException(name + ": no reply within 10 s");
            }
            if (resume && !reply.contains("\"errors\":\"\"")) {
                throw new IllegalStateException(name + ": not resumed: " + reply);
            }
        };
    }

    @Override
    public void close() throws Exception {
        for (Conn c : conns) {
            c.session.close();
        }
        conns.clear();
    }

    private static final class Conn extends Endpoint {
        final BlockingQueue<String> replies = new ArrayBlockingQueue<>(4);
        Session session;

        @Override
        public void onOpen(Session s, EndpointConfig config) {
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) replies::add);
        }
    }
}
