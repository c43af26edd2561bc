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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who vipfs thinks it runs as, for a uid without a passwd entry (a container's arbitrary uid):
 * the JDK's UnixSystem reports uid 0 for one, which made `vipfs init` bind the owner policy to
 * root and `vipfs mount` take the user for root.
 */
class OwnIdentityTest {
    @TempDir
    Path tmp;

    @Test
    void aUidWithoutPasswdEntryIsItselfNotRoot() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to run as another uid");
        int uid = AsServiceUser.UID;
        Path parent = Files.createDirectories(tmp.resolve("user"));
        AsServiceUser.traversable(List.of(tmp));
        Files.setAttribute(parent, "unix:uid", uid);
        Files.setAttribute(parent, "unix:gid", uid);
        Path home = parent.resolve("home");

        Run init = as(uid, "--home", home.toString(), "init");
        assertEquals(0, init.code, init.out);
        String identities = Files.readString(home.resolve("identities.hcl"));
        assertTrue(identities.contains("identity \"uid:" + uid + "\""), identities);
        assertFalse(identities.contains("uid:0\""), identities);

        Path mnt = Files.createDirectories(parent.resolve("mnt"));
        Files.setAttribute(mnt, "unix:uid", uid);
        Run mount = as(uid, "--home", home.toString(), "mount", "--user", "nobody", mnt.toString());
        assertTrue(mount.out.contains("--user needs root"), "a uid without passwd entry was taken for root: " + mount.out);
    }

    private record Run(int code, String out) { }

    /** The CLI as {@code uid}, no groups. */
    private static Run as(int uid, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "timeout", "60", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ReadableClasspath.get(), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }
}
