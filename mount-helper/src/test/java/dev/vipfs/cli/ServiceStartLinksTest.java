package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15.2: what a compromised service user plants in its own directories (catalog/, spool/,
 * blocks/) while the mount is down must not make the root-started mount create, truncate, chown
 * or read anything it points at, nor hang it: every plant is refused with a message or is harmless.
 */
class ServiceStartLinksTest {
    @TempDir
    Path tmp;

    @Test
    void plantedLinksFifosAndHardLinksNeverReachRootFiles() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        Path secret = tmp.resolve("secret");
        Path canary = AsServiceUser.canary(secret, "journal-target");
        Path canary2 = AsServiceUser.canary(secret, "spool-target");
        Path created = secret.resolve("created-by-root");
        Path visible = tmp.resolve("visible.txt"); // a root file the service user can see: hard-link bait
        Files.writeString(visible, "root's, world-readable\n");
        Files.setPosixFilePermissions(visible, PosixFilePermissions.fromString("rw-r--r--"));
        List<Path> canaries = List.of(canary, canary2, created, visible);
        List<String> before = describe(canaries);

        TestHome home = new TestHome(tmp.resolve("home"));
        AsServiceUser.traversable(List.of(tmp));
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("a.txt"), "served after all that\n");
        String root = home.add(site);
        String user = Integer.toString(AsServiceUser.UID);
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));

        // First start: the home that root initialised is laid out and its state handed over.
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", user)) {
            assertEquals("served after all that\n", Files.readString(mnt.resolve(root).resolve("a.txt")));
        }
        for (String s : List.of("blocks", "catalog", "spool", "audit.log")) {
            assertEquals(AsServiceUser.UID, Files.getAttribute(home.dir.resolve(s), "unix:uid", LinkOption.NOFOLLOW_LINKS), s);
        }
        Map<String, String> env = Map.of("H", home.dir.toString(), "CANARY", canary.toString(),
                "CANARY2", canary2.toString(), "CREATED", created.toString(), "VISIBLE", visible.toString());

        // Round 1: the journal and the lock file are links to root files (one of them not yet existing).
        AsServiceUser.run("""
                cd "$H/catalog" && rm -f namespace.jsonl namespace.lock
                ln -s "$CANARY" namespace.jsonl; ln -s "$CREATED" namespace.lock
                ln -s "$CANARY" added.jsonl.link
                """, env);
        expectRefused(home, mnt, user, "not a plain file");
        assertEquals(before, describe(canaries));

        // Round 2: a FIFO where the snapshot is expected must not hang the start.
        AsServiceUser.run("cd \"$H/catalog\" && rm -f namespace.jsonl namespace.lock && mkfifo namespace.snapshot.json", env);
        expectRefused(home, mnt, user, "not a plain file");

        // Round 3: a hard link to a root file as the journal (if the kernel even allows it: protected_hardlinks).
        String ln = AsServiceUser.run("cd \"$H/catalog\" && rm -f namespace.snapshot.json && ln \"$VISIBLE\" namespace.jsonl"
                + " && echo linked", env);
        if (ln.contains("linked")) {
            expectRefused(home, mnt, user, "not a plain file");
            AsServiceUser.run("rm -f \"$H/catalog/namespace.jsonl\"", env);
        }
        assertEquals(before, describe(canaries));

        // Round 4: links in spool/ and blocks/ (the state is not walked, spool links are removed, not followed).
        AsServiceUser.run("""
                ln -s "$CANARY2" "$H/spool/leftover.spool"
                ln -s "$CANARY" "$H/blocks/AA.data"; ln -s "$CANARY2" "$H/blocks/ZZ"
                """, env);
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", user)) {
            assertEquals("served after all that\n", Files.readString(mnt.resolve(root).resolve("a.txt")));
        }
        assertEquals(before, describe(canaries));
        assertTrue(!Files.exists(home.dir.resolve("spool/leftover.spool"), LinkOption.NOFOLLOW_LINKS), "spool cleaned");
    }

    @Test
    void refusesAHomeOrAMountpointTheServiceUserCouldSwap() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        AsServiceUser.traversable(List.of(tmp));
        Path owned = Files.createDirectories(tmp.resolve("svc-owned"));
        Files.setAttribute(owned, "unix:uid", AsServiceUser.UID);
        String user = Integer.toString(AsServiceUser.UID);
        // A home in a directory the service user owns: it could swap config.json or keys/ under root.
        TestHome inside = new TestHome(owned.resolve("home"));
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        expectRefused(inside, mnt, user, "must be owned by root");
        // A mountpoint in a directory the service user owns: it could make root mount over /etc.
        TestHome home = new TestHome(tmp.resolve("home"));
        Path swappable = Files.createDirectories(owned.resolve("mnt"));
        expectRefused(home, swappable, user, "refusing to mount on");
        assertEquals(0, Files.getAttribute(home.dir.resolve("blocks"), "unix:uid"), "nothing was handed over");
    }

    private static void expectRefused(TestHome home, Path mnt, String user, String why) throws Exception {
        long t0 = System.nanoTime();
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", user)) {
            fail("the mount started over planted state: " + d.output());
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains(why), e.getMessage());
            assertTrue(!e.getMessage().contains("Exception:"), "a message, not a stack trace: " + e.getMessage());
        }
        assertTrue(System.nanoTime() - t0 < 40_000_000_000L, "refusing took too long");
    }

    private static List<String> describe(List<Path> files) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (Path p : files) {
            out.add(p + " " + AsServiceUser.describe(p));
        }
        return out;
    }
}
