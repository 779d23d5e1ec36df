package io.github.wsmysqlsession.internal.socketio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;

/**
 * One answer to a polling request, written once whichever thread sends it first, then the request
 * ended; what differs between the servlet and Grizzly is how to write it and how to end it.
 */
abstract class HttpReply implements PollResponse {

    private static final System.Logger LOG = System.getLogger(HttpReply.class.getName());

    private boolean sent;
    /** A timeout that ends the wait, cancelled when the poll is answered (polls come thousands a second). */
    private Future<?> timeout;

    /**
     * @param status the HTTP status
     * @param contentType the content type
     * @param body the body's bytes
     * @param closeConnection whether to end the HTTP connection after it
     */
    abstract void write(int status, String contentType, byte[] body, boolean closeConnection) throws IOException;

    /** Ends the request (completes or resumes it); called once, after {@link #write}, also when that failed. */
    abstract void end();

    /** @param task the timeout of this poll's wait, cancelled when it is answered */
    final synchronized void expireAfter(Future<?> task) {
        if (sent) {
            task.cancel(false);
        } else {
            timeout = task;
        }
    }

    @Override
    public final void send(int status, String contentType, String body) {
        reply(status, contentType, body, false);
    }

    @Override
    public final void sendAndClose(int status, String contentType, String body) {
        reply(status, contentType, body, true);
    }

    private synchronized void reply(int status, String contentType, String body, boolean close) {
        if (sent) {
            return;
        }
        sent = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        try {
            write(status, contentType, body.getBytes(StandardCharsets.UTF_8), close);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not answer a socket.io poll: {0}", e.toString());
        } finally {
            try {
                end();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "The poll was over already: {0}", e.toString());
            }
        }
    }
}
