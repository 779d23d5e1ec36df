package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.SessionManager;

/** An arrow back (core to an entry point) that {@code ArchitectureTest} must catch; test tree only. */
final class ArchitectureFixture {

    private ArchitectureFixture() {
    }

    static Class<?> backArrow() {
        return SessionManager.class;
    }
}
