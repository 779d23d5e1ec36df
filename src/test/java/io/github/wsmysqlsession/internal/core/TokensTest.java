package io.github.wsmysqlsession.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    static final int N = 20_000;

    @Test
    void tokensAre32Base64UrlCharactersAndDistinct() {
        Set<String> seen = new HashSet<>();
        Set<Character> alphabet = new HashSet<>();
        for (int i = 0; i < N; i++) {
            String t = Tokens.secureRandom();
            assertThat(t).matches("[A-Za-z0-9_-]{32}");
            assertThat(seen.add(t)).isTrue();
            t.chars().forEach(c -> alphabet.add((char) c));
        }
        assertThat(alphabet).hasSize(64);
    }

    /**
     * Each of the 192 bits is set in about half of the tokens: with 20,000 tokens a fair bit stays
     * within 50% +- 2% (more than 5.6 standard deviations), so a stuck or biased bit fails.
     */
    @Test
    void everyBitOfTheTokensIsBalanced() {
        int[] ones = new int[192];
        for (int i = 0; i < N; i++) {
            byte[] bytes = Base64.getUrlDecoder().decode(Tokens.secureRandom());
            assertThat(bytes).hasSize(24);
            for (int bit = 0; bit < 192; bit++) {
                if ((bytes[bit / 8] >> (bit % 8) & 1) == 1) {
                    ones[bit]++;
                }
            }
        }
        for (int bit = 0; bit < 192; bit++) {
            assertThat(ones[bit] / (double) N).as("bit %d", bit).isBetween(0.48, 0.52);
        }
    }
}
