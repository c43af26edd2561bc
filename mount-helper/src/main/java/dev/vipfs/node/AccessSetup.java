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
            AuditLog audit = AuditLog.open(log, new AuditOptions(base.logRaw(), base.hmacSalt(), syncPolicy(node.config())));
            return new Access(engine, audit);
        } catch (AuditException e) {
            throw new UserException("cannot open the audit log: " + e.getMessage(), ExitCodes.FAILED);
        }
    }

    static SyncPolicy syncPolicy(Config c) throws UserException {
        return switch (c.auditSync) {
            case "every_record" -> SyncPolicy.EVERY_RECORD;
            case "os_buffered" -> SyncPolicy.OS_BUFFERED;
            default -> throw new UserException("audit_sync in config.json must be every_record or os_buffered, not '"
                    + c.auditSync + "'");
        };
    }

    public static void writeOwnerPolicy(VipfsHome home) throws IOException {
        Path dir = home.policiesDir();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("owner.hcl"), OWNER_POLICY);
        long uid = Libc.require().getuid();
        Files.writeString(home.dir().resolve("identities.hcl"),
                "identity \"uid:" + uid + "\" {\n  policies = [\"owner\"]\n}\n");
    }
}
