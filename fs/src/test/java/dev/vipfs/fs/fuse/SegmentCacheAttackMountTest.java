package dev.vipfs.fs.fuse;

import static dev.vipfs.fs.testkit.OtherUser.as;
import static dev.vipfs.fs.testkit.OtherUser.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.content.EnvelopeLayout;
import dev.vipfs.fs.testkit.OtherUser.Run;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.importer.FileChild;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, class 7 through a real mount: the owner reads a secret in a tree that neither the
 * catalogue nor any rule names (so no name follows its blocks), which leaves its plaintext in the
 * shared segment cache. An attacker pairs a header of its own (sealed to the node's public key, so
 * it opens) with that payload: the segments must be decrypted under the attacker's header, and fail,
 * not be served from the cache.
 */
class SegmentCacheAttackMountTest {
    static final int OWNER = 61041;
    static final int ATTACKER = 61042;
    static final String SECRET = "CACHED-SECRET-0b1";

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static String unnamedTree;
    static String attackerRoot;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp);
        ImportedNode secret = fx.addEncrypted((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        SortedMap<String, ImportedNode> dir = new TreeMap<>();
        dir.put("s.txt", secret);
        SortedMap<String, ImportedNode> top = new TreeMap<>();
        top.put("secret", fx.importer.addDirectory(dir));
        unnamedTree = fx.importer.addDirectory(top).cid().toString();

        UnixfsReader reader = new UnixfsReader(fx.store);
        FileLink payload = reader.stat(secret.cid()).fileLinks().get(1);
        ImportedNode own = fx.addEncrypted(new byte[SECRET.length() + 1]);
        FileLink ownHeader = reader.stat(own.cid()).fileLinks().get(0);
        ImportedNode paired = fx.importer.addFileNode(List.of(
                new FileChild(EnvelopeLayout.HEADER_LINK, new ImportedNode(ownHeader.cid(), ownHeader.blocksize(), ownHeader.blocksize())),
                new FileChild(EnvelopeLayout.PAYLOAD_LINK, new ImportedNode(payload.cid(), payload.blocksize(), payload.blocksize()))));
        SortedMap<String, ImportedNode> mine = new TreeMap<>();
        mine.put("x", paired);
        attackerRoot = fx.importer.addDirectory(mine).cid().toString();

        // Glob rules only: nothing names the secret's tree literally, so the name index does not know it.
        fx.mountForOwnerAndAttacker(OWNER, ATTACKER, rule("+", "read", "list") + rule("+/*", "read", "list")
                + rule("+/secret", "deny") + rule("+/secret/*", "deny"));
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void aPayloadInTheCacheIsNotServedUnderAnotherHeader() throws Exception {
        String s = fx.mountpoint.resolve(unnamedTree).resolve("secret/s.txt").toString();
        assertEquals(SECRET + "\n", as(OWNER, "cat " + s).out(), "the owner's read fills the cache");
        Run direct = as(ATTACKER, "cat " + s);
        assertFalse(direct.out().contains(SECRET), direct.out());
        Run paired = as(ATTACKER, "cat " + fx.mountpoint.resolve(attackerRoot).resolve("x"));
        assertFalse(paired.out().contains(SECRET), "cached plaintext under a foreign header: " + paired.out());
        assertNotEquals(0, paired.code(), paired.out());
    }
}
