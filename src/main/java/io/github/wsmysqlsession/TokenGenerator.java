package io.github.wsmysqlsession;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes new session tokens. The default, {@link #secureRandom()}, draws 24 bytes from
 * {@link SecureRandom} and encodes them as 32 base64url characters without padding, as the Node
 * package socket.io-mysql-session does, so that tokens fit its {@code varchar(32)} column.
 *
 * <p>Implementations must be thread-safe and must return strings of exactly 32 characters from the
 * base64url alphabet ({@code A-Z a-z 0-9 - _}); others are rejected when a session is created.
 */
@FunctionalInterface
public interface TokenGenerator {

    /**
     * @return a new token, never {@code null}
     */
    String newToken();

    /**
     * @return the default generator: 24 bytes of {@link SecureRandom}, base64url, 32 characters
     */
    static TokenGenerator secureRandom() {
        return SecureRandomTokens.INSTANCE;
    }

    /** The default generator; {@link SecureRandom} is thread-safe. */
    final class SecureRandomTokens implements TokenGenerator {
        static final SecureRandomTokens INSTANCE = new SecureRandomTokens();
        private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
        private final SecureRandom random = new SecureRandom();

        private SecureRandomTokens() {
        }

        @Override
        public String newToken() {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return ENCODER.encodeToString(bytes);
        }
    }
}
