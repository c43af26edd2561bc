package dev.vipfs.policy.audit;

/**
 * One flat JSON object of string and integer fields, written into a StringBuilder exactly as
 * Jackson's default generator writes it (escapes for {@code "}, {@code \} and control characters,
 * everything else as is): an audit line is two of these per web request, and a generator per line
 * was most of the line's cost and of the code C2 must compile before a fresh daemon is fast
 * (docs/benchmarks.md, "nginx 4 KiB, a fresh daemon"). {@code JsonObjectTextTest} holds it to
 * Jackson's output.
 */
final class JsonObjectText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out;
    private boolean first = true;

    JsonObjectText(int capacity) {
        out = new StringBuilder(capacity).append('{');
    }

    JsonObjectText field(String name, String value) {
        if (value != null) {
            name(name);
            string(value);
        }
        return this;
    }

    JsonObjectText field(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    JsonObjectText field(String name, Number value) {
        return value == null ? this : field(name, value.longValue());
    }

    String close() {
        return out.append('}').toString();
    }

    private void name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        string(name);
        out.append(':');
    }

    private void string(String s) {
        out.append('"');
        int n = s.length();
        int clean = 0;
        while (clean < n && s.charAt(clean) >= 0x20 && s.charAt(clean) != '"' && s.charAt(clean) != '\\') {
            clean++;
        }
        if (clean == n) {
            // Almost every value (digests, names, times): one copy, where a range append copies per char.
            out.append(s).append('"');
            return;
        }
        int run = 0;
        for (int i = clean; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            out.append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, run, n).append('"');
    }
}
