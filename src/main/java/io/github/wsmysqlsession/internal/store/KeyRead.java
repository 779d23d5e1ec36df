package io.github.wsmysqlsession.internal.store;

/**
 * One key of a live row, for a compare-and-set.
 *
 * @param json the key's value as JSON text, {@code null} when the key is absent or holds JSON
 *     {@code null}
 * @param expires the row's expiry, Unix seconds
 * @param expected what to pass back to {@code compareAndSet} unchanged: the store's own record of
 *     what it read (the key as the database renders it, or the whole document)
 */
public record KeyRead(String json, long expires, String expected) {
}
