package io.github.wsmysqlsession.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Open Liberty 26 (EclipseLink 4): the datasource and the JDBC driver (a shared library) are in the
 * server's configuration, src/test/resources-arquillian/liberty/server.xml, as Liberty cannot use a
 * driver from WEB-INF/lib for an application-defined datasource. Run with {@code mvn -Pliberty verify}.
 */
class LibertyIT extends AbstractServerIT {

    static final String DATA_SOURCE = "jdbc/arqSessions";

    @Deployment(name = MAIN, testable = false)
    static WebArchive main() {
        return ServerDeployment.war(MAIN, TABLE, 0, DATA_SOURCE, ServerDeployment.DataSourceIn.SERVER);
    }

    @Deployment(name = REDEPLOY, managed = false, testable = false)
    static WebArchive redeploy() {
        return ServerDeployment.war(REDEPLOY, REDEPLOY_TABLE, 1, DATA_SOURCE, ServerDeployment.DataSourceIn.SERVER);
    }

    @Override
    String expectedJpaProvider() {
        return "org.eclipse.persistence.";
    }

    @Override
    boolean hasMicroProfileConfig() {
        return false; // the test server's features have no mpConfig
    }
}
