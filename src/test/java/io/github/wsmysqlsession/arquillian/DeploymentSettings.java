package io.github.wsmysqlsession.arquillian;

import io.github.wsmysqlsession.SessionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The test WAR's {@link SessionSettings} bean, as an application would produce one; the values
 * ({@code websocket.session.*}) come from {@value #RESOURCE} in the WAR, written by the test for each
 * deployment (table, datasource JNDI name, sweep interval).
 */
@ApplicationScoped
public class DeploymentSettings {

    static final String RESOURCE = "websocket-session.properties";

    @Produces
    SessionSettings settings() {
        Properties p = new Properties();
        try (InputStream in = DeploymentSettings.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the WAR");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SessionSettings.fromProperties(p::getProperty);
    }
}
