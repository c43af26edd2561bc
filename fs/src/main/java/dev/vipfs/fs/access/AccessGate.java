package dev.vipfs.fs.access;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.AccessPolicy;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.acl.PathRule;
import dev.vipfs.policy.audit.AuditEvent;
import dev.vipfs.policy.audit.AuditException;
import dev.vipfs.policy.audit.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The single place where the mount asks the policy and writes the audit trail; an access that
 * cannot be audited does not happen.
 */
public final class AccessGate {
    private final AccessPolicy policy;
    private final AuditLog audit;
    /** The allow lines of the request this thread serves inside {@link #holdAllows}, not yet written. */
    private final ThreadLocal<List<AuditEvent>> held = new ThreadLocal<>();

    public AccessGate(AccessPolicy policy, AuditLog audit) {
        this.policy = policy;
        this.audit = audit;
    }

    /** The policy this gate asks. */
    public AccessPolicy policy() {
        return policy;
    }

    /**
     * Lines of one request written together: inside the returned scope, an allow decision is held
     * and written with the request's next line (its decrypt line, a refusal or an error) in one
     * write, or when the scope closes, which the request must let throw. What is held is written
     * before the request answers, so no access is granted before its line is in the trail; it is
     * only the work between decision and answer (resolution, the envelope's header) that runs
     * ahead of the line (docs/security.md, "Audit before access"). A refusal is never held.
     */
    public Held holdAllows() {
        if (held.get() != null) {
            throw new IllegalStateException("allow lines already held on this thread");
        }
        held.set(new ArrayList<>(2));
        return new Held();
    }

    /** The scope of {@link #holdAllows}: closing it writes what is still held. */
    public final class Held implements AutoCloseable {
        private Held() { }

        @Override
        public void close() throws AuditFailedException {
            List<AuditEvent> lines = held.get();
            held.remove();
            if (lines != null && !lines.isEmpty()) {
                write(lines);
            }
        }
    }

    /** Checks the policy and audits the decision; returns normally only when allowed and audited. */
    public Decision require(Caller caller, String policyPath, Operation op, Cid cid) throws AccessDeniedException, AuditFailedException {
        return enforce(caller, policyPath, op, cid, policy.decide(caller, policyPath, op));
    }

    /**
     * A request that named content through an alias ({@code by-name/…}, {@code ipns/…}): decided on
     * the name as given and on the content's canonical name as under {@link #requireUnderEveryName},
     * so an alias never grants what the canonical name's own rule refuses. One audit line names both.
     */
    public Decision requireAliased(Caller caller, String shownPath, String canonicalPath, Operation op)
            throws AccessDeniedException, AuditFailedException {
        Decision d = policy.decide(caller, shownPath, op);
        if (d.allowed()) {
            Decision refusal = refusalUnderOtherNames(caller, shownPath, op, List.of(canonicalPath));
            d = refusal == null ? d : refusal;
        }
        return enforce(caller, shownPath, canonicalPath, op, null, d);
    }

    /** As {@link #requireAliased} without auditing, for filtering listings. */
    public boolean permitsAliased(Caller caller, String shownPath, String canonicalPath, Operation op) {
        return policy.decide(caller, shownPath, op).allowed()
                && refusalUnderOtherNames(caller, shownPath, op, List.of(canonicalPath)) == null;
    }

    /** Asks without auditing; for filtering listings, where each shown entry is audited by its own lookup. */
    public boolean permits(Caller caller, String policyPath, Operation op) {
        return policy.decide(caller, policyPath, op).allowed();
    }

    /**
     * After {@link #require} allowed {@code policyPath}: the same content under each of its other
     * names. A rule that decides another name and refuses the operation refuses it here too, unless
     * that rule also covers {@code policyPath} (then it is a broad rule that a more specific one on
     * the path already outranked). Returns normally only when allowed; a refusal is audited.
     *
     * @param otherNames every name the mount knows for the content (may include policyPath itself)
     */
    public void requireUnderEveryName(Caller caller, String policyPath, Operation op, Cid cid, List<String> otherNames)
            throws AccessDeniedException, AuditFailedException {
        Decision refusal = refusalUnderOtherNames(caller, policyPath, op, otherNames);
        if (refusal != null) {
            enforce(caller, policyPath, op, cid, refusal);
        }
    }

    /** As {@link #requireUnderEveryName} without auditing, for filtering listings. */
    public boolean permitsUnderEveryName(Caller caller, String policyPath, Operation op, List<String> otherNames) {
        return refusalUnderOtherNames(caller, policyPath, op, otherNames) == null;
    }

    /** Refuses content whose names the mount cannot establish; audited. */
    public void refuseUnknown(Caller caller, String policyPath, Operation op, Cid cid, String why)
            throws AccessDeniedException, AuditFailedException {
        enforce(caller, policyPath, op, cid, new Decision(false, null, null,
                "the mount cannot establish every name of this content (" + why + ")"));
    }

    private Decision refusalUnderOtherNames(Caller caller, String policyPath, Operation op, List<String> otherNames) {
        for (String name : otherNames) {
            if (name.equals(policyPath)) {
                continue;
            }
            Decision d = policy.decide(caller, name, op);
            if (!d.allowed() && d.rule() != null && !new PathRule(d.rule(), Set.of(), 0).matches(policyPath)) {
                return new Decision(false, d.policy(), d.rule(), "refused under another name of the same content: "
                        + d.reason());
            }
        }
        return null;
    }

    /** Audits a decision; returns it when it allows, throws when it refuses. */
    private Decision enforce(Caller caller, String policyPath, Operation op, Cid cid, Decision d)
            throws AccessDeniedException, AuditFailedException {
        return enforce(caller, policyPath, null, op, cid, d);
    }

    private Decision enforce(Caller caller, String policyPath, String aliasOf, Operation op, Cid cid, Decision d)
            throws AccessDeniedException, AuditFailedException {
        AuditEvent line = AuditEvent.builder()
                .operation(op.name().toLowerCase())
                .path(policyPath)
                .aliasOf(aliasOf)
                .cid(cid == null ? null : cid.toString())
                .caller(caller)
                .decision(d.allowed() ? "allow" : "deny")
                .policy(d.policy())
                .rule(d.rule())
                .reason(d.reason())
                .build();
        List<AuditEvent> holding = held.get();
        if (d.allowed() && holding != null) {
            holding.add(line);
        } else {
            record(line);
        }
        DecisionLog.record(audit, caller, policyPath, op, d);
        if (!d.allowed()) {
            throw new AccessDeniedException("policy denies " + op.name().toLowerCase() + " on '" + policyPath
                    + "' to uid " + caller.uid() + (d.reason() == null ? "" : ": " + d.reason())
                    + AccessDeniedException.nextStep(caller, policyPath, op));
        }
        return d;
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

    /** Writes the event, after whatever this thread holds, in one write. */
    private void record(AuditEvent event) throws AuditFailedException {
        List<AuditEvent> holding = held.get();
        if (holding == null || holding.isEmpty()) {
            write(List.of(event));
            return;
        }
        List<AuditEvent> lines = new ArrayList<>(holding);
        lines.add(event);
        holding.clear(); // written or not, a held line is never written twice
        write(lines);
    }

    private void write(List<AuditEvent> lines) throws AuditFailedException {
        try {
            audit.recordAll(lines);
        } catch (AuditException e) {
            throw new AuditFailedException("audit trail unavailable, refusing access: " + e.getMessage(), e);
        }
    }
}
