package io.github.wsmysqlsession.internal.cdi;

import java.lang.System.Logger.Level;
import java.util.ServiceConfigurationError;
import java.util.function.Function;

/**
 * Where the settings of an application in a server come from: MicroProfile Config when the application
 * sees it (WildFly, Payara, Open Liberty with {@code mpConfig}), so that {@code microprofile-config.properties}
 * in the WAR, environment variables ({@code WEBSOCKET_SESSION_IDLETIMEOUT}) and the server's own config
 * sources work; system properties otherwise. MicroProfile Config reads system properties too, before its
 * other sources, so a system property wins either way.
 */
final class ContainerConfig {

    private static final System.Logger LOG = System.getLogger(ContainerConfig.class.getName());
    private static final String PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";

    private ContainerConfig() {
    }

    /** @return the lookup of {@code websocket.session.*} keys for the application of the calling thread */
    static Function<String, String> lookup() {
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        return lookup(ContainerConfig.class.getClassLoader(), application != null ? application
                : ContainerConfig.class.getClassLoader());
    }

    /**
     * @param library the class loader that links the library's classes (it must see the MicroProfile
     *     Config API for it to be used)
     * @param application the application's class loader, whose config sources are read
     * @return MicroProfile Config's lookup when the API and an implementation are there, else system properties
     */
    static Function<String, String> lookup(ClassLoader library, ClassLoader application) {
        try {
            Class.forName(PROVIDER, false, library);
        } catch (ClassNotFoundException | LinkageError e) {
            return System::getProperty;
        }
        try {
            return MicroProfileLookup.of(application);
        } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
            // the API without an implementation (a test class path, a trimmed server)
            LOG.log(Level.DEBUG, "MicroProfile Config is not usable ({0}); reading system properties", e.toString());
            return System::getProperty;
        }
    }
}
