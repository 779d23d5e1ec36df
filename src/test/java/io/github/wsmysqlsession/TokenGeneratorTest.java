package io.github.wsmysqlsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenGeneratorTest {

    @Test
    void tokensAre32Base64UrlCharactersAndDistinct() {
        Set<String> seen = new HashSet<>();
        Set<Character> alphabet = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String t = TokenGenerator.secureRandom().newToken();
            assertThat(t).matches("[A-Za-z0-9_-]{32}");
            assertThat(seen.add(t)).isTrue();
            t.chars().forEach(c -> alphabet.add((char) c));
        }
        assertThat(alphabet).hasSize(64);
    }
}
