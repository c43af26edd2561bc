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
import dev.vipfs.policy.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web server's requests leave behind (issue #16: the parsed root segment, a CID's text, the
 * opened envelope, the kernel's pages of the file) must not answer another uid: after the allowed
 * caller has read a file many times under both spellings of its root, a caller the policy refuses
 * is refused on every open, and each refusal is audited under its own uid.
 */
class WebServingCacheAttackTest {
    static final int OWNER = 61051;
    static final int ATTACKER = 61052;
    static final String SECRET = "WEB-SECRET-4k";

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static Cid root;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp);
        SortedMap<String, ImportedNode> dir = new TreeMap<>();
        dir.put("f4k", fx.addEncrypted((SECRET + "\n").getBytes(StandardCharsets.UTF_8)));
        root = fx.importer.addDirectory(dir).cid();
        fx.mountForOwnerAndAttacker(OWNER, ATTACKER, rule("*", "list") + rule(CidSpelling.canonical(root) + "/f4k", "deny"));
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void whatTheOwnersRequestsCachedServesNoOtherUid() throws Exception {
        List<String> spellings = List.of(root.toString(), root.toV1().toString());
        for (String spelling : spellings) {
            String f = fx.mountpoint.resolve(spelling).resolve("f4k").toString();
            Run owner = as(OWNER, "for i in 1 2 3 4 5; do cat " + f + "; done");
            assertEquals((SECRET + "\n").repeat(5), owner.out(), "the owner's reads fill every cache");
        }
        long deniesBefore = attackerDenials();
        for (String spelling : spellings) {
            String f = fx.mountpoint.resolve(spelling).resolve("f4k").toString();
            Run attacker = as(ATTACKER, "cat " + f + "; cat " + f);
            assertFalse(attacker.out().contains(SECRET), "served from a cache another uid filled: " + attacker.out());
            assertNotEquals(0, attacker.code(), attacker.out());
        }
        assertTrue(attackerDenials() >= deniesBefore + 4, "each refused open is audited under the attacker's uid");
        assertEquals(SECRET + "\n", as(OWNER, "cat " + fx.mountpoint.resolve(root.toString()).resolve("f4k")).out(),
                "the owner is still served");
    }

    @Test
    void aFileTheOwnerHoldsOpenIsNotServedToAnotherUid() throws Exception {
        // The owner's open file keeps its pages and its handle alive (keep_cache) while the other
        // uid asks: the kernel still sends that uid's open to the daemon, which refuses and audits
        // it between the owner's own lines, and the chain of lines stays whole.
        String f = fx.mountpoint.resolve(root.toString()).resolve("f4k").toString();
        var holder = CompletableFuture.supplyAsync(() -> {
            try {
                return as(OWNER, "exec 3< " + f + "; cat <&3; sleep 3; cat " + f);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1000);
        long deniesBefore = attackerDenials();
        Run attacker = as(ATTACKER, "cat " + f + "; cat " + f + "; cat " + f);
        assertFalse(attacker.out().contains(SECRET), "served while the owner held the file open: " + attacker.out());
        assertNotEquals(0, attacker.code(), attacker.out());
        assertEquals((SECRET + "\n").repeat(2), holder.get().out(), "the owner is served throughout");
        assertTrue(attackerDenials() >= deniesBefore + 3, "each refused open is audited under the attacker's uid");
        assertTrue(AuditLog.verify(fx.auditFile).valid(), "the audit chain stays whole");
    }

    private static long attackerDenials() throws Exception {
        return Files.readAllLines(fx.auditFile).stream()
                .filter(l -> l.contains("\"decision\":\"deny\"") && l.contains("\"uid\":" + ATTACKER)).count();
    }
}
