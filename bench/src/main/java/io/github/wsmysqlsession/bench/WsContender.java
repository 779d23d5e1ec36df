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
 *
 * <p>A resume of the session the connection is on is answered from the server's live copy (it was
 * checked against the table within {@code syncInterval}); to measure a resume that reads the row,
 * each connection alternates between two sessions of its own ({@link Mode#READS_ROW}): the one it
 * leaves has no connection left, so the server forgets it and must read it the next time.
 */
final class WsContender implements Contender {

    private static final ClientManager CLIENT = client();

    private final String name;
    private final URI uri;
    private final DataSource ds;
    private final String table;
    private final Mode mode;
    private final List<Conn> conns = new ArrayList<>();
    private String[] tokens = new String[0];

    /** Which resumes a connection makes. */
    enum Mode {
        /** The frame echoed by a plain endpoint. */
        ECHO,
        /** Always the session the connection is on: answered from the server's live copy. */
        LIVE,
        /** Two sessions in turn, so that every resume reads the row. */
        READS_ROW
    }

    /**
     * @param table the session endpoint's table, where resumable sessions are made; {@code null} for
     *     the echo endpoint
     */
    WsContender(String name, URI uri, DataSource ds, String table, Mode mode) {
        this.name = name;
        this.uri = uri;
        this.ds = ds;
        this.table = table;
        this.mode = mode;
    }

    private int tokensPerConnection() {
        return mode == Mode.READS_ROW ? 2 : 1;
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
        String[] more = new String[(sessions - have) * tokensPerConnection()];
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
        int per = tokensPerConnection();
        String[] frames = new String[per];
        for (int i = 0; i < per; i++) {
            frames[i] = getToken(tokens[index * per + i]);
        }
        boolean resume = table != null;
        return seq -> {
            c.session.getBasicRemote().sendText(frames[(int) (seq % per)]);
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
