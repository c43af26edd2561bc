package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write into MOUNT/data that fills the disk under the store answers ENOSPC, not EIO, and the mount goes on. */
class FullDiskMountTest {
    @TempDir
    Path tmp;

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), script);
        return p.exitValue() + ":" + out;
    }

    @Test
    void aFullStoreIsEnospc() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount a small tmpfs");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path blocks = Files.createDirectories(home.resolve("blocks"));
        Path spool = Files.createDirectories(home.resolve("spool"));
        assertEquals("0:", sh("mount -t tmpfs -o size=4m tmpfs " + blocks + " && mount -t tmpfs -o size=4m tmpfs " + spool));
        try (WriteFixture fx = new WriteFixture(home)) {
            fx.mount();
            String dd = sh("dd if=/dev/urandom of=" + fx.data("big.bin") + " bs=1M count=16 conv=fsync 2>&1");
            assertNotEquals('0', dd.charAt(0), dd);
            assertTrue(dd.contains("No space left on device"), "ENOSPC, not EIO: " + dd);
            sh("rm -f " + fx.data("big.bin"));
            fx.awaitIdle();
            Files.writeString(fx.data("small.txt"), "still serving\n");
            fx.awaitIdle();
            assertEquals("still serving\n", Files.readString(fx.data("small.txt")));
        } finally {
            sh("umount -l " + blocks + "; umount -l " + spool);
        }
    }
}
