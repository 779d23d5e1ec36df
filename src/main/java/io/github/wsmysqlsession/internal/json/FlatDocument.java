package io.github.wsmysqlsession.internal.json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The common {@code data} column read without building a JSON tree: one object whose keys are plain
 * strings and whose values are plain strings, small integers, {@code true}, {@code false} or
 * {@code null}, as most sessions hold and as the database stores them ({@code {"k": "v", "n": 1}}).
 * Each value's text is its slice of the column, which is exactly what the tree would print again:
 * a plain string (no backslash, no control character) prints as it is written, and so do the literals
 * and integers without sign tricks. Anything else (an escape, a nested value, a fraction or exponent,
 * {@code -0}, a syntax error) is left to the full parser: the answer is then {@code null}. Stateless.
 */
final class FlatDocument {

    /** At most 18 digits: the value prints as written (no exponent, no overflow concerns). */
    private static final int MAX_DIGITS = 18;

    private final String text;
    private int at;

    private FlatDocument(String text) {
        this.text = text;
    }

    /**
     * @param data a non-blank column value
     * @return the values by key, each as JSON text, in the document's order; or {@code null} when the
     *     document is not of the plain kind (or not JSON at all): then parse it fully
     */
    static Map<String, String> parse(String data) {
        return new FlatDocument(data).object();
    }

    private Map<String, String> object() {
        Map<String, String> values = new LinkedHashMap<>();
        skipSpace();
        if (!take('{')) {
            return null;
        }
        skipSpace();
        if (take('}')) {
            return end() ? values : null;
        }
        while (true) {
            skipSpace();
            int keyStart = at;
            if (!plainString()) {
                return null;
            }
            String key = text.substring(keyStart + 1, at - 1);
            skipSpace();
            if (!take(':')) {
                return null;
            }
            skipSpace();
            int valueStart = at;
            if (!plainValue()) {
                return null;
            }
            values.put(key, JsonText.escapeSupplementary(text.substring(valueStart, at)));
            skipSpace();
            if (take('}')) {
                return end() ? values : null;
            }
            if (!take(',')) {
                return null;
            }
        }
    }

    /** @return whether only whitespace follows */
    private boolean end() {
        skipSpace();
        return at == text.length();
    }

    private boolean plainValue() {
        if (at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        if (c == '"') {
            return plainString();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer();
        }
        return literal("true") || literal("false") || literal("null");
    }

    /** A string with neither a backslash nor a control character; {@code at} ends past its closing quote. */
    private boolean plainString() {
        if (!take('"')) {
            return false;
        }
        for (; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return true;
            }
            if (c == '\\' || c < 0x20) {
                return false;
            }
        }
        return false;
    }

    /** {@code -?(0|[1-9][0-9]*)} of at most 18 digits, not {@code -0}, followed by no fraction or exponent. */
    private boolean integer() {
        boolean negative = take('-');
        int digits = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        int n = at - digits;
        if (n == 0 || n > MAX_DIGITS || (n > 1 && text.charAt(digits) == '0')
                || (negative && n == 1 && text.charAt(digits) == '0')) {
            return false;
        }
        return at == text.length() || (text.charAt(at) != '.' && text.charAt(at) != 'e' && text.charAt(at) != 'E');
    }

    private boolean literal(String word) {
        if (text.startsWith(word, at)) {
            at += word.length();
            return true;
        }
        return false;
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }
}
