package io.github.wsmysqlsession.arquillian;

import io.github.wsmysqlsession.RequestSessions;
import io.github.wsmysqlsession.SocketSession;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The test WAR's servlet, written as the README tells users to write one: {@code GET ?key=k} reads
 * a key, {@code POST ?key=k&value=v} sets one; 401 without a session.
 */
@WebServlet("/servlet/session")
public class SessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient RequestSessions sessions;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<SocketSession> session = sessions.of(request);
        if (session.isEmpty()) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        response.setContentType("text/plain");
        response.getWriter().write(session.get().getString(request.getParameter("key")));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<SocketSession> session = sessions.of(request);
        if (session.isEmpty()) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        session.get().set(request.getParameter("key"), request.getParameter("value"));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
