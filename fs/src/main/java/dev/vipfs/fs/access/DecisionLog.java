package dev.vipfs.fs.access;

import dev.vipfs.fs.metrics.MountMetrics;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every audited decision and logs each denial at INFO with the caller and the deciding
 * rule, naming the path and process exactly as the audit log does (HMAC'd unless audit_log_raw),
 * so the daemon log never holds what the audit trail hides.
 */
final class DecisionLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.vipfs.denials");

    private DecisionLog() { }

    static void record(AuditLog audit, Caller caller, String policyPath, Operation op, Decision d) {
        MountMetrics.global().decision(d.allowed());
        if (!d.allowed() && LOG.isInfoEnabled()) {
            LOG.info("denied {} on {} to uid {} gid {} pid {} ({}): {}", op.name().toLowerCase(), audit.hash(policyPath),
                    caller.uid(), caller.gid(), caller.pid(), audit.hash(caller.processName()),
                    d.rule() == null ? "no rule grants it (default deny)"
                            : "policy " + d.policy() + ", rule \"" + d.rule() + "\"" + (d.reason() == null ? "" : ": " + d.reason()));
        }
    }
}
