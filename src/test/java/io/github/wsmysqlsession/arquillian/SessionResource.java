package io.github.wsmysqlsession.arquillian;

import io.github.wsmysqlsession.RequestSessions;
import io.github.wsmysqlsession.RequiresSession;
import io.github.wsmysqlsession.SocketSession;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The test WAR's Jakarta REST resource, written as the README tells users to write one: an injected
 * {@link RequestSessions}, the request from {@code @Context}, and {@link RequiresSession} on the
 * methods that need a session.
 */
@Path("session")
@Produces(MediaType.TEXT_PLAIN)
public class SessionResource {

    /** The application, at {@code /api}. */
    @ApplicationPath("api")
    public static class Rest extends Application {
    }

    @Inject
    RequestSessions sessions;

    @Context
    HttpServletRequest request;

    /** @return the key's value as {@code getString} reads it */
    @GET
    @Path("{key}")
    @RequiresSession
    public String get(@PathParam("key") String key) {
        return session().getString(key);
    }

    /** Sets the key to the body, a string. */
    @PUT
    @Path("{key}")
    @RequiresSession
    public void set(@PathParam("key") String key, String value) {
        session().set(key, value);
    }

    /** Logs out. */
    @POST
    @Path("logout")
    @RequiresSession
    public void logOut() {
        session().invalidate();
    }

    /** @return the new token */
    @POST
    @Path("regenerate")
    @RequiresSession
    public String regenerate() {
        return session().regenerate();
    }

    /** @return {@code none} without a session, else {@code some}; never 401 */
    @GET
    @Path("optional/probe")
    public String optional() {
        return sessions.of(request).map(s -> "some").orElse("none");
    }

    private SocketSession session() {
        return sessions.of(request).orElseThrow();
    }
}
