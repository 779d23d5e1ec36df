package io.github.wsmysqlsession.internal.store.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The table's {@code CREATE TABLE} statement, the Node package's schema, shipped as {@code schema-mysql.sql}. */
public final class Schema {

    private static final String RESOURCE = "schema-mysql.sql";

    private Schema() {
    }

    /**
     * @param table the table name
     * @return the {@code CREATE TABLE} statement for it
     */
    public static String ddl(String table) {
        try (InputStream in = Schema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the library's jar");
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return sql.replace("`session`", "`" + table + "`");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
