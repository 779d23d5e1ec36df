package io.github.wsmysqlsession.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;

/**
 * Payara Micro 6 (EclipseLink 4): each WAR defines its datasource and carries the JDBC driver in
 * {@code WEB-INF/lib}; the main WAR with {@code <data-source>} in web.xml, the redeployed one with
 * {@code @DataSourceDefinition}. Run with {@code mvn -Ppayara verify}.
 */
class PayaraIT extends AbstractServerIT {

    static final String DATA_SOURCE = "java:app/jdbc/arqSessions";

    @Deployment(name = MAIN, testable = false)
    static WebArchive main() {
        return ServerDeployment.war(MAIN, TABLE, 0, DATA_SOURCE, ServerDeployment.DataSourceIn.WEB_XML);
    }

    @Deployment(name = REDEPLOY, managed = false, testable = false)
    static WebArchive redeploy() {
        return ServerDeployment.war(REDEPLOY, REDEPLOY_TABLE, 1, DATA_SOURCE, ServerDeployment.DataSourceIn.ANNOTATION);
    }

    /**
     * The adapter starts a Payara Micro process per deployment but keeps only the last one's handle, so
     * deploying {@link #REDEPLOY} while {@link #MAIN} runs would leave MAIN's process running after the
     * tests; stop every Payara Micro this JVM started (before the adapter undeploys, which is then a no-op).
     */
    @AfterAll
    static void stopThePayaraMicroProcessesTheAdapterLost() {
        ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("payara-micro"))
                .forEach(ProcessHandle::destroy);
    }

    @Override
    String expectedJpaProvider() {
        return "org.eclipse.persistence.";
    }

    @Override
    boolean hasMicroProfileConfig() {
        return true; // Payara Micro ships MicroProfile Config
    }
}
