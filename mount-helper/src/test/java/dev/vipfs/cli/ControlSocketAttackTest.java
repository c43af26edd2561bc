package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local uid against the control socket of a root-started mount that dropped to nobody:
 * the socket is nobody's and 0600, and even opened up by a careless chmod the daemon refuses the
 * peer (SO_PEERCRED) — no status, and above all no policy reload.
 */
@org.junit.jupiter.api.Timeout(600)
class ControlSocketAttackTest {
    static final int NOBODY = 65534;
    @TempDir
    static Path tmp;
    static TestHome home;
    static String root;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        home = new TestHome(tmp.resolve("home"));
        Path tree = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(tree.resolve("index.html"), "<h1>guarded</h1>\n");
        root = home.add(tree);
        home.policy("reader", "path \"*\" {\n  capabilities = [\"read\", \"list\"]\n}\n");
        home.identities(bound(true));
        home.openForServiceUsers();
    }

    static String bound(boolean nobodyReads) {
        return "identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n"
                + (nobodyReads ? "identity \"uid:" + NOBODY + "\" {\n  policies = [\"reader\"]\n}\n" : "");
    }

    /** `vipfs --home HOME ARGS` as uid, without groups. */
    static AsRun as(int uid, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", ReadableClasspath.get(), Main.class.getName(), "--home", home.dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new AsRun(p.exitValue(), out);
    }

    record AsRun(int code, String out) { }

    @Test
    void anotherUidCannotAskOrReloadEvenThroughAnOpenedSocket() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Path socket = home.dir.resolve("vipfs.sock");
        Path file = mnt.resolve(root).resolve("index.html");
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", "nobody")) {
            assertEquals(NOBODY, Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS), d.output());
            assertEquals(0600, (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777);
            assertEquals("<h1>guarded</h1>\n", PrivilegedMountTest.readAs(NOBODY, file));

            // As laid out: the home is 0710 for nobody's group, the socket nobody's alone.
            AsRun blocked = as(AsServiceUser.UID, "status");
            assertNotEquals(0, blocked.code(), blocked.out());

            // A careless operator opens both up: the kernel now lets the connection through, the daemon does not.
            Files.setAttribute(home.dir, "unix:mode", 0711);
            Files.setAttribute(socket, "unix:mode", 0666);
            AsRun status = as(AsServiceUser.UID, "status");
            assertEquals(ExitCodes.DENIED, status.code(), status.out());
            assertTrue(status.out().contains("refused: only nobody and root may use this socket"), status.out());

            home.identities(bound(false)); // a reload would now lock nobody out
            AsRun reload = as(AsServiceUser.UID, "reload");
            assertEquals(ExitCodes.DENIED, reload.code(), reload.out());
            Thread.sleep(500);
            assertEquals("<h1>guarded</h1>\n", PrivilegedMountTest.readAs(NOBODY, file), "the attacker's reload took effect");

            // The service user itself and root are answered; root's reload takes effect.
            AsRun own = as(NOBODY, "status", "--json");
            assertEquals(0, own.code(), own.out());
            CliRunner.Result rootReload = CliRunner.run("--home", home.dir.toString(), "reload");
            assertEquals(0, rootReload.code(), rootReload.err());
            Process cat = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "cat", file.toString()).redirectErrorStream(true).start();
            String out = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals(0, cat.waitFor(), out);
            assertTrue(d.output().contains("control socket: refused a connection"), d.output());
            // The denial is logged with its caller, named as the audit log names it: no plaintext path.
            String log = d.output();
            String denial = log.lines().filter(l -> l.contains("INFO dev.vipfs.denials - denied ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no denial logged: " + log));
            assertTrue(denial.contains(" on hmac-sha256:") && denial.contains("to uid " + NOBODY), denial);
            assertTrue(!log.contains("index.html"), log);
        } finally {
            home.identities(bound(true));
        }
    }
}
