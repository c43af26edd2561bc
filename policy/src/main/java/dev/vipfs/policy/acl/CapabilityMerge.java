package dev.vipfs.policy.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Merges the rules of several policies as Vault merges them: the capabilities of one pattern across
 * policies are united, and {@code deny} on a pattern overrides every other capability on it (only the
 * policies that deny it are then named as deciding).
 */
final class CapabilityMerge {
    private CapabilityMerge() { }

    /** One compiled rule per distinct pattern, in the order the patterns first appear. */
    static List<CompiledRule> merge(Collection<Policy> policies) {
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
        List<CompiledRule> out = new ArrayList<>();
        caps.forEach((pattern, c) -> out.add(new CompiledRule(pattern, c, names.get(pattern))));
        return out;
    }
}
