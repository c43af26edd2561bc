package dev.vipfs.policy.acl;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A Vault capability that means something on a filesystem; see docs/policy.md for the mapping to operations. */
public enum Capability {
    CREATE, READ, UPDATE, DELETE, LIST, DENY;

    /** Vault capabilities that are valid in a policy but have no filesystem meaning; accepted with a warning. */
    public static final Set<String> IGNORED = Set.of("sudo", "patch", "subscribe", "recover", "root");

    /** The capability's name as written in policies. */
    public String hclName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The capability for a policy word, empty for an ignored Vault capability or an unknown word. */
    public static Optional<Capability> parse(String word) {
        for (Capability c : values()) {
            if (c.hclName().equals(word)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
