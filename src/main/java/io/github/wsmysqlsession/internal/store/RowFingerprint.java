package io.github.wsmysqlsession.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * What a server needs to know to tell whether a row changed since it last read it: its expiry, and
 * the length and CRC-32 of its {@code data} in UTF-8 bytes ({@code LENGTH(data)}, {@code CRC32(data)},
 * which the database computes the same way). Two different {@code data} texts of the same length
 * share a CRC-32 once in about 4 billion changes.
 *
 * @param expires Unix seconds after which the session is dead
 * @param length the byte length of {@code data}, -1 when it is {@code NULL}
 * @param crc the CRC-32 of {@code data}, -1 when it is {@code NULL}
 */
public record RowFingerprint(long expires, long length, long crc) {

    /**
     * @param row a row as read
     * @return its fingerprint, as the database would compute it
     */
    public static RowFingerprint of(StoredSession row) {
        if (row.data() == null) {
            return new RowFingerprint(row.expires(), -1, -1);
        }
        byte[] bytes = row.data().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return new RowFingerprint(row.expires(), bytes.length, crc.getValue());
    }

    /**
     * @param other another fingerprint, or {@code null}
     * @return whether both describe the same {@code data}, whatever the expiry
     */
    public boolean sameData(RowFingerprint other) {
        return other != null && length == other.length && crc == other.crc;
    }
}
