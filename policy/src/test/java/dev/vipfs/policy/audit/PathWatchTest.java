package dev.vipfs.policy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What may change the file a path names, tried the ways logrotate, an operator or an attacker with
 * write access to a directory on the way would: each must make the watch say "look again", and work
 * on other names beside the log must not.
 */
class PathWatchTest {
    @TempDir
    Path dir;

    private Path log() throws Exception {
        Path d = Files.createDirectories(dir.resolve("home/audit"));
        return Files.writeString(d.resolve("audit.log"), "");
    }

    @Test
    void quietWhileNothingOnThePathChanges() throws Exception {
        Path log = log();
        try (PathWatch w = PathWatch.armed(log)) {
            assertFalse(w.changed());
            Files.writeString(log, "a line\n"); // writing the log itself
            Files.writeString(log.resolveSibling("other.log"), "x"); // a neighbour created
            Files.move(log.resolveSibling("other.log"), log.resolveSibling("other.log.1"));
            Files.createDirectory(dir.resolve("elsewhere"));
            assertFalse(w.changed());
        }
    }

    @Test
    void aRenameOfTheLogIsSeenOnTheNextCheckAndOnlyOnce() throws Exception {
        Path log = log();
        try (PathWatch w = PathWatch.armed(log)) {
            Files.move(log, log.resolveSibling("audit.log.1"));
            assertTrue(w.changed());
            w.arm();
            assertFalse(w.changed(), "the events were consumed and the watch armed on the path as it is");
            Files.writeString(log, ""); // logrotate's create
            assertTrue(w.changed());
        }
    }

    @Test
    void deletingOrReplacingTheLogIsSeen() throws Exception {
        Path log = log();
        try (PathWatch w = PathWatch.armed(log)) {
            Files.delete(log);
            assertTrue(w.changed());
            w.arm();
            Path other = Files.writeString(log.resolveSibling("new"), "");
            Files.move(other, log); // renamed over the name
            assertTrue(w.changed());
        }
    }

    @Test
    void aDirectoryOnTheWayMovedOrReplacedIsSeen() throws Exception {
        Path log = log();
        try (PathWatch w = PathWatch.armed(log)) {
            Files.move(dir.resolve("home"), dir.resolve("home.old"));
            assertTrue(w.changed());
            w.arm();
            Files.createDirectories(dir.resolve("home/audit"));
            assertTrue(w.changed(), "the directory the path now goes through was created");
        }
        Path parent = dir.resolve("home/audit");
        try (PathWatch w = PathWatch.armed(parent.resolve("audit.log"))) {
            Files.delete(parent);
            assertTrue(w.changed());
        }
    }

    @Test
    void aSymbolicLinkOnTheWayIsFollowedAndWatchedAtBothEnds() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/state"));
        Files.writeString(real.resolve("audit.log"), "");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Path viaLink = link.resolve("state/audit.log");
        List<PathWatch.Lookup> lookups = PathWatch.lookups(viaLink);
        assertTrue(lookups.containsAll(List.of(new PathWatch.Lookup(dir, "link"), new PathWatch.Lookup(dir, "real"),
                new PathWatch.Lookup(dir.resolve("real"), "state"),
                new PathWatch.Lookup(dir.resolve("real/state"), "audit.log"))), lookups.toString());
        assertEquals(new PathWatch.Lookup(dir.resolve("real/state"), "audit.log"), lookups.get(lookups.size() - 1));
        try (PathWatch w = PathWatch.armed(viaLink)) {
            Files.move(real.resolve("audit.log"), real.resolve("audit.log.1")); // through the link's target
            assertTrue(w.changed());
        }
        try (PathWatch w = PathWatch.armed(viaLink)) {
            Files.createDirectories(dir.resolve("decoy/state"));
            Files.delete(link);
            Files.createSymbolicLink(link, dir.resolve("decoy")); // the link pointed elsewhere
            assertTrue(w.changed());
        }
        try (PathWatch w = PathWatch.armed(dir.resolve("link2/state/audit.log"))) {
            Files.createSymbolicLink(dir.resolve("link2"), Path.of("real")); // relative, created later
            assertTrue(w.changed());
        }
    }

    @Test
    void aClosedWatchAlwaysSaysLookAgain() throws Exception {
        PathWatch w = PathWatch.armed(log());
        w.close();
        assertTrue(w.changed());
        w.arm();
        assertTrue(w.changed());
    }

    @Test
    void aDirectoryGoneBetweenTheLookupAndTheWatchIsTriedAgainNotGivenUp() throws Exception {
        Path log = log();
        try (PathWatch w = PathWatch.armed(log)) {
            assertFalse(w.changed());
            // As if a directory on the way was removed (a rotation under way) after the lookup listed it.
            w.arm(List.of(new PathWatch.Lookup(dir.resolve("gone"), "audit.log")));
            assertTrue(w.changed(), "unarmed, every line must look the path up");
            w.arm(List.of(new PathWatch.Lookup(log, "x"))); // replaced by a file: not a directory either
            assertTrue(w.changed());
            w.arm(); // the next line's lookup
            assertFalse(w.changed(), "armed again, not fallen back to a lookup per line for good");
            Files.move(log, log.resolveSibling("audit.log.1"));
            assertTrue(w.changed());
        }
    }
}
