package io.github.wsmysqlsession.internal.core;

import io.github.wsmysqlsession.internal.protocol.Protocol;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/** Where new tokens come from, and how tokens may appear in logs: never whole. */
public final class Tokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<String> generator;

    /** @param generator makes new tokens; each is checked to be 32 base64url characters */
    Tokens(Supplier<String> generator) {
        this.generator = generator;
    }

    /**
     * The default generator: 24 bytes of {@link SecureRandom}, base64url without padding, 32
     * characters, as the Node package socket.io-mysql-session makes them.
     *
     * @return a new token
     */
    public static String secureRandom() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** @return a new token from the generator, checked */
    String next() {
        String token = generator.get();
        if (!Protocol.isWellFormedToken(token)) {
            throw new IllegalStateException("The token generator " + generator.getClass().getName() + " made a token "
                    + "that is not 32 characters of A-Z a-z 0-9 - _; fix the generator");
        }
        return token;
    }

    /**
     * @param token a token or {@code ""}
     * @return its first 6 characters, enough to correlate log lines, too few to use
     */
    static String prefix(String token) {
        return token.length() <= 6 ? token : token.substring(0, 6);
    }

    static String forLog(String token) {
        return token.isEmpty() ? "(none)" : prefix(token) + "...";
    }
}
