package io.github.wsmysqlsession.arquillian;

/**
 * Open Liberty with the Jakarta EE 11 features (websocket-2.2, cdi-4.1, persistence-3.2 with EclipseLink
 * 5, jsonb-3.0): the jar compiled against the EE 10 APIs, deployed as in {@link LibertyIT}; the server's
 * configuration is src/test/resources-arquillian/liberty-ee11/server.xml. Run with
 * {@code mvn -Pliberty-ee11 verify}.
 */
class LibertyEe11IT extends LibertyIT {
}
