package dev.vipfs.node;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.libc.Libc;
import dev.vipfs.policy.AccessPolicy;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.audit.AuditException;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditOptions;
import dev.vipfs.policy.audit.SyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a home's policies and audit device, and writes the owner policy at init. */
public final class AccessSetup {
    /** The policy engine and audit device of a running mount. */
    public record Access(PolicyEngine engine, AuditLog audit) implements AutoCloseable {
        AccessPolicy policy() {
            return engine;
        }

        @Override
        public void close() throws Exception {
            audit.close();
        }
    }

    static final String OWNER_POLICY = """
            # Written by 'vipfs init': the user who created this home may do everything.
            # Grant others access with their own policies and identities (see docs/policy.md).
            path "*" {
              capabilities = ["create", "read", "update", "delete", "list"]
            }
            """;

    private AccessSetup() { }

    static Access open(Node node) throws UserException, IOException {
        VipfsHome home = node.home();
        PolicyEngine engine;
        try {
            engine = PolicyEngine.load(home.dir(), CidSpelling.RULES);
        } catch (PolicyException e) {
            throw new UserException("cannot load policies from " + home.dir() + ": " + e.getMessage());
        }
        try {
            Path log = home.auditLog(node.config());
            AuditOptions base = AuditOptions.forLog(log, node.config().auditLogRaw);
            SyncPolicy sync = switch (node.config().auditSync) {
                case "every_record" -> SyncPolicy.EVERY_RECORD;
                case "os_buffered" -> SyncPolicy.OS_BUFFERED;
                default -> throw new UserException("audit_sync in config.json must be every_record or os_buffered, not '"
                        + node.config().auditSync + "'");
            };
            AuditLog audit = AuditLog.open(log, new AuditOptions(base.logRaw(), base.hmacSalt(), sync));
            return new Access(engine, audit);
        } catch (AuditException e) {
            throw new UserException("cannot open the audit log: " + e.getMessage(), ExitCodes.FAILED);
        }
    }

    public static void writeOwnerPolicy(VipfsHome home) throws IOException {
        writeOwnerPolicy(home.dir(), home.policiesDir(), Libc.require().getuid());
    }

    /** The owner policy in {@code policiesDir}, bound to {@code uid} in {@code dir}'s identities. */
    static void writeOwnerPolicy(Path dir, Path policiesDir, long uid) throws IOException {
        Files.createDirectories(policiesDir);
        Files.writeString(policiesDir.resolve("owner.hcl"), OWNER_POLICY);
        Files.writeString(dir.resolve("identities.hcl"),
                "identity \"uid:" + uid + "\" {\n  policies = [\"owner\"]\n}\n");
    }
}
