package dev.vipfs.fs.fuse;

import static dev.vipfs.fs.testkit.OtherUser.as;
import static dev.vipfs.fs.testkit.OtherUser.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.testkit.OtherUser.Run;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The name index keeps each entry's names (its own and its envelope blocks') once built (issue #16),
 * and the owner's listing builds them: a caller whom a rule on another name of the same content
 * refuses must still be refused, and not shown the entry, when every name was built on the owner's
 * behalf; the refusals are audited under the attacker's uid, and the owner is still served.
 */
class ContentNamesMemoAttackTest {
    static final int OWNER = 61061;
    static final int ATTACKER = 61062; // lists everything; the same content under "vault" is denied
    static final String SECRET = "MEMO-SECRET-5e1";

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static Cid open;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp);
        ImportedNode secret = fx.addEncrypted((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        SortedMap<String, ImportedNode> vault = new TreeMap<>();
        vault.put("s.txt", secret);
        Cid vaultRoot = fx.importer.addDirectory(vault).cid();
        SortedMap<String, ImportedNode> shared = new TreeMap<>();
        shared.put("copy.txt", secret);
        shared.put("fine.txt", fx.addEncrypted("fine\n".getBytes(StandardCharsets.UTF_8)));
        open = fx.importer.addDirectory(shared).cid();
        fx.catalog.record("vault", vaultRoot, true);
        fx.catalog.record("open", open, true);
        fx.mountForOwnerAndAttacker(OWNER, ATTACKER, rule("*", "read", "list")
                + rule(CidSpelling.canonical(vaultRoot) + "/*", "deny"));
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void namesTheOwnersListingBuiltStillRefuseTheAttacker() throws Exception {
        Path dir = fx.mountpoint.resolve(open.toString());
        Run owner = as(OWNER, "ls -l " + dir + " && cat " + dir.resolve("copy.txt"));
        assertTrue(owner.out().contains("copy.txt") && owner.out().contains(SECRET), owner.out());
        long deniesBefore = attackerDenials();

        Run listing = as(ATTACKER, "ls -l " + dir);
        assertEquals(0, listing.code(), listing.out());
        assertTrue(listing.out().contains("fine.txt"), "the attacker's own entries still show: " + listing.out());
        assertFalse(listing.out().contains("copy.txt"), "listed from names the owner's request built: " + listing.out());
        Run read = as(ATTACKER, "stat " + dir.resolve("copy.txt") + "; cat " + dir.resolve("copy.txt"));
        assertFalse(read.out().contains(SECRET), "served from names the owner's request built: " + read.out());
        assertNotEquals(0, read.code(), read.out());
        assertTrue(attackerDenials() >= deniesBefore + 2, "each refused lookup is audited under the attacker's uid");

        assertTrue(as(OWNER, "cat " + dir.resolve("copy.txt")).out().contains(SECRET), "the owner is still served");
    }

    private static long attackerDenials() throws Exception {
        return Files.readAllLines(fx.auditFile).stream()
                .filter(l -> l.contains("\"decision\":\"deny\"") && l.contains("\"uid\":" + ATTACKER)).count();
    }
}
