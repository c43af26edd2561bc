package dev.vipfs.policy;

/** Decides whether a caller may perform an operation on a mount path; implementations are thread-safe and fast. */
public interface AccessPolicy {
    /**
     * @param path path inside the mount without a leading slash, e.g. {@code "bafy.../docs/a.txt"}; "" is the mount root
     */
    Decision decide(Caller caller, String path, Operation op);
}
