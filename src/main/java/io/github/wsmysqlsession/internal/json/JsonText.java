package io.github.wsmysqlsession.internal.json;

/**
 * JSON text as the library writes it: string literals, escapes of characters the {@code utf8} column
 * cannot hold, and lengths in UTF-8 bytes as the database counts them. Stateless.
 *
 * <p>Characters outside the Basic Multilingual Plane (emoji) are written as {@code \\uXXXX} surrogate
 * escapes: the Node package's table is {@code utf8} (3 bytes a character at most), which cannot hold
 * them raw, and {@code JSON.parse} reads the escapes back as the same characters.
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * @param s any string
     * @return its JSON string literal, with control characters and supplementary characters escaped
     */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(s, out);
        return out.toString();
    }

    /** Appends the JSON string literal of {@code s}, as {@link #quote(String)} makes it. */
    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * @param s any string
     * @return the UTF-8 length of {@link #quote(String) quote(s)}, without building it
     */
    public static int quotedLength(String s) {
        int n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\', '\n', '\r', '\t', '\b', '\f' -> n += 2;
                default -> n += c < 0x20 || Character.isSurrogate(c) ? 6 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return n;
    }

    /**
     * Replaces surrogate characters (the halves of emoji and other supplementary characters, and
     * lone surrogates) with {@code \\uXXXX} escapes. Surrogates occur only inside JSON strings, where
     * the escape means the same character, so the JSON keeps its meaning.
     *
     * @param json JSON text
     * @return the same JSON with only Basic Multilingual Plane characters
     */
    public static String escapeSupplementary(String json) {
        int i = 0;
        while (i < json.length() && !Character.isSurrogate(json.charAt(i))) {
            i++;
        }
        if (i == json.length()) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16).append(json, 0, i);
        for (; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isSurrogate(c)) {
                unicodeEscape(c, out);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        for (int pad = hex.length(); pad < 4; pad++) {
            out.append('0');
        }
        out.append(hex);
    }

    /**
     * @param s text
     * @return the index of the first surrogate that is not half of a pair, or -1; such text has no
     *     UTF-8 form, and MariaDB rejects its JSON escape
     */
    public static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param json JSON text; any text is scanned, so that a client's text can be checked before a
     *     parser recurses on it
     * @return how deeply its arrays and objects nest: 0 for a scalar, 1 for {@code [1]}, 2 for
     *     {@code [[1]]}
     */
    public static int depth(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    /**
     * @param s text
     * @return its length in UTF-8 bytes, as the database counts it
     */
    public static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += Character.isSurrogate(c) ? 1 : 3; // an unpaired surrogate encodes as '?'
            }
        }
        return n;
    }
}
