package io.github.wsmysqlsession.internal.store.mysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The row's key for a token: the token itself (as the Node package stores it), or with
 * {@code hashTokens} the first 32 hex digits (128 bits) of its SHA-256. 128 bits keep a leaked hash
 * from being turned back into a usable token (a preimage costs about 2^128 tries; the token itself is
 * 192 random bits, so no salt is needed against guessing) and fit the {@code varchar(32)} column; two
 * sessions sharing a key would take about 2^64 sessions. Thread-safe.
 */
final class TokenKeys {

    private final boolean hash;

    TokenKeys(boolean hash) {
        this.hash = hash;
    }

    String key(String token) {
        if (!hash) {
            return token;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
