package dev.vipfs.policy.acl;

import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of a set of policies compiled for fast matching with Vault's semantics: an exact rule
 * wins, otherwise the highest-priority matching glob or {@code +} rule (Vault's priority order,
 * {@link CompiledRule}), capabilities of the same pattern across policies are united and {@code deny}
 * on a pattern overrides every other capability on it ({@link CapabilityMerge}); no matching rule means
 * deny. Immutable and thread-safe.
 */
public final class AclEvaluator {
    /** What decided a path: the merged capabilities of one pattern and the policies that contributed. */
    public record Match(Set<Capability> capabilities, String rule, String policies, boolean exactRule) {
        /** Whether the pattern's capabilities include deny. */
        public boolean denies() {
            return capabilities.contains(Capability.DENY);
        }

        /** Whether LOOKUP may walk through here: read or list granted and not denied. */
        public boolean grantsLookup() {
            return grants(Capability.READ) || grants(Capability.LIST);
        }

        /** Whether the capability is granted and not denied. */
        public boolean grants(Capability c) {
            return !denies() && capabilities.contains(c);
        }
    }

    private static final int LOOKUP_CACHE_LIMIT = 65_536;
    private static final Match NO_MATCH = new Match(Set.of(), null, null, false);

    private final Map<String, CompiledRule> exact = new HashMap<>();
    private final PrefixTable<CompiledRule> prefixes;
    private final SegmentTrie segmentRules = new SegmentTrie();
    private final GrantsBelow grantsBelow;
    private final List<CompiledRule> all;
    private final ConcurrentHashMap<String, Match> lookupCache = new ConcurrentHashMap<>();

    private AclEvaluator(Collection<CompiledRule> rules) {
        Map<String, CompiledRule> prefixRules = new HashMap<>();
        for (CompiledRule c : rules) {
            if (c.segmentRule()) {
                segmentRules.insert(c);
            } else if (c.isPrefix) {
                prefixRules.put(c.wcPath, c);
            } else {
                exact.put(c.pattern, c);
            }
        }
        this.prefixes = new PrefixTable<>(prefixRules);
        this.grantsBelow = new GrantsBelow(rules);
        this.all = List.copyOf(rules);
    }

    /** Compiles a set of policies; the same pattern in several policies is merged as Vault merges it. */
    public static AclEvaluator compile(Collection<Policy> policies) {
        return new AclEvaluator(CapabilityMerge.merge(policies));
    }

    /** An evaluator with no rules: everything is denied. */
    public static AclEvaluator empty() {
        return new AclEvaluator(List.of());
    }

    /** Number of distinct patterns after merging. */
    public int size() {
        return all.size();
    }

    /** The capabilities that apply to a path (empty when no rule matches). */
    public Set<Capability> capabilities(String path) {
        Match m = match(path);
        return m == null ? Set.of() : m.capabilities();
    }

    /** The deciding rule for a path, or null when no rule matches. */
    public Match match(String path) {
        CompiledRule c = matchCompiled(strip(path));
        return c == null ? null : c.match;
    }

    private CompiledRule matchCompiled(String p) {
        CompiledRule c = exact.get(p);
        if (c != null) {
            return c;
        }
        return segmentRules.best(p, prefixes.longestPrefixOf(p));
    }

    /** Decides an operation on a path for a caller to whom exactly these policies apply. */
    public Decision decide(String path, Operation op) {
        String p = strip(path);
        CompiledRule c = matchCompiled(p);
        Decision d = c == null ? (op == Operation.LOOKUP ? null : RuleDecisions.defaultDeny(op)) : c.decision(op);
        return d != null ? d : lookup(p, c == null ? null : c.match);
    }

    /**
     * LOOKUP when the path's own rule neither grants nor hides it. A deny aimed at this very name
     * hides it (see {@link RuleDecisions#direct}); a deny inherited from a glob can still be walked
     * through towards a more specific grant below (e.g. "d/*" denied, "d/pub/*" granted).
     */
    private Decision lookup(String p, Match m) {
        Match below = lookupCache.get(p);
        if (below == null) {
            Match found = grantsBelow.find(p, this::match);
            below = found == null ? NO_MATCH : found;
            if (lookupCache.size() >= LOOKUP_CACHE_LIMIT) {
                lookupCache.clear();
            }
            lookupCache.put(p, below);
        }
        return below != NO_MATCH ? RuleDecisions.leadsTo(below) : RuleDecisions.lookupRefused(m);
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
