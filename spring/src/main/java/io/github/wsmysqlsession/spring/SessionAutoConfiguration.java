package io.github.wsmysqlsession.spring;

import io.github.wsmysqlsession.MySqlSessionConfigurator;
import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import io.github.wsmysqlsession.SocketSessionAccessor;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Wires the library into a Spring Boot application that has one {@link DataSource}: a
 * {@link SessionManager} on it with the {@code websocket.session.*} properties of the Spring
 * {@link Environment} (application.properties, environment variables; unset keys keep the library's
 * defaults), closed when the context closes; a {@link SocketSessionAccessor} to inject; and the
 * endpoint factory through which {@link MySqlSessionConfigurator} gets each connection's endpoint
 * instance from the application context. Each bean steps aside for one the application defines.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnSingleCandidate(DataSource.class)
public class SessionAutoConfiguration {

    /** Created by Spring. */
    public SessionAutoConfiguration() {
        // beans only
    }

    /**
     * @param environment where {@code websocket.session.*} keys are read, by their exact names
     * @return the validated settings; a bad value fails the start with the key's name
     */
    @Bean
    @ConditionalOnMissingBean
    public SessionSettings webSocketSessionSettings(Environment environment) {
        return SessionSettings.fromProperties(environment::getProperty);
    }

    /**
     * @param dataSource the application's datasource
     * @param settings the library's settings
     * @return the started manager (table checked, sweeper running); closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SessionManager webSocketSessionManager(DataSource dataSource, SessionSettings settings) {
        return SessionManager.builder(dataSource).settings(settings).build();
    }

    /**
     * @return the accessor endpoints inject to find a connection's session
     */
    @Bean
    @ConditionalOnMissingBean
    public SocketSessionAccessor socketSessionAccessor() {
        return new SocketSessionAccessor();
    }

    /**
     * @param beanFactory creates and autowires each endpoint instance
     * @param manager the manager whose sessions the endpoints get
     * @return the factory, installed for {@link MySqlSessionConfigurator} until the context closes
     */
    @Bean
    SpringEndpointFactory webSocketSessionEndpointFactory(ConfigurableListableBeanFactory beanFactory,
            SessionManager manager) {
        return new SpringEndpointFactory(beanFactory, manager);
    }
}
