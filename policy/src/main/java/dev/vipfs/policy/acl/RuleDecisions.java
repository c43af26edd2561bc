package dev.vipfs.policy.acl;

import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;

/**
 * The {@link Decision}s the evaluator gives: which capability each operation needs, and the answer
 * and its reason (as {@code vipfs policy check} and the audit trail show it) for a matched rule, for
 * no rule at all, and for a LOOKUP decided by what lies below.
 */
final class RuleDecisions {
    private static final Decision[] DEFAULT_DENY = new Decision[Operation.values().length];

    static {
        for (Operation op : Operation.values()) {
            DEFAULT_DENY[op.ordinal()] = new Decision(false, null, null, op == Operation.LOOKUP
                    ? "no policy grants read or list here or below (default deny)"
                    : "no policy grants " + needed(op).hclName() + " here (default deny)");
        }
    }

    private RuleDecisions() { }

    private static Capability needed(Operation op) {
        return switch (op) {
            case LIST -> Capability.LIST;
            case READ, LOOKUP -> Capability.READ;
            case CREATE -> Capability.CREATE;
            case UPDATE -> Capability.UPDATE;
            case DELETE -> Capability.DELETE;
        };
    }

    /** The answer when no rule matches the path. */
    static Decision defaultDeny(Operation op) {
        return DEFAULT_DENY[op.ordinal()];
    }

    /** The answer a matched rule gives by itself; for LOOKUP, null when the answer depends on paths below. */
    static Decision direct(AclEvaluator.Match m, Operation op) {
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

    /** LOOKUP allowed because {@code below}, a rule granting read or list, decides a path under this one. */
    static Decision leadsTo(AclEvaluator.Match below) {
        return new Decision(true, below.policies(), below.rule(), "leads to a path the rule grants");
    }

    /** LOOKUP refused: nothing below is granted, and the path's own rule {@code m} (null when none) does not grant it. */
    static Decision lookupRefused(AclEvaluator.Match m) {
        if (m == null) {
            return defaultDeny(Operation.LOOKUP);
        }
        return new Decision(false, m.policies(), m.rule(), m.denies() ? "explicitly denied"
                : "rule grants neither read nor list here or below");
    }
}
