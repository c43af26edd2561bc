package dev.vipfs.fs.access;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.AccessPolicy;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.audit.AuditEvent;
import dev.vipfs.policy.audit.AuditException;
import dev.vipfs.policy.audit.AuditLog;
import java.util.List;

/**
 * The single place where the mount asks the policy and writes the audit trail; an access that
 * cannot be audited does not happen.
 */
public final class AccessGate {
    private final AccessPolicy policy;
    private final AuditLog audit;

    public AccessGate(AccessPolicy policy, AuditLog audit) {
        this.policy = policy;
        this.audit = audit;
    }

    /** Checks the policy and audits the decision; returns normally only when allowed and audited. */
    public Decision require(Caller caller, String policyPath, Operation op, Cid cid) throws AccessDeniedException, AuditFailedException {
        Decision d = policy.decide(caller, policyPath, op);
        record(AuditEvent.builder()
                .operation(op.name().toLowerCase())
                .path(policyPath)
                .cid(cid == null ? null : cid.toString())
                .caller(caller)
                .decision(d.allowed() ? "allow" : "deny")
                .policy(d.policy())
                .rule(d.rule())
                .reason(d.reason())
                .build());
        if (!d.allowed()) {
            throw new AccessDeniedException("policy denies " + op.name().toLowerCase() + " on '" + policyPath
                    + "' to uid " + caller.uid() + (d.reason() == null ? "" : ": " + d.reason()));
        }
        return d;
    }

    /** Asks without auditing; for filtering listings, where each shown entry is audited by its own lookup. */
    public boolean permits(Caller caller, String policyPath, Operation op) {
        return policy.decide(caller, policyPath, op).allowed();
    }

    public void recordDecrypt(Caller caller, String policyPath, Cid cid, String keyId, int keyVersion) throws AuditFailedException {
        record(AuditEvent.builder().operation("decrypt").path(policyPath).cid(cid.toString()).caller(caller)
                .decision("allow").keyId(keyId).keyVersion(keyVersion).build());
    }

    /** Records that a written file became a catalogued version: its CID, number, size and keys. */
    public void recordCommit(Caller caller, String policyPath, Cid cid, int version, long size, List<String> keys)
            throws AuditFailedException {
        record(AuditEvent.builder().operation("commit").path(policyPath).cid(cid.toString()).caller(caller)
                .decision("allow").reason("version " + version + ", " + size + " bytes, sealed to "
                        + String.join(" ", keys)).build());
    }

    public void recordError(Caller caller, String policyPath, String operation, Cid cid, String reason) {
        try {
            record(AuditEvent.builder().operation(operation).path(policyPath)
                    .cid(cid == null ? null : cid.toString()).caller(caller).decision("error").reason(reason).build());
        } catch (AuditFailedException ignored) {
            // The operation already failed; its errno stands whether or not this line was written.
        }
    }

    private void record(AuditEvent event) throws AuditFailedException {
        try {
            audit.record(event);
        } catch (AuditException e) {
            throw new AuditFailedException("audit trail unavailable, refusing access: " + e.getMessage(), e);
        }
    }
}
