package io.github.wsmysqlsession.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SocketSessionAccessor;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The auto-configuration's conditions and settings, where no database is reached: the start fails or
 * the configuration backs off before the manager is built (the IT runs the rest on MariaDB).
 */
class SessionAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SessionAutoConfiguration.class));

    @Test
    void withoutADataSourceNothingIsConfigured() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionManager.class)
                .doesNotHaveBean(SocketSessionAccessor.class));
    }

    @Test
    void aBadSettingFailsTheStartNamingTheKey() {
        runner.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:mysql://127.0.0.1:1/none"))
                .withPropertyValues("websocket.session.idleTimeout=soon")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("websocket.session.idleTimeout must be an ISO-8601 duration"));
    }
}
