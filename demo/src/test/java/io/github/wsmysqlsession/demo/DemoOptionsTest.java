package io.github.wsmysqlsession.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the demo's embedded MariaDB lives, for a checkout anywhere (issue 11, item 9). */
class DemoOptionsTest {

    static final Path TMP = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    static final Path HOME_CACHE = Path.of(System.getProperty("user.home"), ".cache",
            "websocket-mysql-session-demo", "mariadb");

    static DemoOptions parse(Map<String, String> env, Map<String, String> props, String... args) {
        return DemoOptions.parse(args, env::get, props::get);
    }

    /**
     * demo/pom.xml passes its target folder as {@code demo.stateDir}; for a checkout under /tmp that
     * used to fail with "--state-dir must not be under /tmp" instead of using the home folder.
     */
    @Test
    void theBuildsDefaultUnderTheTemporaryFolderMovesToTheHomeFolder() {
        String checkout = TMP.resolve("ws-demo-checkout/demo/target/mariadb").toString();
        assertThat(parse(Map.of(), Map.of("demo.stateDir", checkout)).stateDir()).isEqualTo(HOME_CACHE);
    }

    @Test
    void theBuildsDefaultElsewhereIsUsed() {
        Path target = Path.of(System.getProperty("user.home"), "src", "ws", "demo", "target", "mariadb");
        assertThat(parse(Map.of(), Map.of("demo.stateDir", target.toString())).stateDir()).isEqualTo(target);
    }

    @Test
    void anExplicitFolderUnderTheTemporaryFolderIsStillRefusedWithTheReason() {
        String under = TMP.resolve("mine").toString();
        assertThatThrownBy(() -> parse(Map.of(), Map.of(), "--state-dir", under))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be under");
        assertThatThrownBy(() -> parse(Map.of("DEMO_STATE_DIR", under), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be under");
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheBuild() {
        Path home = Path.of(System.getProperty("user.home"));
        Map<String, String> build = Map.of("demo.stateDir", home.resolve("b").toString());
        Map<String, String> env = Map.of("DEMO_STATE_DIR", home.resolve("e").toString());
        assertThat(parse(env, build).stateDir()).isEqualTo(home.resolve("e"));
        assertThat(parse(env, build, "--state-dir", home.resolve("f").toString()).stateDir())
                .isEqualTo(home.resolve("f"));
    }
}
