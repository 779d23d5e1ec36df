package io.github.wsmysqlsession.internal.store;

/** What a conditional write did. */
public enum WriteOutcome {
    /** The row was changed and committed. */
    DONE,
    /** The row is missing or expired; nothing was changed. */
    GONE,
    /** The change would make {@code data} larger than the configured maximum; nothing was changed. */
    TOO_LARGE,
    /** A compare-and-set found another value than expected; nothing was changed. */
    CONFLICT,
    /** An increment found a value that is not an integer; nothing was changed. */
    NOT_AN_INTEGER
}
