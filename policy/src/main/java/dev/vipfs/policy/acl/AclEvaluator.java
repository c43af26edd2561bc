package dev.vipfs.policy.acl;

import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of a set of policies compiled for fast matching with Vault's semantics: an exact rule
 * wins, otherwise the highest-priority matching glob or {@code +} rule (Vault's priority order),
 * capabilities of the same pattern across policies are united and {@code deny} on a pattern
 * overrides every other capability on it; no matching rule means deny. Immutable and thread-safe.
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

    /** A merged pattern with the facts Vault's priority ordering compares. */
    private static final class Compiled {
        final String pattern;
        final Set<Capability> caps;
        final String policies;
        final Match match;
        final boolean isPrefix;
        final String wcPath;       // pattern without its trailing '*'
        final int firstWcOrGlob;   // index of the first '+' (segment rules) or of the '*' (plain prefix)
        final int numWcSegments;
        final String[] segments;   // wcPath split on '/'
        final Decision[] decisions = new Decision[Operation.values().length]; // direct answers, built once

        Compiled(String pattern, EnumSet<Capability> caps, Set<String> policyNames) {
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
            this.match = new Match(this.caps, pattern, policies, !isPrefix && n == 0);
            for (Operation op : Operation.values()) {
                decisions[op.ordinal()] = direct(match, op);
            }
        }

        boolean segmentRule() {
            return numWcSegments > 0;
        }
    }

    /** A node of the segment trie holding the rules that contain {@code +} segments. */
    private static final class SegNode {
        final Map<String, SegNode> literal = new HashMap<>();
        SegNode plus;
        Compiled exact;                              // a rule that ends exactly here
        final List<Compiled> globs = new ArrayList<>(); // rules whose last, partial segment is matched at this depth
    }

    private static final String FRESH = "\u0000"; // cannot occur in a file name, so no literal pattern matches it
    private static final int LOOKUP_CACHE_LIMIT = 65_536;
    private static final Match NO_MATCH = new Match(Set.of(), null, null, false);

    private final Map<String, Compiled> exact = new HashMap<>();
    private final PrefixTable<Compiled> prefixes;
    private final SegNode segRoot = new SegNode();
    private final boolean hasSegmentRules;
    private final List<Compiled> all;
    // Granting rules indexed by their literal first segment, so walking through a directory full of
    // names the caller may not see does not scan every rule; rules whose first segment is a wildcard
    // or a partial glob are checked for every path.
    private final Map<String, List<Compiled>> grantingByFirstSegment = new HashMap<>();
    private final List<Compiled> grantingAnyFirstSegment = new ArrayList<>();
    private final ConcurrentHashMap<String, Match> lookupCache = new ConcurrentHashMap<>();

    private AclEvaluator(Collection<Compiled> rules) {
        boolean seg = false;
        Map<String, Compiled> prefixRules = new HashMap<>();
        for (Compiled c : rules) {
            if (c.segmentRule()) {
                seg = true;
                insert(c);
            } else if (c.isPrefix) {
                prefixRules.put(c.wcPath, c);
            } else {
                exact.put(c.pattern, c);
            }
        }
        for (Compiled c : rules) {
            if (!c.match.grantsLookup()) {
                continue;
            }
            String first = c.segments[0];
            if (first.equals("+") || (c.isPrefix && c.segments.length == 1)) {
                grantingAnyFirstSegment.add(c);
            } else {
                grantingByFirstSegment.computeIfAbsent(first, k -> new ArrayList<>()).add(c);
            }
        }
        this.prefixes = new PrefixTable<>(prefixRules);
        this.hasSegmentRules = seg;
        this.all = List.copyOf(rules);
    }

    /** Compiles a set of policies; the same pattern in several policies is merged as Vault merges it. */
    public static AclEvaluator compile(Collection<Policy> policies) {
        Map<String, EnumSet<Capability>> caps = new LinkedHashMap<>();
        Map<String, TreeSet<String>> names = new HashMap<>();
        for (Policy p : policies) {
            for (PathRule r : p.rules()) {
                EnumSet<Capability> have = caps.get(r.pattern());
                if (have == null) {
                    caps.put(r.pattern(), r.capabilities().isEmpty()
                            ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(r.capabilities()));
                    names.computeIfAbsent(r.pattern(), k -> new TreeSet<>()).add(p.name());
                } else if (have.contains(Capability.DENY)) {
                    if (r.capabilities().contains(Capability.DENY)) {
                        names.get(r.pattern()).add(p.name());
                    }
                } else if (r.capabilities().contains(Capability.DENY)) {
                    have.clear();
                    have.add(Capability.DENY);
                    TreeSet<String> only = new TreeSet<>();
                    only.add(p.name());
                    names.put(r.pattern(), only);
                } else {
                    have.addAll(r.capabilities());
                    names.get(r.pattern()).add(p.name());
                }
            }
        }
        List<Compiled> out = new ArrayList<>();
        caps.forEach((pattern, c) -> out.add(new Compiled(pattern, c, names.get(pattern))));
        return new AclEvaluator(out);
    }

    /** An evaluator with no rules: everything is denied. */
    public static AclEvaluator empty() {
        return new AclEvaluator(List.of());
    }

    /** Number of distinct patterns after merging. */
    public int size() {
        return all.size();
    }

    private void insert(Compiled c) {
        SegNode node = segRoot;
        int n = c.segments.length;
        int full = c.isPrefix ? n - 1 : n;
        for (int i = 0; i < full; i++) {
            node = child(node, c.segments[i]);
        }
        if (c.isPrefix) {
            node.globs.add(c);
        } else {
            node.exact = c;
        }
    }

    private static SegNode child(SegNode node, String seg) {
        if (seg.equals("+")) {
            if (node.plus == null) {
                node.plus = new SegNode();
            }
            return node.plus;
        }
        return node.literal.computeIfAbsent(seg, k -> new SegNode());
    }

    /** The capabilities that apply to a path (empty when no rule matches). */
    public Set<Capability> capabilities(String path) {
        Match m = match(path);
        return m == null ? Set.of() : m.capabilities();
    }

    /** The deciding rule for a path, or null when no rule matches. */
    public Match match(String path) {
        Compiled c = matchCompiled(strip(path));
        return c == null ? null : c.match;
    }

    private Compiled matchCompiled(String p) {
        Compiled c = exact.get(p);
        if (c != null) {
            return c;
        }
        Compiled best = longestPrefix(p);
        if (hasSegmentRules) {
            best = bestSegment(p, best);
        }
        return best;
    }

    private Compiled longestPrefix(String s) {
        return prefixes.longestPrefixOf(s);
    }

    private Compiled bestSegment(String path, Compiled prefixMatch) {
        String[] parts = path.split("/", -1);
        Compiled[] best = {prefixMatch};
        walk(segRoot, parts, 0, best);
        return best[0];
    }

    private static void walk(SegNode node, String[] parts, int depth, Compiled[] best) {
        if (depth < parts.length) {
            for (Compiled g : node.globs) {
                String last = g.segments[g.segments.length - 1];
                if (last.equals("+") || parts[depth].startsWith(last)) {
                    best[0] = better(best[0], g);
                }
            }
            SegNode lit = node.literal.get(parts[depth]);
            if (lit != null) {
                walk(lit, parts, depth + 1, best);
            }
            if (node.plus != null) {
                walk(node.plus, parts, depth + 1, best);
            }
        } else if (node.exact != null) {
            best[0] = better(best[0], node.exact);
        }
    }

    /** Vault's priority order between two matching non-exact rules (vault/acl.go, CheckAllowedFromNonExactPaths). */
    private static Compiled better(Compiled a, Compiled b) {
        if (a == null) {
            return b;
        }
        return compare(a, b) >= 0 ? a : b;
    }

    private static int compare(Compiled a, Compiled b) {
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

    private static final Decision[] DEFAULT_DENY = new Decision[Operation.values().length];

    static {
        for (Operation op : Operation.values()) {
            DEFAULT_DENY[op.ordinal()] = new Decision(false, null, null, op == Operation.LOOKUP
                    ? "no policy grants read or list here or below (default deny)"
                    : "no policy grants " + needed(op).hclName() + " here (default deny)");
        }
    }

    private static Capability needed(Operation op) {
        return switch (op) {
            case LIST -> Capability.LIST;
            case READ, LOOKUP -> Capability.READ;
            case CREATE -> Capability.CREATE;
            case UPDATE -> Capability.UPDATE;
            case DELETE -> Capability.DELETE;
        };
    }

    /** The answer a matched rule gives by itself; for LOOKUP, null when the answer depends on paths below. */
    private static Decision direct(Match m, Operation op) {
        if (op == Operation.LOOKUP) {
            if (m.denies() && m.exactRule()) {
                return new Decision(false, m.policies(), m.rule(), "explicitly denied");
            }
            if (m.grantsLookup()) {
                return new Decision(true, m.policies(), m.rule(), "granted read or list");
            }
            return null;
        }
        Capability need = needed(op);
        if (m.denies()) {
            return new Decision(false, m.policies(), m.rule(), "explicitly denied");
        }
        if (m.capabilities().contains(need)) {
            return new Decision(true, m.policies(), m.rule(), "granted " + need.hclName());
        }
        return new Decision(false, m.policies(), m.rule(), "rule does not grant " + need.hclName());
    }

    /** Decides an operation on a path for a caller to whom exactly these policies apply. */
    public Decision decide(String path, Operation op) {
        String p = strip(path);
        Compiled c = matchCompiled(p);
        Decision d = c == null ? (op == Operation.LOOKUP ? null : DEFAULT_DENY[op.ordinal()]) : c.decisions[op.ordinal()];
        return d != null ? d : lookup(p, c == null ? null : c.match);
    }

    /**
     * LOOKUP when the path's own rule neither grants nor hides it. A deny aimed at this very name
     * hides it (see {@link #direct}); a deny inherited from a glob can still be walked through
     * towards a more specific grant below (e.g. "d/*" denied, "d/pub/*" granted).
     */
    private Decision lookup(String p, Match m) {
        Match below = lookupCache.get(p);
        if (below == null) {
            below = reachableBelow(p);
            if (lookupCache.size() >= LOOKUP_CACHE_LIMIT) {
                lookupCache.clear();
            }
            lookupCache.put(p, below);
        }
        if (below != NO_MATCH) {
            return new Decision(true, below.policies(), below.rule(), "leads to a path the rule grants");
        }
        if (m == null) {
            return DEFAULT_DENY[Operation.LOOKUP.ordinal()];
        }
        return new Decision(false, m.policies(), m.rule(), m.denies() ? "explicitly denied"
                : "rule grants neither read nor list here or below");
    }

    /**
     * Finds a rule granting read or list that decides some path strictly below {@code p}: for each
     * such rule we build the most generic descendant it matches and check that the rule (or another
     * granting one) really decides it, so a deny carved out deeper is respected.
     */
    private Match reachableBelow(String p) {
        String[] parts = p.isEmpty() ? new String[0] : p.split("/", -1);
        if (parts.length == 0) {
            for (List<Compiled> group : grantingByFirstSegment.values()) {
                Match m = firstReachable(group, p, parts);
                if (m != null) {
                    return m;
                }
            }
        } else {
            Match m = firstReachable(grantingByFirstSegment.getOrDefault(parts[0], List.of()), p, parts);
            if (m != null) {
                return m;
            }
        }
        Match m = firstReachable(grantingAnyFirstSegment, p, parts);
        return m == null ? NO_MATCH : m;
    }

    private Match firstReachable(List<Compiled> candidates, String p, String[] parts) {
        for (Compiled c : candidates) {
            String witness = witness(c, p, parts);
            if (witness == null) {
                continue;
            }
            Match m = match(witness);
            if (m != null && m.grantsLookup()) {
                return m;
            }
        }
        return null;
    }

    /** A path strictly below {@code p} that rule {@code c} matches, or null when it matches none. */
    private static String witness(Compiled c, String p, String[] parts) {
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

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
