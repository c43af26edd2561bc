package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.mount.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A warm-up budget out of range, given as --warm-up-ms or as warm_up_ms, is refused in one line before anything mounts. */
class WarmUpSettingTest {
    @TempDir
    Path tmp;

    @Test
    void aFlagOutOfRangeIsRefused() throws Exception {
        Path home = tmp.resolve("home");
        new TestHome(home);
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        CliRunner.Result r = CliRunner.run("--home", home.toString(), "mount", "--stay-root", "--warm-up-ms", "-5", mnt.toString());
        assertNotEquals(0, r.code());
        assertRefusedInOneLine(r, "vipfs: --warm-up-ms must be 0 to 60000, not -5");
        assertFalse(Mounts.isMounted(mnt));
    }

    @Test
    void aConfigValueOutOfRangeIsRefused() throws Exception {
        Path home = tmp.resolve("home");
        new TestHome(home);
        TestHome.configure(home, config -> config.put("warm_up_ms", 70_000));
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        CliRunner.Result r = CliRunner.run("--home", home.toString(), "mount", "--stay-root", mnt.toString());
        assertRefusedInOneLine(r, "warm_up_ms must be 0 to 60000, not 70000");
        assertFalse(Mounts.isMounted(mnt));
    }

    /** Fails with the reason on one line of its own (beside --stay-root's warning), no stack trace. */
    private static void assertRefusedInOneLine(CliRunner.Result r, String reason) {
        assertNotEquals(0, r.code());
        assertTrue(r.err().lines().filter(l -> l.contains(reason)).count() == 1, r.err());
        assertTrue(r.err().lines().allMatch(l -> l.contains(reason) || l.contains("--stay-root: the daemon keeps root")), r.err());
    }
}
