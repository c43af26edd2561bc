package dev.vipfs.policy.acl;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

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
