package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, class 8 through a real mount: a daemon in a PID namespace of its own cannot see its
 * callers (FUSE reports pid 0), so their supplementary groups are unknown. A deny bound to a group
 * must then deny, not silently vanish; with no group bindings the uid alone decides as before.
 */
class CallerGroupsMountTest {
    static final int MEMBER = 61031;
    static final int SECRET_GROUP = 61039;

    @TempDir
    Path tmp;

    @Test
    void unknownGroupsDenyWhereAGroupBoundRuleCouldApply() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        TestHome home = new TestHome(tmp.resolve("home"));
        Path tree = Files.createDirectories(tmp.resolve("t"));
        Files.writeString(tree.resolve("secret.txt"), "GROUP-DENIED-SECRET\n");
        String root = home.add(tree);
        home.policy("reader", "path \"*\" {\n  capabilities = [\"read\", \"list\"]\n}\n");
        home.policy("nosecret", "path \"+/secret.txt\" {\n  capabilities = [\"deny\"]\n}\n");
        home.identities("identity \"uid:" + MEMBER + "\" {\n  policies = [\"reader\"]\n}\n"
                + "identity \"gid:" + SECRET_GROUP + "\" {\n  policies = [\"nosecret\"]\n}\n");
        home.openForServiceUsers();
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Path file = mnt.resolve(root).resolve("secret.txt");
        try (Daemon d = Daemon.start(List.of("unshare", "--pid", "--fork", "--kill-child"), java.util.Map.of(), home.dir, mnt, "--stay-root", "--allow-other")) {
            String out = cat(file);
            assertFalse(out.contains("GROUP-DENIED-SECRET"), "a member of the denied group read it: " + out);
            assertTrue(out.contains("Permission denied"), out);
            String audit = Files.readString(home.dir.resolve("audit.log"));
            assertTrue(audit.contains("could not be read"), "the reason is audited: " + audit);

            home.identities("identity \"uid:" + MEMBER + "\" {\n  policies = [\"reader\"]\n}\n");
            // unshare does not pass signals on: SIGHUP the JVM it forked.
            for (ProcessHandle h : d.process.toHandle().descendants().toList()) {
                new ProcessBuilder("kill", "-HUP", Long.toString(h.pid())).start().waitFor();
            }
            long deadline = System.currentTimeMillis() + 20_000;
            String again = cat(file);
            while (!again.equals("GROUP-DENIED-SECRET\n") && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                again = cat(file);
            }
            assertEquals("GROUP-DENIED-SECRET\n", again, "without group bindings unknown groups cannot matter");
        }
    }

    /** cat as MEMBER with SECRET_GROUP as a supplementary group. */
    private static String cat(Path file) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + MEMBER, "--regid=" + MEMBER,
                "--groups=" + SECRET_GROUP, "cat", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
