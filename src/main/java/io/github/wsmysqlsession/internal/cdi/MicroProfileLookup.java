package io.github.wsmysqlsession.internal.cdi;

import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** MicroProfile Config as a key lookup; loaded only when {@link ContainerConfig} found the API. */
final class MicroProfileLookup {

    private MicroProfileLookup() {
    }

    static Function<String, String> of(ClassLoader application) {
        Config config = ConfigProvider.getConfig(application);
        return key -> config.getOptionalValue(key, String.class).orElse(null);
    }
}
