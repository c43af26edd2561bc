package dev.vipfs.policy.acl;

import java.util.Map;

/**
 * Longest-prefix lookup over a fixed set of prefixes in one pass over the path and without
 * allocation: the path's prefix hashes are built incrementally (the same polynomial as
 * {@link String#hashCode}) and probed in an open-addressing table only at lengths some prefix has.
 * Immutable once built; safe to share between threads.
 */
final class PrefixTable<V> {
    private final int[] hashes;
    private final String[] keys;
    private final Object[] values;
    private final int mask;
    private final boolean[] lengthUsed;
    private final int maxLength;

    PrefixTable(Map<String, V> prefixes) {
        int cap = Integer.highestOneBit(Math.max(4, prefixes.size() * 2 + 1) - 1) << 1;
        hashes = new int[cap];
        keys = new String[cap];
        values = new Object[cap];
        mask = cap - 1;
        int max = 0;
        for (String k : prefixes.keySet()) {
            max = Math.max(max, k.length());
        }
        maxLength = max;
        lengthUsed = new boolean[max + 1];
        prefixes.forEach((k, v) -> {
            lengthUsed[k.length()] = true;
            int h = k.hashCode();
            int i = spread(h) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            hashes[i] = h;
            keys[i] = k;
            values[i] = v;
        });
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B9;
    }

    /** The value of the longest key that is a prefix of {@code s}, or null. */
    @SuppressWarnings("unchecked")
    V longestPrefixOf(String s) {
        if (keys.length == 0) {
            return null;
        }
        Object best = null;
        int h = 0;
        int limit = Math.min(s.length(), maxLength);
        for (int len = 0; ; len++) {
            if (lengthUsed[len]) {
                Object v = find(h, s, len);
                if (v != null) {
                    best = v;
                }
            }
            if (len == limit) {
                return (V) best;
            }
            h = 31 * h + s.charAt(len);
        }
    }

    private Object find(int h, String s, int len) {
        int i = spread(h) & mask;
        String k;
        while ((k = keys[i]) != null) {
            if (hashes[i] == h && k.length() == len && s.regionMatches(0, k, 0, len)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }
}
