/**
 * The audit trail (docs/security.md): {@link dev.vipfs.policy.audit.AuditLog} appends one JSON line
 * per decision, each chained to the previous by hash ({@link dev.vipfs.policy.audit.ChainedLine}), across
 * reopens ({@link dev.vipfs.policy.audit.ChainLink}); {@link dev.vipfs.policy.audit.AuditVerification}
 * is the result of checking a chain. A decision that cannot be recorded is refused by the caller.
 */
package dev.vipfs.policy.audit;
