package io.github.wsmysqlsession.bench;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table, printed as it is built and kept for docs/benchmarks.md. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    void add(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c));
        }
        rows.add(row);
    }

    String markdown() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(3, header.get(i).length());
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, w);
        s.append('|');
        for (int width : w) {
            s.append('-').append("-".repeat(width)).append("-|");
        }
        s.append('\n');
        for (List<String> r : rows) {
            line(s, r, w);
        }
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells, int[] w) {
        s.append('|');
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            s.append(' ').append(c).append(" ".repeat(w[i] - c.length())).append(" |");
        }
        s.append('\n');
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v >= 1000) {
            return String.format("%,.0f", v);
        }
        if (v >= 100) {
            return String.format("%.0f", v);
        }
        if (v >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.2f", v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format("%.3f", v);
    }
}
