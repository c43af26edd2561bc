package dev.vipfs.policy.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Whether a rule granting read or list decides some path strictly below a given one, which is what
 * lets LOOKUP walk through a directory the caller may not read towards one it may. Immutable.
 */
final class GrantsBelow {
    private static final String FRESH = "\u0000"; // cannot occur in a file name, so no literal pattern matches it

    // Granting rules indexed by their literal first segment, so walking through a directory full of
    // names the caller may not see does not scan every rule; rules whose first segment is a wildcard
    // or a partial glob are checked for every path.
    private final Map<String, List<CompiledRule>> byFirstSegment = new HashMap<>();
    private final List<CompiledRule> anyFirstSegment = new ArrayList<>();

    GrantsBelow(Collection<CompiledRule> rules) {
        for (CompiledRule c : rules) {
            if (!c.match.grantsLookup()) {
                continue;
            }
            String first = c.segments[0];
            if (first.equals("+") || (c.isPrefix && c.segments.length == 1)) {
                anyFirstSegment.add(c);
            } else {
                byFirstSegment.computeIfAbsent(first, k -> new ArrayList<>()).add(c);
            }
        }
    }

    /**
     * A rule granting read or list that decides some path strictly below {@code p}, or null: for each
     * such rule we build the most generic descendant it matches and check with {@code decider} (the
     * evaluator's match) that the rule, or another granting one, really decides it, so a deny carved
     * out deeper is respected.
     */
    AclEvaluator.Match find(String p, Function<String, AclEvaluator.Match> decider) {
        String[] parts = p.isEmpty() ? new String[0] : p.split("/", -1);
        if (parts.length == 0) {
            for (List<CompiledRule> group : byFirstSegment.values()) {
                AclEvaluator.Match m = firstReachable(group, p, parts, decider);
                if (m != null) {
                    return m;
                }
            }
        } else {
            AclEvaluator.Match m = firstReachable(byFirstSegment.getOrDefault(parts[0], List.of()), p, parts, decider);
            if (m != null) {
                return m;
            }
        }
        return firstReachable(anyFirstSegment, p, parts, decider);
    }

    private static AclEvaluator.Match firstReachable(List<CompiledRule> candidates, String p, String[] parts,
                                                     Function<String, AclEvaluator.Match> decider) {
        for (CompiledRule c : candidates) {
            String witness = witness(c, p, parts);
            if (witness == null) {
                continue;
            }
            AclEvaluator.Match m = decider.apply(witness);
            if (m != null && m.grantsLookup()) {
                return m;
            }
        }
        return null;
    }

    /** A path strictly below {@code p} that rule {@code c} matches, or null when it matches none. */
    private static String witness(CompiledRule c, String p, String[] parts) {
        String base = p.isEmpty() ? "" : p + "/";
        String[] segs = c.segments;
        int m = segs.length;
        int n = parts.length;
        int full = c.isPrefix ? m - 1 : m; // segments that must match whole
        // The pattern's segments must agree with p's as far as both go.
        for (int i = 0; i < Math.min(n, m); i++) {
            String s = segs[i];
            boolean lastPartial = c.isPrefix && i == m - 1;
            if (lastPartial) {
                // Either the glob covers p and everything under it, or it only matches siblings of p.
                return s.equals("+") || parts[i].startsWith(s) ? base + FRESH : null;
            }
            if (!(s.equals("+") || s.equals(parts[i]))) {
                return null;
            }
        }
        if (n >= full && !c.isPrefix) {
            return null; // an exact-length rule at or above p's depth matches nothing below p
        }
        if (n >= m) {
            return null;
        }
        StringBuilder sb = new StringBuilder(base);
        for (int i = n; i < m; i++) {
            if (i > n) {
                sb.append('/');
            }
            String s = segs[i];
            boolean lastPartial = c.isPrefix && i == m - 1;
            if (s.equals("+")) {
                sb.append(FRESH);
            } else {
                sb.append(s);
                if (lastPartial) {
                    sb.append(FRESH);
                }
            }
        }
        return sb.toString();
    }
}
