package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.policy.audit.ChainLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real mount run as systemd runs it: READY=1 once serving, RELOADING=1/READY=1 around SIGHUP,
 * STOPPING=1 and exit 0 on SIGTERM; the audit log survives logrotate; --read-only answers EROFS.
 */
class ServiceLifecycleTest {
    @TempDir
    static Path tmp;
    static TestHome home;
    static String root;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        home = new TestHome(tmp.resolve("home"));
        Path tree = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(tree.resolve("index.html"), "<h1>vipfs</h1>\n");
        root = home.add(tree);
        home.policy("reader", "path \"*\" {\n  capabilities = [\"read\", \"list\"]\n}\n");
        home.identities("identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n"
                + "identity \"uid:65534\" {\n  policies = [\"reader\"]\n}\n");
        home.openForServiceUsers();
    }

    private static void signal(Daemon d, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(d.process.pid())).start().waitFor();
    }

    @Test
    void notifiesReadyReloadAndStopAndExitsZeroOnSigterm() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-notify"));
        Path audit = home.dir.resolve("audit.log");
        try (NotifyReceiver systemd = new NotifyReceiver();
             Daemon d = Daemon.start(Map.of("NOTIFY_SOCKET", systemd.address), home.dir, mnt, "--user", "nobody")) {
            String ready = systemd.await("READY=1", 60_000);
            assertTrue(ready.contains("STATUS=serving " + mnt), ready);
            assertTrue(Mounts.isMounted(mnt), "READY=1 before the mount was visible");
            assertEquals("<h1>vipfs</h1>\n", PrivilegedMountTest.readAs(65534, mnt.resolve(root).resolve("index.html")));

            // logrotate with 'create 0600 <service user>' and 'postrotate systemctl reload'.
            Files.move(audit, home.dir.resolve("audit.log.1"));
            Files.createFile(audit);
            Files.setOwner(audit, audit.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            signal(d, "HUP");
            systemd.await("RELOADING=1", 10_000);
            String reloaded = systemd.await("READY=1", 10_000);
            assertTrue(reloaded.contains("reload 1 done"), reloaded);
            assertTrue(Files.readAllLines(audit).get(0).contains(ChainLink.OPERATION), "no link line after reload");
            assertEquals("<h1>vipfs</h1>\n", PrivilegedMountTest.readAs(65534, mnt.resolve(root).resolve("index.html")));
            CliRunner.Result v = CliRunner.run("audit", "verify", home.dir.resolve("audit.log.1").toString(), audit.toString());
            assertEquals(0, v.code(), v.out() + v.err());

            signal(d, "TERM");
            systemd.await("STOPPING=1", 10_000);
            assertTrue(d.process.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM");
            assertEquals(0, d.process.exitValue(), "SIGTERM must end with exit 0 (systemd records 143 as failed): "
                    + d.output());
            assertTrue(Mounts.await(mnt, false, 5_000), "mount left after SIGTERM");
        }
    }

    @Test
    void reloadsOnSighupWhenStartedUnderNohup() throws Exception {
        // nohup leaves SIGHUP ignored, and a JVM installs no handler for a signal ignored at its start:
        // a reload by SIGHUP (systemctl reload, logrotate's postrotate) used to be dropped silently.
        Path mnt = Files.createDirectories(tmp.resolve("mnt-nohup"));
        try (NotifyReceiver systemd = new NotifyReceiver();
             Daemon d = Daemon.start(List.of("nohup"), Map.of("NOTIFY_SOCKET", systemd.address), home.dir, mnt,
                     "--user", "nobody")) {
            systemd.await("READY=1", 60_000);
            assertTrue(Files.readString(Path.of("/proc", Long.toString(d.process.pid()), "comm")).startsWith("java"),
                    "nohup execs the daemon, so the signal reaches the JVM itself");
            signal(d, "HUP");
            systemd.await("RELOADING=1", 10_000);
            assertTrue(systemd.await("READY=1", 10_000).contains("reload 1 done"));
            assertTrue(d.process.isAlive(), "SIGHUP must not stop the daemon");
        }
    }

    @Test
    void anAuditLogRenamedAwayDoesNotFailTheNextLookup() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-rotate"));
        Path audit = home.dir.resolve("audit.log");
        try (Daemon d = Daemon.start(home.dir, mnt, "--stay-root")) {
            Path file = mnt.resolve(root).resolve("index.html");
            assertEquals("<h1>vipfs</h1>\n", Files.readString(file));
            Path moved = home.dir.resolve("audit.log.moved");
            Files.move(audit, moved);
            // Used to be EIO ("audit trail unavailable") for every operation until a remount.
            assertEquals(1, Files.list(mnt.resolve(root)).count());
            assertTrue(Files.readAllLines(audit).get(0).contains(ChainLink.OPERATION));
            CliRunner.Result v = CliRunner.run("audit", "verify", moved.toString(), audit.toString());
            assertEquals(0, v.code(), v.out() + v.err());
        }
    }

    @Test
    void readOnlyMountAnswersErofs() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-ro"));
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", "nobody", "--read-only")) {
            assertEquals("<h1>vipfs</h1>\n", PrivilegedMountTest.readAs(65534, mnt.resolve(root).resolve("index.html")));
            assertTrue(Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .anyMatch(l -> l.contains(" " + mnt + " fuse") && l.matches(".* ro[ ,].*")), "kernel mount not ro");
            for (String[] cmd : new String[][] {{"mkdir", mnt.resolve("data").toString()},
                    {"touch", mnt.resolve(root).resolve("x").toString()}}) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertFalse(p.waitFor() == 0, String.join(" ", cmd) + " succeeded");
                assertTrue(out.contains("Read-only file system"), String.join(" ", cmd) + ": " + out);
            }
        }
    }
}
