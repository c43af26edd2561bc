package dev.vipfs.policy.acl;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One {@code path "pattern" { capabilities = [...] }} stanza.
 *
 * @param pattern the path pattern with any leading slash stripped, including a trailing {@code *} if present
 * @param capabilities the meaningful capabilities granted (or DENY)
 * @param line line of the stanza in its source, 0 when unknown
 */
public record PathRule(String pattern, Set<Capability> capabilities, int line) {
    public PathRule {
        if (pattern.startsWith("/")) {
            pattern = pattern.substring(1);
        }
        capabilities = capabilities.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(Capability.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    }

    /** Whether the pattern ends in the prefix glob {@code *}. */
    public boolean isPrefix() {
        return pattern.endsWith("*");
    }

    /**
     * Whether this pattern matches {@code path} by itself, with Vault's meaning of {@code +} (one
     * whole segment) and a trailing {@code *} (any suffix). Priority between rules is not considered.
     */
    public boolean matches(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        String body = isPrefix() ? pattern.substring(0, pattern.length() - 1) : pattern;
        String[] want = body.split("/", -1);
        String[] have = p.split("/", -1);
        if (have.length < want.length || (!isPrefix() && have.length != want.length)) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean last = i == want.length - 1;
            if (want[i].equals("+")) {
                continue;
            }
            if (last && isPrefix()) {
                return have[i].startsWith(want[i]);
            }
            if (!want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }

    /** The literal first segment (no {@code +}, no {@code *}), or null when the pattern's first segment is a wildcard. */
    public String literalFirstSegment() {
        int slash = pattern.indexOf('/');
        String first = slash < 0 ? pattern : pattern.substring(0, slash);
        if (first.equals("+") || first.contains("*") || (slash < 0 && isPrefix())) {
            return null;
        }
        return first;
    }

    /** This rule with its literal first segment rewritten by {@code canonicalizer}. */
    public PathRule withCanonicalRoot(UnaryOperator<String> canonicalizer) {
        String first = literalFirstSegment();
        if (first == null) {
            return this;
        }
        String c = canonicalizer.apply(first);
        return c.equals(first) ? this : new PathRule(c + pattern.substring(first.length()), capabilities, line);
    }

    /** Whether some whole segment of the pattern is the {@code +} wildcard. */
    public boolean hasSegmentWildcard() {
        String p = isPrefix() ? pattern.substring(0, pattern.length() - 1) : pattern;
        for (String s : p.split("/", -1)) {
            if (s.equals("+")) {
                return true;
            }
        }
        return false;
    }
}
