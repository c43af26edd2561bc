package dev.vipfs.fs.write;

import static dev.vipfs.fs.testkit.OtherUser.as;
import static dev.vipfs.fs.testkit.OtherUser.identity;
import static dev.vipfs.fs.testkit.OtherUser.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.testkit.OtherUser.Run;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.PolicyEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attributes object holds the mode and times of every entry of its directory. A caller refused
 * one of those entries must not learn them through the object: not by its reserved name, not by the
 * object's own CID, not by stat of the tree by CID.
 */
class AttributeObjectAttackTest {
    static final int SNOOP = 61041; // all content by CID, data/t/secret.txt denied
    static final Instant SECRET_TIME = Instant.parse("2020-01-02T03:04:05Z");

    @TempDir
    static Path tmp;
    static WriteFixture fx;
    static String byCid;
    static String objectPath;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Path home = WriteFixture.homeForOtherUsers(tmp);
        Files.writeString(home.resolve("policies/snoop.hcl"), rule("+", "read", "list") + rule("+/*", "read", "list")
                + rule("data", "list") + rule("data/t", "list") + rule("data/t/pub.txt", "read", "list")
                + rule("data/t/secret.txt", "deny"));
        Files.writeString(home.resolve("identities.hcl"), identity(0, "owner") + identity(SNOOP, "snoop"));
        fx = new WriteFixture(home);
        Files.setPosixFilePermissions(fx.mountpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx.mount(PolicyEngine.load(home, CidSpelling.RULES));
        Files.createDirectories(fx.data("t"));
        Files.writeString(fx.data("t/secret.txt"), "s\n");
        Files.writeString(fx.data("t/pub.txt"), "p\n");
        Files.setPosixFilePermissions(fx.data("t/secret.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(fx.data("t/secret.txt"), FileTime.from(SECRET_TIME));
        Files.setPosixFilePermissions(fx.data("t/pub.txt"), PosixFilePermissions.fromString("rw-r-----"));
        fx.awaitIdle();
        Cid root = fx.ns.cid("t");
        Cid object = new UnixfsReader(fx.store).lookup(root, DirectoryAttributes.LINK_NAME).orElseThrow();
        byCid = fx.mountpoint.resolve(CidSpelling.canonical(root)).toString();
        objectPath = fx.mountpoint.resolve(CidSpelling.canonical(object)).toString();
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void theCallerSeesWhatItMayLookUp() throws Exception {
        assertEquals(new Run(0, "640\n"), as(SNOOP, "stat -c %a " + byCid + "/pub.txt"));
        Run secret = as(SNOOP, "stat -c '%a %Y' " + byCid + "/secret.txt");
        assertNotEquals(0, secret.code(), secret.out());
        assertFalse(secret.out().contains(Long.toString(SECRET_TIME.getEpochSecond())), secret.out());
    }

    @Test
    void theObjectIsNotServedByNameNorByItsOwnCid() throws Exception {
        for (String path : new String[] {byCid + "/" + DirectoryAttributes.LINK_NAME, objectPath}) {
            Run cat = as(SNOOP, "cat " + path);
            assertNotEquals(0, cat.code(), path + ": " + cat.out());
            assertFalse(cat.out().contains("secret.txt") || cat.out().contains("2020-01-02"), cat.out());
            Run owner = as(0, "cat " + path);
            assertNotEquals(0, owner.code(), "not even for its owner, as a file: " + owner.out());
        }
        assertTrue(as(SNOOP, "ls -a " + byCid).out().contains("pub.txt"));
        assertFalse(as(SNOOP, "ls -a " + byCid).out().contains(DirectoryAttributes.LINK_NAME));
    }
}
