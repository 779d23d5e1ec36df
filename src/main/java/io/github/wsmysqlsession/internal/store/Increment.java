package io.github.wsmysqlsession.internal.store;

/**
 * What an increment did.
 *
 * @param outcome {@link WriteOutcome#DONE} when the key was changed
 * @param value the key's new value when done, else 0
 */
public record Increment(WriteOutcome outcome, long value) {
}
