package io.github.wsmysqlsession.internal.cdi;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A MicroProfile Config source of the tests' own (registered in {@code META-INF/services}), as a server's
 * or a WAR's {@code microprofile-config.properties} would be: empty unless a test puts values in it.
 */
public final class TestConfigSource implements ConfigSource {

    static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    @Override
    public Set<String> getPropertyNames() {
        return VALUES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public String getName() {
        return "websocket-mysql-session tests";
    }

    @Override
    public int getOrdinal() {
        return 100; // as microprofile-config.properties: below system properties (400) and the environment (300)
    }
}
