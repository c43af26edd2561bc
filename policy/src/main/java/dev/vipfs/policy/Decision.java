package dev.vipfs.policy;

/**
 * The answer to one access question.
 *
 * @param allowed whether the operation may proceed
 * @param policy  name(s) of the policy whose rule decided, comma-separated when several policies share the rule; null when no rule matched
 * @param rule    the path pattern that decided, as written in the policy (leading slash stripped); null when no rule matched
 * @param reason  a short human explanation, never containing the path itself
 */
public record Decision(boolean allowed, String policy, String rule, String reason) {
    /** The open-mount decision used by {@link PolicyEngine#allowAll()}. */
    public static Decision allowAll() {
        return new Decision(true, null, null, "mount is configured to allow everything");
    }
}
