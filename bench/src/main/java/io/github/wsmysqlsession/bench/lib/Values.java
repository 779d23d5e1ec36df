package io.github.wsmysqlsession.bench.lib;

/** The values written: 100 characters, different each time. */
final class Values {

    private Values() {
    }

    static String value(long seq) {
        StringBuilder s = new StringBuilder(100).append('v').append(seq).append('-');
        while (s.length() < 100) {
            s.append((char) ('a' + s.length() % 26));
        }
        return s.toString();
    }
}
