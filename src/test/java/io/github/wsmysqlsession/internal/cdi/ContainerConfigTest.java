package io.github.wsmysqlsession.internal.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Settings in a server (issue 14, part 2): read through MicroProfile Config when the application has it
 * (SmallRye Config here, as in WildFly), from system properties when it does not.
 */
class ContainerConfigTest {

    static final String KEY = SessionSettings.PREFIX + "sweepBatchSize";

    @AfterEach
    void clear() {
        TestConfigSource.VALUES.clear();
        System.clearProperty(KEY);
    }

    static SessionSettings read(ClassLoader library) {
        ClassLoader app = ContainerConfigTest.class.getClassLoader();
        return SessionSettings.fromProperties(ContainerConfig.lookup(library, app));
    }

    @Test
    void aValueOfAMicroProfileConfigSourceIsRead() {
        TestConfigSource.VALUES.put(KEY, "77");

        assertThat(read(ContainerConfigTest.class.getClassLoader()).sweepBatchSize()).isEqualTo(77);
        assertThat(SessionSettings.fromProperties(ContainerConfig.lookup()).sweepBatchSize()).as("the thread's loader")
                .isEqualTo(77);
    }

    @Test
    void aSystemPropertyWinsOverTheApplicationsConfigFile() {
        TestConfigSource.VALUES.put(KEY, "77");
        System.setProperty(KEY, "55");

        assertThat(read(ContainerConfigTest.class.getClassLoader()).sweepBatchSize()).isEqualTo(55);
    }

    @Test
    void withoutMicroProfileConfigSystemPropertiesAreRead() {
        TestConfigSource.VALUES.put(KEY, "77");
        System.setProperty(KEY, "55");
        ClassLoader withoutApi = new ClassLoader(null) { }; // sees the JDK only, as a server without MicroProfile

        assertThat(read(withoutApi).sweepBatchSize()).isEqualTo(55);
        System.clearProperty(KEY);
        assertThat(read(withoutApi).sweepBatchSize()).as("the default, not the config source's 77")
                .isEqualTo(SessionSettings.defaults().sweepBatchSize());
    }
}
