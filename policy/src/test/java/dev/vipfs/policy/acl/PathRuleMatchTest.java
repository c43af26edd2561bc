package dev.vipfs.policy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** One pattern against one path, as the mount asks when a rule decides another name of the same content. */
class PathRuleMatchTest {
    private static boolean m(String pattern, String path) {
        return new PathRule(pattern, Set.of(), 0).matches(path);
    }

    @Test
    void exactPatternsMatchOnlyThemselves() {
        assertTrue(m("a/b", "a/b"));
        assertFalse(m("a/b", "a/b/c"));
        assertFalse(m("a/b", "a"));
        assertTrue(m("", ""));
        assertFalse(m("", "a"));
    }

    @Test
    void aTrailingStarIsAStringPrefix() {
        assertTrue(m("a/b*", "a/bc"));
        assertTrue(m("a/b*", "a/b/c/d"));
        assertTrue(m("a/*", "a/x"));
        assertFalse(m("a/*", "a"));
        assertTrue(m("*", "anything/at/all"));
    }

    @Test
    void plusIsExactlyOneWholeSegment() {
        assertTrue(m("+/secret", "x/secret"));
        assertFalse(m("+/secret", "x/y/secret"));
        assertTrue(m("+/secret/*", "x/secret/a/b"));
        assertFalse(m("+/secret/*", "x/secret"));
        assertTrue(m("+", "root"));
        assertFalse(m("+", "root/x"));
        assertTrue(m("data/+/r*", "data/u/reports"));
    }

    @Test
    void literalFirstSegmentsAreWhatRulesNameAsRoots() {
        assertEquals("bafy", new PathRule("bafy/x/*", Set.of(), 0).literalFirstSegment());
        assertEquals("data", new PathRule("data/+/x", Set.of(), 0).literalFirstSegment());
        assertEquals("bafy", new PathRule("bafy", Set.of(), 0).literalFirstSegment());
        assertNull(new PathRule("+/x", Set.of(), 0).literalFirstSegment());
        assertNull(new PathRule("baf*", Set.of(), 0).literalFirstSegment());
        assertNull(new PathRule("*", Set.of(), 0).literalFirstSegment());
    }
}
