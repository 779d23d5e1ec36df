package io.github.wsmysqlsession.arquillian;

/**
 * Payara Micro 7 (Jakarta EE 11, EclipseLink 5): the jar compiled against the EE 10 APIs, deployed as
 * in {@link PayaraIT}. Payara Micro 7 needs Java 21 or newer. Run with {@code mvn -Ppayara7 verify}.
 */
class Payara7IT extends PayaraIT {
}
