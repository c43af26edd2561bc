package dev.vipfs.node;

import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.fuse.MountParts;
import dev.vipfs.fs.fuse.MountWarmup;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.libc.Libc;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditOptions;
import dev.vipfs.policy.audit.SyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up a mount runs once it serves as its final user and before the kernel's first request
 * is answered ({@link MountWarmup}), with access of its own: a private temporary home whose owner
 * policy is bound to the daemon's own uid (the shadow edge only reads), and an audit trail there
 * that is deleted afterwards. The
 * mount's policies and audit trail see none of it. A warm-up that fails is logged and skipped: it
 * only ever makes the first requests faster.
 */
final class ServingWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(ServingWarmup.class);

    private ServingWarmup() { }

    /**
     * Runs it through {@code source} for at most {@code budgetMs} (0: not at all); the audit sync
     * policy is the mount's, so is its cost.
     */
    static void run(MountParts parts, MountWarmup.Source source, SyncPolicy sync, int budgetMs) {
        if (budgetMs <= 0) {
            return;
        }
        Path dir = null;
        Thread removeOnExit = null;
        try {
            dir = Files.createTempDirectory("vipfs-warmup");
            // A daemon stopped while it warms up (SIGTERM before it ever served) leaves no home behind.
            Path created = dir;
            removeOnExit = new Thread(() -> delete(created), "vipfs-warmup-cleanup");
            Runtime.getRuntime().addShutdownHook(removeOnExit);
            Libc.Calls self = Libc.require();
            int uid = self.geteuid();
            int gid = self.getegid();
            AccessSetup.writeOwnerPolicy(dir, dir.resolve("policies"), uid);
            byte[] salt = new byte[32];
            new SecureRandom().nextBytes(salt);
            PolicyEngine engine = PolicyEngine.load(dir, CidSpelling.RULES);
            // Paths HMAC'd whatever the mount's audit_log_raw: the trail is deleted, but in the
            // meantime it should name no more than it must.
            try (AuditLog audit = AuditLog.open(dir.resolve("audit.log"), new AuditOptions(false, salt, sync))) {
                MountWarmup.Result r = MountWarmup.run(parts, source, new AccessGate(engine, audit),
                        Caller.of(uid, gid), budgetMs * 1_000_000L);
                if (r.requests() > 0) {
                    System.err.printf("vipfs: warmed up as uid %d in %d ms (%d requests)%s%n", uid, r.nanos() / 1_000_000, r.requests(),
                            r.budgetSpent() ? ", budget spent" : "");
                }
            }
        } catch (Exception e) {
            LOG.warn("warm-up skipped: {}", e.toString());
        } finally {
            if (dir != null) {
                delete(dir);
            }
            if (removeOnExit != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(removeOnExit);
                } catch (IllegalStateException exiting) {
                    // The JVM is shutting down; the hook runs (and finds nothing).
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove the warm-up's temporary home {}: {}", dir, e.getMessage());
        }
    }
}
