package io.github.wsmysqlsession.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * WildFly 39 (Hibernate ORM 6.6): each WAR defines its datasource and carries the JDBC driver in
 * {@code WEB-INF/lib}; the main WAR with {@code <data-source>} in web.xml, the redeployed one with
 * {@code @DataSourceDefinition}. Run with {@code mvn -Pwildfly verify}.
 */
class WildFlyIT extends AbstractServerIT {

    static final String DATA_SOURCE = "java:app/jdbc/arqSessions";

    @Deployment(name = MAIN, testable = false)
    static WebArchive main() {
        return ServerDeployment.war(MAIN, TABLE, 0, DATA_SOURCE, ServerDeployment.DataSourceIn.WEB_XML);
    }

    @Deployment(name = REDEPLOY, managed = false, testable = false)
    static WebArchive redeploy() {
        return ServerDeployment.war(REDEPLOY, REDEPLOY_TABLE, 1, DATA_SOURCE, ServerDeployment.DataSourceIn.ANNOTATION);
    }

    @Override
    String expectedJpaProvider() {
        return "org.hibernate.";
    }

    @Override
    boolean hasMicroProfileConfig() {
        return true; // standalone.xml has the microprofile-config-smallrye subsystem
    }
}
