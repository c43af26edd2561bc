package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.vipfs.fs.testkit.OtherUser.as;
import static dev.vipfs.fs.testkit.OtherUser.identity;
import static dev.vipfs.fs.testkit.OtherUser.rule;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.fs.testkit.OtherUser.Run;
import dev.vipfs.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, classes 1 (data/ versions under another name), 3, 4 and 5 through a real mount, as
 * other uids: update alone never yields plaintext, a move never carries content to where it can be
 * read, a listing never shows what a lookup refuses, and a catalogued version's CID is governed by
 * the data/ rules that govern its path. Every check is on content.
 */
class DataAccessAttackTest {
    static final int UPDATER = 61021;  // update and list (no read) on data/box/x
    static final int MOVER = 61022;    // delete and list on data/inbox/private, create/read in data/pub
    static final int BROWSER = 61023;  // "+/*" read with data/private/* denied
    static final String SECRET = "DATASECRET-55e";

    @TempDir
    static Path tmp;
    static WriteFixture fx;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Path home = WriteFixture.homeForOtherUsers(tmp);
        Path policies = home.resolve("policies");
        Files.writeString(policies.resolve("updater.hcl"), rule("data/box/x", "update", "list") + rule("data/box", "list"));
        Files.writeString(policies.resolve("mover.hcl"), rule("data/inbox", "list") + rule("data/inbox/private", "delete", "list")
                + rule("data/inbox/hidden", "delete")
                + rule("data/inbox/private/*", "deny") + rule("data/pub", "read", "list", "create")
                + rule("data/pub/*", "create", "read", "update", "delete", "list") + rule("data", "list"));
        Files.writeString(policies.resolve("browser.hcl"), rule("+", "read", "list") + rule("+/*", "read", "list")
                + rule("data/private", "deny") + rule("data/private/*", "deny"));
        Files.writeString(home.resolve("identities.hcl"), identity(0, "owner") + identity(UPDATER, "updater")
                + identity(MOVER, "mover") + identity(BROWSER, "browser"));
        fx = new WriteFixture(home);
        Files.setPosixFilePermissions(fx.mountpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx.mount(PolicyEngine.load(home, CidSpelling.RULES));
        for (String d : new String[] {"box", "inbox", "inbox/private", "pub", "private"}) {
            Files.createDirectories(fx.data(d));
        }
        Files.writeString(fx.data("box/x"), SECRET + " in the box\n");
        Files.writeString(fx.data("inbox/private/letter"), SECRET + " in a letter\n");
        Files.writeString(fx.data("private/key.txt"), SECRET + " in private\n");
        Files.writeString(fx.data("inbox/hidden"), "a name the mover may delete but not see\n");
        fx.awaitIdle();
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    static void noSecret(Run r) {
        assertFalse(r.out().contains(SECRET), "secret leaked: " + r.out());
    }

    @Test
    void updateWithoutReadNeverYieldsPlaintext() throws Exception {
        String x = fx.data("box/x").toString();
        Run rdwr = as(UPDATER, "exec 3<> " + x + " && cat <&3");
        noSecret(rdwr);
        assertTrue(rdwr.out().contains("Permission denied"), rdwr.out());
        Run append = as(UPDATER, "echo more >> " + x);
        assertTrue(append.out().contains("Permission denied"), "an append decrypts the old content: " + append.out());
        Run truncate = as(UPDATER, "truncate -s 3 " + x);
        assertTrue(truncate.out().contains("Permission denied"), "keeping a prefix decrypts it: " + truncate.out());
        assertEquals(SECRET + " in the box\n", Files.readString(fx.data("box/x")), "nothing changed");
        Run replace = as(UPDATER, "echo replaced > " + x);
        assertEquals(0, replace.code(), "update may still replace the whole content: " + replace.out());
        fx.awaitIdle();
        assertEquals("replaced\n", Files.readString(fx.data("box/x")));
        String audit = Files.readString(fx.auditFile);
        assertTrue(audit.contains("\"op\":\"decrypt\""), "decryptions are audited");
    }

    @Test
    void aMoveNeverCarriesContentToWhereItCanBeRead() throws Exception {
        Run mv = as(MOVER, "mv " + fx.data("inbox/private") + " " + fx.data("pub/p"));
        noSecret(mv);
        assertNotEquals(0, mv.code(), mv.out());
        Run look = as(MOVER, "cat " + fx.data("pub/p/letter") + "; ls -R " + fx.data("pub"));
        noSecret(look);
        assertEquals(SECRET + " in a letter\n", Files.readString(fx.data("inbox/private/letter")), "still in place");
        Run legit = as(MOVER, "echo mine > " + fx.data("pub/a") + " && mv " + fx.data("pub/a") + " " + fx.data("pub/b")
                + " && cat " + fx.data("pub/b"));
        assertEquals(new Run(0, "mine\n"), legit, "moves within a readable tree still work");
    }

    @Test
    void listingsHideWhatLookupsRefuse() throws Exception {
        Run ls = as(MOVER, "ls " + fx.data("inbox"));
        assertEquals(0, ls.code(), ls.out());
        assertTrue(ls.out().contains("private"), ls.out());
        assertFalse(ls.out().contains("hidden"), ls.out());
        Run top = as(BROWSER, "ls " + fx.data(""));
        assertTrue(top.out().contains("pub") && !top.out().contains("private"), top.out());
    }

    @Test
    void aCataloguedVersionIsGovernedByItsPathUnderItsCidToo() throws Exception {
        Cid version = fx.ns.committed("private/key.txt").orElseThrow().cid();
        Cid dir = fx.ns.cid("");
        for (String path : new String[] {version.toString(), version.toV1().toString(), dir + "/private/key.txt"}) {
            Run r = as(BROWSER, "cat " + fx.mountpoint.resolve(path));
            noSecret(r);
            assertNotEquals(0, r.code(), path + ": " + r.out());
        }
        Files.writeString(fx.data("private/old.txt"), SECRET + " deleted later\n");
        fx.awaitIdle();
        Cid deleted = fx.ns.committed("private/old.txt").orElseThrow().cid();
        Files.delete(fx.data("private/old.txt"));
        Run r = as(BROWSER, "cat " + fx.mountpoint.resolve(deleted.toString()));
        noSecret(r);
        assertNotEquals(0, r.code(), "deleted content keeps its names: " + r.out());
        assertEquals(SECRET + " in private\n", as(0, "cat " + fx.mountpoint.resolve(version.toString())).out());
    }
}
