package io.github.wsmysqlsession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {

    @Test
    void defaultsMatchTheDesign() {
        SessionSettings s = SessionSettings.defaults();
        assertThat(s.tableName()).isEqualTo("session");
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(s.maxDataBytes()).isEqualTo(65_535);
        assertThat(s.createTable()).isFalse();
    }

    /** Issue 14: a request's token comes from the Authorization header; cookie and query parameter are opt-ins. */
    @Test
    void httpTokensComeFromAuthorizationByDefaultAndOtherSourcesAreOptIns() {
        SessionSettings d = SessionSettings.defaults();
        assertThat(d.httpTokenHeader()).isEqualTo("Authorization");
        assertThat(d.httpTokenCookie()).isEmpty();
        assertThat(d.httpTokenParameter()).isEmpty();
        SessionSettings s = SessionSettings.fromProperties(Map.of("websocket.session.httpTokenHeader", "X-Auth-Token",
                "websocket.session.httpTokenCookie", "sid", "websocket.session.httpTokenParameter", "token")::get);
        assertThat(s.httpTokenHeader()).isEqualTo("X-Auth-Token");
        assertThat(s.httpTokenCookie()).isEqualTo("sid");
        assertThat(s.httpTokenParameter()).isEqualTo("token");
        assertThatThrownBy(() -> SessionSettings.builder().httpTokenHeader("").build())
                .hasMessageContaining("websocket.session.httpTokenHeader");
        assertThatThrownBy(() -> SessionSettings.builder().httpTokenCookie("a b").build())
                .hasMessageContaining("websocket.session.httpTokenCookie");
    }

    @Test
    void propertiesOverrideDefaults() {
        Map<String, String> p = Map.of("websocket.session.table", "sessions_v2", "websocket.session.idleTimeout", "PT30M",
                "websocket.session.sweepInterval", "0", "websocket.session.createTable", "true",
                "websocket.session.maxDataBytes", "1000");
        SessionSettings s = SessionSettings.fromProperties(p::get);
        assertThat(s.tableName()).isEqualTo("sessions_v2");
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.sweepInterval()).isZero();
        assertThat(s.createTable()).isTrue();
        assertThat(s.maxDataBytes()).isEqualTo(1000);
    }

    @Test
    void badValuesNameTheSettingAndTheLimit() {
        assertThatThrownBy(() -> SessionSettings.builder().tableName("session; DROP TABLE x").build())
                .hasMessageContaining("websocket.session.table");
        assertThatThrownBy(() -> SessionSettings.builder().idleTimeout(Duration.ZERO).build())
                .hasMessageContaining("websocket.session.idleTimeout must be at least PT1S");
        assertThatThrownBy(() -> SessionSettings.fromProperties(Map.of("websocket.session.idleTimeout", "soon")::get))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> SessionSettings.fromProperties(Map.of("websocket.session.createTable", "yes")::get))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> SessionSettings.builder().maxDataBytes(1).build())
                .hasMessageContaining("maxDataBytes must be between 2");
    }
}
