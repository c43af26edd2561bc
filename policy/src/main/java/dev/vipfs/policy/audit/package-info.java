/**
 * The audit trail (docs/security.md): {@link dev.vipfs.policy.audit.AuditLog} appends one JSON line
 * per decision ({@link dev.vipfs.policy.audit.AuditEventFormat}, sensitive strings as HMACs), each chained
 * to the previous by hash ({@link dev.vipfs.policy.audit.ChainedLine}), continuing the chain found at the
 * file's end ({@link dev.vipfs.policy.audit.LogTail}) and across reopens
 * ({@link dev.vipfs.policy.audit.ChainLink}); {@link dev.vipfs.policy.audit.ChainVerifier} checks a chain
 * into an {@link dev.vipfs.policy.audit.AuditVerification}. A decision that cannot be recorded is refused
 * by the caller.
 */
package dev.vipfs.policy.audit;
