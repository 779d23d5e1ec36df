package io.github.wsmysqlsession.internal.endpoint;

import io.github.wsmysqlsession.internal.core.SessionService;
import java.util.Objects;
import java.util.function.Function;

/**
 * Lets glue outside the root package (the Spring module) reach the token service of a
 * {@code SessionManager} without a public method on it: {@code SessionManager} hands over the way to
 * read it when its class is initialized, which has happened by the time anyone holds an instance.
 */
public final class ManagerServices {

    private static volatile Function<Object, SessionService> reader;

    private ManagerServices() {
    }

    /**
     * @param managerReader reads the service of a {@code SessionManager}; called by {@code SessionManager} only
     */
    public static void install(Function<Object, SessionService> managerReader) {
        reader = Objects.requireNonNull(managerReader, "managerReader");
    }

    /**
     * @param manager a built {@code SessionManager}
     * @return its token service
     * @throws ClassCastException when {@code manager} is not a {@code SessionManager}
     */
    public static SessionService of(Object manager) {
        return reader.apply(Objects.requireNonNull(manager, "manager"));
    }
}
