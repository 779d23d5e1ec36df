package io.github.wsmysqlsession.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14: where a request's token is read from, and where never unless the settings say so. */
class RequestTokensTest {

    static final String T = "abcdefghijklmnopqrstuvwxyzABCDEF";
    static final Map<String, String> NONE = Map.of();

    static String find(SessionSettings s, Map<String, String> headers, Map<String, String> cookies,
            Map<String, String> params) {
        return new RequestTokens(s).find(headers::get, cookies::get, params::get);
    }

    @Test
    void theBearerSchemeOfAuthorizationCarriesTheTokenByDefault() {
        SessionSettings d = SessionSettings.defaults();
        assertThat(find(d, Map.of("Authorization", "Bearer " + T), NONE, NONE)).isEqualTo(T);
        assertThat(find(d, Map.of("Authorization", "bearer  " + T + " "), NONE, NONE)).isEqualTo(T);
        assertThat(find(d, Map.of("Authorization", "Basic dXNlcjpwYXNz"), NONE, NONE)).isNull();
        assertThat(find(d, Map.of("Authorization", "Bearer "), NONE, NONE)).isNull();
        assertThat(new RequestTokens(d).challenge()).isEqualTo("Bearer");
    }

    @Test
    void cookiesAndQueryParametersAreNeverReadUnlessTurnedOn() {
        SessionSettings d = SessionSettings.defaults();
        assertThat(find(d, NONE, Map.of("token", T, "sid", T), Map.of("token", T))).isNull();
        SessionSettings on = SessionSettings.builder().httpTokenCookie("sid").httpTokenParameter("token").build();
        assertThat(find(on, NONE, Map.of("sid", T), NONE)).isEqualTo(T);
        assertThat(find(on, NONE, NONE, Map.of("token", T))).isEqualTo(T);
        assertThat(find(on, Map.of("Authorization", "Bearer header"), Map.of("sid", T), NONE)).isEqualTo("header");
    }

    @Test
    void aNamedHeaderCarriesTheTokenAsItsWholeValue() {
        SessionSettings s = SessionSettings.builder().httpTokenHeader("X-Auth-Token").build();
        assertThat(find(s, Map.of("X-Auth-Token", T), NONE, NONE)).isEqualTo(T);
        assertThat(find(s, Map.of("Authorization", "Bearer " + T), NONE, NONE)).isNull();
        assertThat(new RequestTokens(s).challenge()).isNull();
    }
}
