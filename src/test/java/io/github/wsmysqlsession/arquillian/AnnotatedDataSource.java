package io.github.wsmysqlsession.arquillian;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The datasource as most applications define it, with the annotation; the values must be constants,
 * so it names the default test database and is used only when the tests run against that one.
 */
@DataSourceDefinition(name = AnnotatedDataSource.JNDI_NAME, className = "com.mysql.cj.jdbc.MysqlDataSource",
        url = AnnotatedDataSource.URL, user = AnnotatedDataSource.USER, password = AnnotatedDataSource.PASSWORD,
        minPoolSize = 0, maxPoolSize = 20)
@ApplicationScoped
public class AnnotatedDataSource {

    static final String JNDI_NAME = "java:app/jdbc/arqSessionsAnnotated";
    static final String URL = "jdbc:mysql://127.0.0.1:3306/arq_sessions";
    static final String USER = "session";
    static final String PASSWORD = "session";
}
