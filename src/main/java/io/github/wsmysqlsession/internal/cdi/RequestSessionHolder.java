package io.github.wsmysqlsession.internal.cdi;

import io.github.wsmysqlsession.SocketSession;
import io.github.wsmysqlsession.internal.http.RequestTokens;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Function;

/**
 * The session of the current HTTP request: resumed once, on the first ask, from the token the request
 * carries, and taken off its session when CDI ends the request (after the response, whatever the
 * servlet, filter or resource did). Not final, and with public methods, because CDI proxies it.
 */
@RequestScoped
public class RequestSessionHolder {

    @Inject
    CdiSessionService services;

    private Optional<SocketSession> session;

    /** For CDI. */
    public RequestSessionHolder() {
        // fields are injected
    }

    /**
     * @return the current request's holder, from CDI
     * @throws IllegalStateException when there is no CDI, or no request is active on this thread
     */
    public static RequestSessionHolder current() {
        RequestSessionHolder holder;
        try {
            holder = CDI.current().select(RequestSessionHolder.class).get();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("RequestSessions needs CDI (a Jakarta EE server): " + e.getMessage(), e);
        }
        try {
            holder.touch(); // a proxy: this is where an inactive request context shows
        } catch (ContextNotActiveException e) {
            throw new IllegalStateException("RequestSessions.of needs a request running on this thread (CDI's "
                    + "request context): call it from a servlet, filter or resource while the request runs", e);
        }
        return holder;
    }

    /** Does nothing; lets {@link #current()} find out whether the request context is active. */
    public void touch() {
        // the proxy looks the instance up
    }

    /** @return how the settings read a request's token */
    public RequestTokens tokens() {
        return new RequestTokens(services.settings());
    }

    /**
     * @param token finds the request's token by the settings (see {@link #tokens()}); {@code null} when
     *     it carries none
     * @return the request's session; empty when it carried no token, or one of no live session
     */
    public Optional<SocketSession> session(Function<RequestTokens, String> token) {
        if (session == null) {
            String t = token.apply(tokens());
            session = t == null ? Optional.empty() : services.service().resumeForRequest(t);
        }
        return session;
    }

    @PreDestroy
    void end() {
        if (session != null && session.isPresent()) {
            services.service().onClose(session.get());
        }
    }
}
