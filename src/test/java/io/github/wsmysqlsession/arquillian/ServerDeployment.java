package io.github.wsmysqlsession.arquillian;

import static io.github.wsmysqlsession.arquillian.ServerDatabase.JDBC_PASSWORD;
import static io.github.wsmysqlsession.arquillian.ServerDatabase.JDBC_URL;
import static io.github.wsmysqlsession.arquillian.ServerDatabase.JDBC_USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wsmysqlsession.internal.cdi.CdiRoomEndpoint;
import io.github.wsmysqlsession.testing.TestApp;
import java.io.File;
import java.net.URISyntaxException;
import io.github.wsmysqlsession.socketio.SocketIoTestEvents;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The test WAR, built as a user would build theirs: the library jar, a beans.xml, an endpoint, a datasource. */
final class ServerDeployment {

    private ServerDeployment() {
    }

    /** Where a test WAR's datasource is defined. */
    enum DataSourceIn {
        /** {@code @DataSourceDefinition} on a class of the WAR ({@link AnnotatedDataSource}), driver in the WAR. */
        ANNOTATION,
        /** The {@code <data-source>} element of web.xml, the descriptor form of the annotation; driver in the WAR. */
        WEB_XML,
        /** The server's configuration, with the driver. */
        SERVER
    }

    /**
     * The WAR a user would build.
     *
     * @param name the deployment's name, also its context root
     * @param table the session table (created by the library: {@code createTable=true})
     * @param sweepSeconds the sweeper's interval, 0 for none
     * @param dataSourceJndi the JNDI name the library looks up, unless the annotation defines the datasource
     * @param dataSourceIn where the datasource is defined; {@link DataSourceIn#ANNOTATION} becomes
     *     {@link DataSourceIn#WEB_XML} when the tests run against another database than the annotation's
     * @return the WAR
     */
    /** {@code socketIoMaxPayload} in the WAR's {@code microprofile-config.properties}; the default is 1,000,000. */
    static final int MICROPROFILE_MAX_PAYLOAD = 900_000;

    static WebArchive war(String name, String table, int sweepSeconds, String dataSourceJndi,
            DataSourceIn dataSourceIn) {
        JavaArchive library = library();
        assertThat(library.contains("META-INF/beans.xml")).as("the library jar is a bean archive").isTrue();
        boolean annotation = dataSourceIn == DataSourceIn.ANNOTATION && JDBC_URL.equals(AnnotatedDataSource.URL)
                && JDBC_USER.equals(AnnotatedDataSource.USER) && JDBC_PASSWORD.equals(AnnotatedDataSource.PASSWORD);
        String jndi = annotation ? AnnotatedDataSource.JNDI_NAME : dataSourceJndi;
        String settings = "websocket.session.table=" + table + "\n"
                + "websocket.session.dataSource=" + jndi + "\n"
                + "websocket.session.createTable=true\n"
                + "websocket.session.sweepInterval=" + sweepSeconds + "\n";
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(ChatEndpoint.class, CdiRoomEndpoint.class, EventLog.class, DeploymentSettings.class, TestApp.class,
                        TestApp.Unserialisable.class, SocketIoTestEvents.class, SessionResource.class,
                        SessionResource.Rest.class, SessionServlet.class)
                .addAsLibrary(library)
                .addAsResource(new StringAsset(settings), DeploymentSettings.RESOURCE)
                // read through MicroProfile Config where the server has it (issue 14): the socket.io
                // endpoint's settings, which the handshake reports
                .addAsResource(new StringAsset("websocket.session.socketIoMaxPayload=" + MICROPROFILE_MAX_PAYLOAD
                        + "\n"), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        if (dataSourceIn != DataSourceIn.SERVER) {
            war.addAsLibrary(jarOf(com.mysql.cj.jdbc.MysqlDataSource.class));
            if (annotation) {
                war.addClass(AnnotatedDataSource.class);
            } else {
                war.setWebXML(new StringAsset(webXml(jndi)));
            }
        }
        return war;
    }

    /**
     * The library as users get it: the jar this build packaged (the profiles name it with the system
     * property {@code arquillian.library}), or a classes directory given there to try a changed copy.
     */
    private static JavaArchive library() {
        File library = new File(System.getProperty("arquillian.library", "target/classes"));
        assertThat(library).as("the library (mvn package first)").exists();
        return library.isDirectory()
                ? ShrinkWrap.create(ExplodedImporter.class, "websocket-mysql-session.jar").importDirectory(library)
                        .as(JavaArchive.class)
                : ShrinkWrap.create(ZipImporter.class, "websocket-mysql-session.jar").importFrom(library)
                        .as(JavaArchive.class);
    }

    /** web.xml defining the datasource, as {@code @DataSourceDefinition} would. */
    private static String webXml(String jndi) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <data-source>
                    <name>%s</name>
                    <class-name>com.mysql.cj.jdbc.MysqlDataSource</class-name>
                    <url>%s</url>
                    <user>%s</user>
                    <password>%s</password>
                    <max-pool-size>20</max-pool-size>
                    <min-pool-size>0</min-pool-size>
                  </data-source>
                </web-app>
                """.formatted(jndi, xml(JDBC_URL), xml(JDBC_USER), xml(JDBC_PASSWORD));
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
