package io.github.wsmysqlsession.arquillian;

/**
 * WildFly Preview 38 (Jakarta EE 11, Hibernate ORM 7.1): the jar compiled against the EE 10 APIs,
 * deployed as in {@link WildFlyIT}. Run with {@code mvn -Pwildfly-preview verify}.
 */
class WildFlyPreviewIT extends WildFlyIT {
}
