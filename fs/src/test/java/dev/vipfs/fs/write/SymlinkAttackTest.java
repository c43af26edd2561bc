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
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.testkit.OtherUser.Run;
import dev.vipfs.ipfs.car.CarImporter;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.policy.PolicyEngine;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symlinks attacked as another uid would (issue #18): a link never makes the daemon read anything
 * (it stores and returns text; the kernel follows links for the caller, through the policy or the
 * host's permissions), readlink needs read like a file, and links out of the mount, written or
 * fetched in content, are shown as they are or, with hide_escaping_symlinks, not at all.
 */
class SymlinkAttackTest {
    static final int WRITER = 61031;   // everything in data/pub, nothing in data/private
    static final int PEEKER = 61032;   // may look up data/pub/link but not read it
    static final String SECRET = "LINKSECRET-7d1";

    @TempDir
    static Path tmp;
    static WriteFixture fx;
    static Cid fetched;
    static Cid fixture;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Path home = WriteFixture.homeForOtherUsers(tmp);
        Path policies = home.resolve("policies");
        Files.writeString(policies.resolve("writer.hcl"), rule("data", "list") + rule("data/pub", "read", "list")
                + rule("data/pub/*", "create", "read", "update", "delete", "list") + rule("+", "read", "list")
                + rule("+/*", "read", "list") + rule("data/private", "deny") + rule("data/private/*", "deny"));
        Files.writeString(policies.resolve("peeker.hcl"), rule("data", "list") + rule("data/pub", "list")
                + rule("data/pub/link", "list"));
        Files.writeString(home.resolve("identities.hcl"), identity(0, "owner") + identity(WRITER, "writer")
                + identity(PEEKER, "peeker"));
        fx = new WriteFixture(home);
        Files.setPosixFilePermissions(fx.mountpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Content as it could arrive from the network: a directory whose link points at the host.
        UnixfsImporter importer = new UnixfsImporter(fx.store, ImportOptions.kuboDefault());
        TreeMap<String, ImportedNode> entries = new TreeMap<>();
        entries.put("passwd", importer.addSymlink("/etc/passwd"));
        entries.put("up", importer.addSymlink("../../.."));
        entries.put("near", importer.addSymlink("passwd"));
        fetched = importer.addDirectory(entries).cid();
        try (InputStream in = Files.newInputStream(Path.of("../ipfs/src/test/resources/gateway-conformance/path_gateway_unixfs__symlink.car"))) {
            fixture = CarImporter.importTo(in, fx.store).get(0);
        }
        fx.mount(PolicyEngine.load(home, CidSpelling.RULES));
        Files.createDirectories(fx.data("pub"));
        Files.createDirectories(fx.data("private"));
        Files.writeString(fx.data("private/key.txt"), SECRET + "\n");
        fx.awaitIdle();
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void aLinkToDeniedDataReadsNothing() throws Exception {
        String link = fx.data("pub/link").toString();
        Run make = as(WRITER, "ln -s ../private/key.txt " + link + " && readlink " + link);
        assertEquals(new Run(0, "../private/key.txt\n"), make, "the writer may make a link to any text");
        Run follow = as(WRITER, "cat " + link);
        assertFalse(follow.out().contains(SECRET), follow.out());
        assertNotEquals(0, follow.code(), "the kernel resolves it to data/private/key.txt, which the policy refuses");
        Run peek = as(PEEKER, "stat -c %F " + link + "; readlink " + link + "; cat " + link);
        assertFalse(peek.out().contains(SECRET) || peek.out().contains("../private"), peek.out());
        assertTrue(peek.out().startsWith("symbolic link"), "looking it up is allowed: " + peek.out());
        assertTrue(peek.out().contains("Permission denied"), "reading its target needs read: " + peek.out());
    }

    @Test
    void theDaemonNeverFollowsALinkToTheHost() throws Exception {
        String link = fx.data("pub/shadow").toString();
        Run r = as(WRITER, "ln -s /etc/shadow " + link + " && readlink " + link + " && cat " + link);
        // The daemon runs as root here: had it opened the target, the writer would now read /etc/shadow.
        assertTrue(r.out().startsWith("/etc/shadow\n"), r.out());
        assertTrue(r.out().contains("Permission denied") && !r.out().contains("root:"),
                "the host refuses the writer itself: " + r.out());
    }

    @Test
    void linksInContentArePresentedAsTheyAreAndNeverFollowed() throws Exception {
        Path dir = fx.mountpoint.resolve(fetched.toString());
        assertEquals("/etc/passwd", Files.readSymbolicLink(dir.resolve("passwd")).toString());
        assertEquals("../../..", Files.readSymbolicLink(dir.resolve("up")).toString());
        Run r = as(WRITER, "readlink " + dir.resolve("passwd") + " && stat -c %F " + dir.resolve("passwd"));
        assertEquals(new Run(0, "/etc/passwd\nsymbolic link\n"), r);
        // The public fixture: bar -> foo, and following it is the kernel's lookup of foo.
        Path bar = fx.mountpoint.resolve(fixture.toString()).resolve("bar");
        assertEquals("foo", Files.readSymbolicLink(bar).toString());
        assertEquals("content\n", Files.readString(bar));
        Run denied = as(61033, "readlink " + bar);
        assertNotEquals(0, denied.code(), "no policy, no target: " + denied.out());
    }

    @Test
    void hideEscapingSymlinksHidesLinksOutOfTheMount() throws Exception {
        Files.createSymbolicLink(fx.data("pub/out"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(fx.data("pub/climb"), Path.of("../../../etc"));
        Files.createSymbolicLink(fx.data("pub/in"), Path.of("../private/key.txt"));
        fx.hideEscapingSymlinks(true);
        try {
            Path dir = fx.mountpoint.resolve(fetched.toString());
            assertFalse(Files.exists(dir.resolve("passwd"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(dir.resolve("up"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertEquals("passwd", Files.readSymbolicLink(dir.resolve("near")).toString(), "a link within stays");
            assertFalse(Files.exists(fx.data("pub/out"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(fx.data("pub/climb"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            try (var names = Files.list(fx.data("pub"))) {
                assertFalse(names.anyMatch(p -> p.getFileName().toString().equals("out")), "not listed either");
            }
            assertEquals(SECRET + "\n", Files.readString(fx.data("pub/in")), "a link within the mount still works");
        } finally {
            fx.hideEscapingSymlinks(false);
        }
        Thread.sleep(1100); // the kernel remembers a name found absent for negative_timeout=1 s
        assertEquals("/etc/passwd", Files.readSymbolicLink(fx.data("pub/out")).toString());
    }
}
