package dev.vipfs.policy.acl;

import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One pattern after merging, with the facts Vault's priority ordering compares and the answer it
 * gives to each operation by itself, built once. Immutable.
 */
final class CompiledRule {
    final String pattern;
    final Set<Capability> caps;
    final String policies;
    final AclEvaluator.Match match;
    final boolean isPrefix;
    final String wcPath;       // pattern without its trailing '*'
    final int firstWcOrGlob;   // index of the first '+' (segment rules) or of the '*' (plain prefix)
    final int numWcSegments;
    final String[] segments;   // wcPath split on '/'
    private final Decision[] decisions = new Decision[Operation.values().length]; // direct answers, built once

    CompiledRule(String pattern, EnumSet<Capability> caps, Set<String> policyNames) {
        this.pattern = pattern;
        this.caps = Collections.unmodifiableSet(EnumSet.copyOf(caps));
        this.policies = String.join(",", policyNames);
        this.isPrefix = pattern.endsWith("*");
        this.wcPath = isPrefix ? pattern.substring(0, pattern.length() - 1) : pattern;
        this.segments = wcPath.split("/", -1);
        int n = 0;
        for (String s : segments) {
            if (s.equals("+")) {
                n++;
            }
        }
        this.numWcSegments = n;
        this.firstWcOrGlob = n > 0 ? pattern.indexOf('+') : wcPath.length();
        this.match = new AclEvaluator.Match(this.caps, pattern, policies, !isPrefix && n == 0);
        for (Operation op : Operation.values()) {
            decisions[op.ordinal()] = RuleDecisions.direct(match, op);
        }
    }

    /** Whether some whole segment is the {@code +} wildcard. */
    boolean segmentRule() {
        return numWcSegments > 0;
    }

    /** The answer this rule gives by itself; for LOOKUP, null when the answer depends on paths below. */
    Decision decision(Operation op) {
        return decisions[op.ordinal()];
    }

    /** Vault's priority order between two matching non-exact rules (vault/acl.go, CheckAllowedFromNonExactPaths). */
    static CompiledRule better(CompiledRule a, CompiledRule b) {
        if (a == null) {
            return b;
        }
        return compare(a, b) >= 0 ? a : b;
    }

    private static int compare(CompiledRule a, CompiledRule b) {
        // A later first wildcard or glob is more specific.
        if (a.firstWcOrGlob != b.firstWcOrGlob) {
            return Integer.compare(a.firstWcOrGlob, b.firstWcOrGlob);
        }
        // A rule without a trailing glob beats one with.
        if (a.isPrefix != b.isPrefix) {
            return a.isPrefix ? -1 : 1;
        }
        // Fewer '+' segments win.
        if (a.numWcSegments != b.numWcSegments) {
            return Integer.compare(b.numWcSegments, a.numWcSegments);
        }
        // Longer patterns win.
        if (a.wcPath.length() != b.wcPath.length()) {
            return Integer.compare(a.wcPath.length(), b.wcPath.length());
        }
        // Last resort, as in Vault: the lexicographically smaller pattern wins.
        return b.wcPath.compareTo(a.wcPath);
    }
}
