package io.github.wsmysqlsession.internal.store;

/**
 * One key of a live row, as the database renders it, for a compare-and-set.
 *
 * @param json the key's value as the database's {@code JSON_EXTRACT} writes it, {@code null} when
 *     the key is absent or holds JSON {@code null}; pass it back unchanged as the expected value
 * @param expires the row's expiry, Unix seconds
 */
public record KeyRead(String json, long expires) {
}
