package dev.vipfs.fs.fuse;

import static dev.vipfs.fs.testkit.OtherUser.as;
import static dev.vipfs.fs.testkit.OtherUser.identity;
import static dev.vipfs.fs.testkit.OtherUser.rule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.names.NameFileForgery;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names files (docs/names-file.md) stand in for walking a tree on a fresh mount. An attacker with a
 * grant on "+/*" and a deny on the tree's secret subtree reads the secret through a root of its own
 * that links it; a names file of the tree that leaves the secret out would let the read through.
 * A mount must use only names files the catalogue's owner wrote, and walk a tree whose file is
 * missing, cut short or not the owner's before it serves that tree's content under another name.
 */
class NameFileAttackTest {
    static final int ALICE = 61031;
    static final String SECRET = "NAMEFILESECRET-4be1";

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static PolicyEngine engine;
    static Cid tree;
    static Cid other;
    static Cid attackerRoot;
    static Path names;

    @BeforeAll
    static void build() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp);
        ImportedNode s = fx.addEncrypted((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        SortedMap<String, ImportedNode> secret = new TreeMap<>();
        secret.put("s.txt", s);
        SortedMap<String, ImportedNode> top = new TreeMap<>();
        top.put("a.txt", fx.addEncrypted("public\n".getBytes(StandardCharsets.UTF_8)));
        top.put("secret", fx.importer.addDirectory(secret));
        tree = fx.importer.addDirectory(top).cid();
        SortedMap<String, ImportedNode> o = new TreeMap<>();
        o.put("b.txt", fx.addEncrypted("other\n".getBytes(StandardCharsets.UTF_8)));
        other = fx.importer.addDirectory(o).cid();
        fx.catalog.record("other", other, true);
        fx.catalog.record("tree", tree, true);
        SortedMap<String, ImportedNode> mine = new TreeMap<>();
        mine.put("x", s);
        attackerRoot = fx.importer.addDirectory(mine).cid();
        Path policies = Files.createDirectories(tmp.resolve("policies"));
        // The deny names the tree's path with a glob, not its CID: the tree is known only as a
        // catalogued root, which is what its names file stands in for.
        Files.writeString(policies.resolve("alice.hcl"), rule("+", "read", "list") + rule("+/*", "read", "list")
                + rule("+/secret/*", "deny"));
        Files.writeString(tmp.resolve("identities.hcl"), identity(ALICE, "alice"));
        engine = PolicyEngine.load(tmp, CidSpelling.RULES);
        names = tmp.resolve("catalog").resolve("names");
    }

    @AfterEach
    void unmount() throws Exception {
        if (fx != null) {
            fx.unmount();
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    static Path fileOf(Cid root) {
        return names.resolve(CidSpelling.canonical(root));
    }

    /** Mounts, and asserts that Alice reads the public file but not the secret under her own root. */
    static void mountAndAssertTheSecretIsRefused() throws Exception {
        fx.mount(engine, MountOptions.builder().allowOther(true).build());
        assertEquals("public\n", as(ALICE, "cat '" + fx.path(tree, "a.txt") + "'").out());
        var r = as(ALICE, "cat '" + fx.path(attackerRoot, "x") + "'");
        assertFalse(r.out().contains(SECRET), "the secret leaked through another root: " + r.out());
        assertNotEquals(0, r.code());
    }

    /** A genuine names file of the tree, written by a mount that walked it. */
    static byte[] genuine() throws Exception {
        if (!Files.exists(fileOf(tree))) {
            mountAndAssertTheSecretIsRefused();
            fx.unmount();
        }
        return Files.readAllBytes(fileOf(tree));
    }

    @Test
    void aTreeWithoutANamesFileIsWalkedBeforeItsContentIsServedUnderAnotherName() throws Exception {
        genuine();
        Files.delete(fileOf(tree));
        assertTrue(Files.exists(fileOf(other)), "the other catalogued root keeps its file");
        mountAndAssertTheSecretIsRefused();
        fx.unmount();
        assertTrue(Files.exists(fileOf(tree)), "the walk is stored for the next mount");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(tree))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(names)));
    }

    @Test
    void aForgeryInAFileOthersCouldWriteIsIgnored() throws Exception {
        byte[] real = genuine();
        byte[] forged = NameFileForgery.without(tree, real, "/secret");
        assertFalse(Arrays.equals(real, forged));
        // group- or world-writable: anyone with that access could have written it
        Files.write(fileOf(tree), forged);
        Files.setPosixFilePermissions(fileOf(tree), PosixFilePermissions.fromString("rw-rw-rw-"));
        mountAndAssertTheSecretIsRefused();
        fx.unmount();
        // another uid's file, and a link to one, in the owner's directory
        Path planted = tmp.resolve("planted");
        Files.write(planted, forged);
        Files.setOwner(planted, tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(String.valueOf(ALICE)));
        Files.delete(fileOf(tree));
        Files.createLink(fileOf(tree), planted);
        mountAndAssertTheSecretIsRefused();
        fx.unmount();
        Files.delete(fileOf(tree));
        Files.createSymbolicLink(fileOf(tree), planted);
        mountAndAssertTheSecretIsRefused();
        fx.unmount();
        assertArrayEquals(real, Files.readAllBytes(fileOf(tree)), "the walk replaced the planted link with the real names");
    }

    @Test
    void aTruncatedOrDamagedFileIsIgnoredAndTheTreeWalkedAgain() throws Exception {
        byte[] real = genuine();
        Files.write(fileOf(tree), Arrays.copyOf(real, real.length / 2));
        mountAndAssertTheSecretIsRefused();
        fx.unmount();
        assertArrayEquals(real, Files.readAllBytes(fileOf(tree)));
        byte[] damaged = real.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(fileOf(tree), damaged);
        mountAndAssertTheSecretIsRefused();
        fx.unmount();
        assertArrayEquals(real, Files.readAllBytes(fileOf(tree)));
    }

    @Test
    void anotherUserCannotWriteANamesFile() throws Exception {
        genuine();
        var r = as(ALICE, "echo x > '" + names.resolve("bafyplanted") + "' || echo refused; "
                + "echo x > '" + fileOf(tree) + "' || echo refused");
        assertEquals(2, r.out().split("refused", -1).length - 1, r.out());
    }
}
