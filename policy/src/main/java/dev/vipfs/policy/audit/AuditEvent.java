package dev.vipfs.policy.audit;

import dev.vipfs.policy.Caller;
import java.time.Instant;

/**
 * One audited access: what was attempted, by whom, on what, and how it was decided.
 * Build with {@link #builder()}; unset fields are omitted from the log line.
 */
public record AuditEvent(Instant time, String operation, String path, String cid, Integer uid, Integer gid,
                         Long pid, String processName, String decision, String policy, String rule,
                         String keyId, Integer keyVersion, String reason, String aliasOf) {

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; {@code time} defaults to now and {@code operation} to "unknown". */
    public static final class Builder {
        private Instant time;
        private String operation;
        private String path;
        private String cid;
        private Integer uid;
        private Integer gid;
        private Long pid;
        private String processName;
        private String decision;
        private String policy;
        private String rule;
        private String keyId;
        private Integer keyVersion;
        private String reason;
        private String aliasOf;

        private Builder() { }

        public Builder time(Instant v) {
            time = v;
            return this;
        }

        /** e.g. "lookup", "read", "decrypt". */
        public Builder operation(String v) {
            operation = v;
            return this;
        }

        /** Path inside the mount; hashed in the log unless logRaw. */
        public Builder path(String v) {
            path = v;
            return this;
        }

        public Builder cid(String v) {
            cid = v;
            return this;
        }

        /** Copies uid, gid, pid and process name. */
        public Builder caller(Caller c) {
            if (c != null) {
                uid = c.uid();
                gid = c.gid();
                pid = c.pid();
                processName = c.processName();
            }
            return this;
        }

        public Builder uid(int v) {
            uid = v;
            return this;
        }

        public Builder gid(int v) {
            gid = v;
            return this;
        }

        public Builder pid(long v) {
            pid = v;
            return this;
        }

        /** Hashed in the log unless logRaw. */
        public Builder processName(String v) {
            processName = v;
            return this;
        }

        /** "allow", "deny" or "error". */
        public Builder decision(String v) {
            decision = v;
            return this;
        }

        public Builder policy(String v) {
            policy = v;
            return this;
        }

        public Builder rule(String v) {
            rule = v;
            return this;
        }

        public Builder keyId(String v) {
            keyId = v;
            return this;
        }

        public Builder keyVersion(int v) {
            keyVersion = v;
            return this;
        }

        /** Why it was denied or failed; must not contain paths (it is logged in clear). */
        public Builder reason(String v) {
            reason = v;
            return this;
        }

        /** The content's canonical name when the request named it through an alias (by-name/…, ipns/…). */
        public Builder aliasOf(String v) {
            aliasOf = v;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(time == null ? Instant.now() : time, operation == null ? "unknown" : operation,
                    path, cid, uid, gid, pid, processName, decision, policy, rule, keyId, keyVersion, reason, aliasOf);
        }
    }
}
