package io.github.wsmysqlsession.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The leak check must be able to fail: it finds a token in a line and ignores what only looks close. */
class TokenLeakDetectorTest {

    @Test
    void findsAWholeTokenButNotItsPrefixOrLongerWords() {
        String token = "abcdefghijklmnopqrstuvwxyz012-_A";
        assertThat(TokenLeakDetector.tokensIn("resumed " + token + ".")).containsExactly(token);
        assertThat(TokenLeakDetector.tokensIn("resumed abcdef...")).isEmpty();
        assertThat(TokenLeakDetector.tokensIn("x" + token)).isEmpty();
    }
}
