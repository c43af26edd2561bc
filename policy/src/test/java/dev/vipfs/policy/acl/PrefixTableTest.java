package dev.vipfs.policy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hash-probing longest-prefix table agrees with a naive scan. */
class PrefixTableTest {
    @Test
    void agreesWithNaiveLongestPrefix() {
        Random rnd = new Random(7);
        String alphabet = "ab/+c";
        Map<String, String> prefixes = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String k = random(rnd, alphabet, rnd.nextInt(8));
            prefixes.put(k, k);
        }
        PrefixTable<String> t = new PrefixTable<>(prefixes);
        for (int i = 0; i < 20_000; i++) {
            String s = random(rnd, alphabet, rnd.nextInt(12));
            String naive = null;
            for (String k : prefixes.keySet()) {
                if (s.startsWith(k) && (naive == null || k.length() > naive.length())) {
                    naive = k;
                }
            }
            assertEquals(naive, t.longestPrefixOf(s), s);
        }
        assertEquals(null, new PrefixTable<String>(Map.of()).longestPrefixOf("x"));
        assertEquals("", new PrefixTable<>(Map.of("", "")).longestPrefixOf("anything"));
    }

    private static String random(Random rnd, String alphabet, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
