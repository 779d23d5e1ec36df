package io.github.wsmysqlsession.internal.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds {@link GetTokenInterceptor} to an endpoint. {@code MySqlSessionConfigurator} adds it to each
 * endpoint instance; an endpoint class may also carry it itself (it is then not wrapped twice).
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SessionBound {

    /** The annotation as a value, for {@code InterceptionFactory.configure().add(...)}. */
    final class Literal extends AnnotationLiteral<SessionBound> implements SessionBound {
        private static final long serialVersionUID = 1L;
        /** The only instance. */
        public static final Literal INSTANCE = new Literal();

        private Literal() {
        }
    }
}
