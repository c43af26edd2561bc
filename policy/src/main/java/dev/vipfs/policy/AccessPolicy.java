package dev.vipfs.policy;

import java.util.Set;

/** Decides whether a caller may perform an operation on a mount path; implementations are thread-safe and fast. */
public interface AccessPolicy {
    /**
     * @param path path inside the mount without a leading slash, e.g. {@code "bafy.../docs/a.txt"}; "" is the mount root
     */
    Decision decide(Caller caller, String path, Operation op);

    /** The literal first segments that rules name (see {@link PolicyEngine#literalRoots()}); none by default. */
    default Set<String> literalRoots() {
        return Set.of();
    }

    /** Changes whenever the rules change, so that what is derived from them can be renewed. */
    default long generation() {
        return 0;
    }
}
