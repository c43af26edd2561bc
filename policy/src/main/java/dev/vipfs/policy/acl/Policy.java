package dev.vipfs.policy.acl;

import java.util.List;

/**
 * A parsed, named policy.
 *
 * @param warnings non-fatal findings (ignored capabilities, empty stanzas) for `validate` to show
 */
public record Policy(String name, List<PathRule> rules, List<String> warnings) {
    public Policy {
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
    }
}
