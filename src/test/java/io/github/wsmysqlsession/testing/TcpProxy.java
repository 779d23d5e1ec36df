package io.github.wsmysqlsession.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between the library and the database, so that a test can take the
 * database away ({@link #cut()}: open connections are reset, new ones refused) and give it back
 * ({@link #restore()}) without touching the server other tests use.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean frozen;
    private volatile boolean dropReplies;

    /** Starts relaying a free local port to the target. */
    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener = listen(0);
        port = listener.getLocalPort();
        accept(listener);
    }

    /** @return the local port to connect to */
    public int port() {
        return port;
    }

    /** The database goes away: refuse new connections and reset the open ones. */
    public synchronized void cut() {
        closeQuietly(listener);
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /**
     * The network stalls: connections stay open but no byte gets through, in either direction, until
     * {@link #thaw()}; new connections are accepted and stall too.
     */
    public void freeze() {
        frozen = true;
    }

    /** The stalled bytes flow again. */
    public void thaw() {
        frozen = false;
    }

    /**
     * The database's replies are lost from now on (what the library sends still arrives and is
     * committed), until {@link #resetConnections()}.
     */
    public void dropReplies() {
        dropReplies = true;
    }

    /** Resets the open connections (their clients see them break) and lets new ones through whole. */
    public synchronized void resetConnections() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        dropReplies = false;
    }

    /** The database comes back on the same port. */
    public synchronized void restore() {
        listener = listen(port);
        accept(listener);
    }

    @Override
    public void close() {
        cut();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket server) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket db = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(db);
                    pump(client, db, false);
                    pump(db, client, true);
                } catch (IOException e) {
                    // closed by cut(), or the database refused: the client sees its connection fail
                }
            }
        }, "tcp-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    while (frozen && !from.isClosed()) {
                        Thread.sleep(10);
                    }
                    if (replies && dropReplies) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }
}
