package io.github.wsmysqlsession.internal.socketio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO socket (one {@code sid}): its transport (long-polling, then WebSocket after an
 * upgrade, or WebSocket from the start), the packets waiting for the next poll, the heartbeat and
 * the upgrade. Hands the messages it receives to its {@link Listener}. Thread-safe: one lock guards
 * the state, another keeps WebSocket sends in order; no lock is held while the listener runs.
 */
final class EngineSocket {

    /** What the socket.io layer hears from its Engine.IO socket. */
    interface Listener {
        /** @param data the data of an Engine.IO message packet: a Socket.IO packet */
        void onMessage(String data);

        /** @param reason Node's reason: {@code "transport close"}, {@code "ping timeout"}, ... */
        void onClose(String reason);
    }

    private static final System.Logger LOG = System.getLogger(EngineSocket.class.getName());
    static final String PLAIN = "text/plain; charset=UTF-8";

    private final String sid;
    private final int version;
    private final EngineServer server;
    private volatile Listener listener;
    private final Object lock = new Object();
    private final Object sending = new Object();
    /** Encoded packets waiting for a poll; guarded by lock. */
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private long outboxChars;
    private PollResponse waiting;
    private Transport webSocket;
    private Transport probe;
    /** Whether the probe was answered: the client is pausing polling to upgrade; guarded by lock. */
    private boolean probed;
    private boolean closed;
    private ScheduledFuture<?> heartbeat;
    private boolean pingSent;
    /** A server-side close waits for the poll that takes the close packet; guarded by lock. */
    private boolean closeAfterPoll;

    EngineSocket(String sid, int version, EngineServer server, Transport webSocket) {
        this.sid = sid;
        this.version = version;
        this.server = server;
        this.webSocket = webSocket;
    }

    String sid() {
        return sid;
    }

    int version() {
        return version;
    }

    void listen(Listener l) {
        this.listener = l;
    }

    boolean isOpen() {
        synchronized (lock) {
            return !closed;
        }
    }

    /** Starts the heartbeat: the first ping (Engine.IO 4) or the first wait for the client's (3). */
    void startHeartbeat() {
        synchronized (lock) {
            scheduleHeartbeat();
        }
    }

    private void scheduleHeartbeat() {
        EngineOptions o = server.options();
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (closed) {
            return;
        }
        pingSent = false;
        heartbeat = version == 3
                ? server.timer().schedule(() -> close("ping timeout", false), o.pingIntervalMillis()
                        + o.pingTimeoutMillis(), TimeUnit.MILLISECONDS)
                : server.timer().schedule(this::ping, o.pingIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    private void ping() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            pingSent = true;
            heartbeat = server.timer().schedule(() -> close("ping timeout", false),
                    server.options().pingTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
        send("2");
    }

    /**
     * Sends a packet by the current transport, or keeps it for the next poll.
     *
     * @param packet the encoded Engine.IO packet
     * @return false when the socket is closed
     */
    boolean send(String packet) {
        synchronized (sending) {
            Transport ws;
            PollResponse poll = null;
            List<String> batch = null;
            synchronized (lock) {
                if (closed) {
                    return false;
                }
                ws = webSocket;
                if (ws == null) {
                    outbox.add(packet);
                    outboxChars += packet.length();
                    if (outboxChars > 4L * server.options().maxPayload()) { // the client does not poll
                        outbox.clear();
                        closeLater("transport error");
                        return false;
                    }
                    if (waiting != null) {
                        poll = waiting;
                        waiting = null;
                        batch = drain();
                    }
                }
            }
            if (ws != null) {
                try {
                    ws.send(packet);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "Engine.IO send failed: {0}", e.toString());
                    close("transport error", false);
                    return false;
                }
            } else if (poll != null) {
                poll.send(200, PLAIN, EnginePayload.encode(version, batch));
            }
            return true;
        }
    }

    private List<String> drain() {
        List<String> batch = new ArrayList<>(outbox);
        outbox.clear();
        outboxChars = 0;
        return batch;
    }

    private void closeLater(String reason) {
        server.timer().execute(() -> close(reason, false));
    }

    /** A long-polling GET: answered now when packets wait, else when the next one is sent. */
    void poll(PollResponse response) {
        List<String> batch;
        PollResponse overlapped = null;
        boolean closing;
        synchronized (lock) {
            closing = closeAfterPoll;
            if (closed || webSocket != null) {
                batch = null;
            } else if (waiting != null) {
                overlapped = waiting;
                waiting = null;
                batch = null;
            } else if (outbox.isEmpty() && probed) {
                // upgrading: a poll that came after the probe must not wait, or the client, pausing
                // until it returns, never sends the upgrade (Node answers it with a noop too)
                batch = List.of("6");
            } else if (outbox.isEmpty()) {
                waiting = response;
                return;
            } else {
                batch = drain();
            }
        }
        if (closing && batch != null) {
            response.send(200, PLAIN, EnginePayload.encode(version, batch));
            close("server namespace disconnect", false);
            return;
        }
        if (overlapped != null) { // Node: "overlap from client", the socket is closed
            overlapped.send(400, EngineServer.JSON, EngineServer.error(3, "Bad request"));
            close("transport error", false);
        }
        if (batch == null) {
            response.send(400, EngineServer.JSON, EngineServer.error(3, "Bad request"));
            return;
        }
        response.send(200, PLAIN, EnginePayload.encode(version, batch));
    }

    /** Answers a GET that waited too long with a noop, so that the client polls again. */
    void pollTimedOut(PollResponse response) {
        synchronized (lock) {
            if (waiting != response) {
                return;
            }
            waiting = null;
        }
        response.send(200, PLAIN, EnginePayload.encode(version, List.of("6")));
    }

    /** @return false when the socket is closed or already on WebSocket (the POST is refused) */
    boolean acceptsPosts() {
        synchronized (lock) {
            return !closed && webSocket == null;
        }
    }

    /**
     * A packet the client sent by the current transport.
     *
     * @param packet the encoded Engine.IO packet
     */
    void receive(String packet) {
        char type = packet.isEmpty() ? '?' : packet.charAt(0);
        switch (type) {
            case '2' -> {
                if (version == 3) { // the client's heartbeat
                    synchronized (lock) {
                        scheduleHeartbeat();
                    }
                    send("3" + packet.substring(1));
                }
            }
            case '3' -> {
                synchronized (lock) {
                    if (pingSent) {
                        scheduleHeartbeat();
                    }
                }
            }
            case '4' -> {
                Listener l = listener;
                if (l != null) {
                    try {
                        l.onMessage(packet.substring(1));
                    } catch (RuntimeException e) { // a bug of ours: never to the container
                        LOG.log(Level.WARNING, "A socket.io packet failed; closing the socket", e);
                        close("server error", true);
                    }
                }
            }
            case '1' -> close("transport close", false);
            case '6' -> {
                // noop
            }
            default -> close("parse error", false);
        }
    }

    /** @return false when the socket cannot be upgraded (closed, on WebSocket, or upgrading already) */
    boolean beginUpgrade(Transport ws) {
        synchronized (lock) {
            if (closed || webSocket != null || probe != null) {
                return false;
            }
            probe = ws;
            return true;
        }
    }

    /** A frame on the WebSocket that is being probed. */
    void receiveOnProbe(Transport ws, String packet) {
        if (packet.equals("2probe")) {
            PollResponse poll;
            synchronized (lock) {
                if (probe != ws) {
                    return;
                }
                probed = true;
                poll = waiting;
                waiting = null;
            }
            try {
                ws.send("3probe");
            } catch (IOException e) {
                abortUpgrade(ws);
                return;
            }
            if (poll != null) { // lets the client's pending poll return, so it can pause polling
                poll.send(200, PLAIN, EnginePayload.encode(version, List.of("6")));
            }
        } else if (packet.equals("5")) {
            synchronized (sending) {
                List<String> batch;
                PollResponse poll;
                synchronized (lock) {
                    if (probe != ws || closed) {
                        return;
                    }
                    probe = null;
                    probed = false;
                    webSocket = ws;
                    batch = drain();
                    poll = waiting;
                    waiting = null;
                }
                if (poll != null) {
                    poll.send(200, PLAIN, EnginePayload.encode(version, List.of("6")));
                }
                for (String p : batch) {
                    try {
                        ws.send(p);
                    } catch (IOException e) {
                        close("transport error", false);
                        return;
                    }
                }
            }
        } else {
            abortUpgrade(ws);
        }
    }

    /** @return whether {@code ws} is the socket's transport (not a probe) */
    boolean isTransport(Transport ws) {
        synchronized (lock) {
            return webSocket == ws;
        }
    }

    /** The probed WebSocket closed or misbehaved: the socket stays on polling. */
    void abortUpgrade(Transport ws) {
        synchronized (lock) {
            if (probe != ws) {
                return;
            }
            probe = null;
            probed = false;
        }
        ws.close();
    }

    /**
     * Closes the socket; the listener hears of it once.
     *
     * @param reason Node's reason text
     * @param notifyClient whether to send the client a close packet first (a server-side disconnect)
     */
    void close(String reason, boolean notifyClient) {
        if (notifyClient) {
            synchronized (lock) {
                if (!closed && webSocket == null && waiting == null) {
                    closeAfterPoll = true; // the next poll takes the close packet, then the socket closes
                    server.timer().schedule(() -> close(reason, false), server.options().pingTimeoutMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
            send("1");
            synchronized (lock) {
                if (closeAfterPoll) {
                    return;
                }
            }
        }
        PollResponse poll;
        Transport ws;
        Transport probing;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            poll = waiting;
            waiting = null;
            ws = webSocket;
            probing = probe;
            probe = null;
            outbox.clear();
        }
        server.forget(this);
        if (poll != null) {
            poll.send(200, PLAIN, EnginePayload.encode(version, List.of("1")));
        }
        if (ws != null) {
            ws.close();
        }
        if (probing != null) {
            probing.close();
        }
        Listener l = listener;
        if (l != null) {
            l.onClose(reason);
        }
    }
}
