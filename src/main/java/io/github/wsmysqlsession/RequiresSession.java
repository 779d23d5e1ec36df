package io.github.wsmysqlsession;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Jakarta REST resource class or method that needs a session: a request without a token, or
 * with the token of no live session (invented, expired, logged out), is answered {@code 401
 * Unauthorized} (with {@code WWW-Authenticate: Bearer} when the token header is
 * {@code Authorization}) before the method runs, and no session is made for it. In the method,
 * {@link RequestSessions#of} then always has the session.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresSession {
}
