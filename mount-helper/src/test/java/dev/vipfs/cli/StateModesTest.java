package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.libc.Libc;
import dev.vipfs.node.ServiceState;
import dev.vipfs.node.VipfsHome;
import dev.vipfs.privilege.ServiceUser;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #15.4: under umask 022 the home is still 0700 and nothing in it is readable by others. */
class StateModesTest {
    @TempDir
    Path tmp;

    @Test
    void aHomeMadeUnderUmask022IsItsOwnersAlone() throws Exception {
        Path home = tmp.resolve("home");
        Libc.require().umask(0022);
        assertEquals(0, CliRunner.run("--home", home.toString(), "init").code());
        Path f = Files.writeString(tmp.resolve("f.txt"), "x");
        Libc.require().umask(0022);
        assertEquals(0, CliRunner.run("--home", home.toString(), "add", "-Q", f.toString()).code());
        Libc.require().umask(0022);
        assertEquals(0, CliRunner.run("--home", home.toString(), "policy", "write", "extra",
                Files.writeString(tmp.resolve("p.hcl"), "path \"*\" {\n  capabilities = [\"read\"]\n}\n").toString()).code());
        assertEquals(0700, mode(home));
        assertEquals(0600, mode(home.resolve("config.json")));
        assertTrue(Files.exists(home.resolve("catalog/added.jsonl")));
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                int m = mode(p);
                assertEquals(0, m & 077, p + " is " + Integer.toOctalString(m));
            }
        }
    }

    @Test
    void aServiceLayoutSharesKeysAndPoliciesWithTheServiceGroupOnly() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        Path home = tmp.resolve("home");
        Libc.require().umask(0022);
        assertEquals(0, CliRunner.run("--home", home.toString(), "init").code());
        Files.setAttribute(home.resolve("config.json"), "unix:mode", 0644); // as an older vipfs left it
        VipfsHome h = VipfsHome.at(home);
        ServiceUser svc = new ServiceUser("svc", AsServiceUser.UID, AsServiceUser.UID);
        ServiceState.prepare(h, h.loadConfig(), svc);
        assertEquals(0710, mode(home));
        assertEquals(AsServiceUser.UID, gid(home));
        assertEquals(0600, mode(home.resolve("config.json")));
        assertEquals(0, gid(home.resolve("config.json")));
        assertEquals(0750, mode(home.resolve("keys")));
        try (Stream<Path> s = Files.list(home.resolve("keys"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                assertEquals(0640, mode(p), p.toString());
                assertEquals(AsServiceUser.UID, gid(p), p.toString());
                assertEquals(0, Files.getAttribute(p, "unix:uid"), p.toString());
            }
        }
        for (String d : new String[] {"blocks", "catalog", "spool"}) {
            assertEquals(0700, mode(home.resolve(d)), d);
            assertEquals(AsServiceUser.UID, Files.getAttribute(home.resolve(d), "unix:uid"), d);
        }
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                assertEquals(0, mode(p) & 07, p + " is open to others: " + Integer.toOctalString(mode(p)));
            }
        }
        // A key rotated by root afterwards is shared the same way, and the keyring still trusts it.
        assertEquals(0, CliRunner.run("--home", home.toString(), "key", "rotate", "default").code());
        try (Stream<Path> s = Files.list(home.resolve("keys"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                assertEquals(0640, mode(p), p.toString());
                assertEquals(AsServiceUser.UID, gid(p), p.toString());
            }
        }
        CliRunner.Result list = CliRunner.run("--home", home.toString(), "key", "list");
        assertEquals(0, list.code(), list.err());
        // So is a policy written afterwards, and the identity file keeps its group when rewritten:
        // the dropped daemon reloads both on SIGHUP.
        Path hcl = Files.writeString(tmp.resolve("p.hcl"), "path \"*\" {\n  capabilities = [\"read\"]\n}\n");
        assertEquals(0, CliRunner.run("--home", home.toString(), "policy", "write", "later", hcl.toString()).code());
        assertEquals(0, CliRunner.run("--home", home.toString(), "identity", "write", "uid:5", "policies=later").code());
        for (Path p : new Path[] {home.resolve("policies/later.hcl"), home.resolve("identities.hcl")}) {
            assertEquals(0640, mode(p), p.toString());
            assertEquals(AsServiceUser.UID, gid(p), p.toString());
        }
    }

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static int gid(Path p) throws Exception {
        Map<String, Object> a = Files.readAttributes(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        return (Integer) a.get("gid");
    }
}
