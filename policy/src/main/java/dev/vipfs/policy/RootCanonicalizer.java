package dev.vipfs.policy;

/**
 * Rewrites the first segment of a rule's pattern to the one spelling the mount decides on. The
 * policy module knows nothing of what a root is (the mount's {@code fs} module does: a CID has many
 * spellings), so a rule naming {@code Qm…} still governs the content the mount calls {@code bafy…}.
 */
@FunctionalInterface
public interface RootCanonicalizer {
    /** Leaves every segment as written. */
    RootCanonicalizer NONE = segment -> segment;

    /** The canonical spelling of a literal first segment (no {@code *}, not {@code +}); the input if it has none. */
    String canonical(String segment);
}
