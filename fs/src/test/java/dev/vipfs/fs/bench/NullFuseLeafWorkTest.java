package dev.vipfs.fs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/run's sequential design floor is a figure only if its reads do the work and return the
 * file: the bytes read through the mount are the plaintext of every leaf, opened from its
 * ciphertext, and a sequential read opens each leaf once.
 */
class NullFuseLeafWorkTest {
    @TempDir
    Path tmp;

    @Test
    void leafWorkServesTheDecryptedPlaintextOpeningEachLeafOnce() throws Exception {
        // Past the ring (leaf i is ring leaf i % RING) and ending inside a leaf, so the last is read in part.
        int leaves = 2 * LeafWork.RING + 3;
        long size = (long) (leaves - 1) * LeafWork.PLAIN + 5_000;
        byte[] expected = new byte[(int) size];
        for (int i = 0; i < leaves; i++) {
            byte[] p = LeafWork.plaintextOf(i % LeafWork.RING);
            System.arraycopy(p, 0, expected, i * LeafWork.PLAIN, Math.min(LeafWork.PLAIN, (int) size - i * LeafWork.PLAIN));
        }
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        NullFuse fs = new NullFuse(size, 0, true);
        Thread serving = new Thread(() -> fs.mount(mnt, true, false, MountOptions.builder().build().toFuseArgs()), "nullfuse");
        serving.setDaemon(true);
        serving.start();
        try {
            assertTrue(Mounts.await(mnt, true, 15_000), "NullFuse did not mount at " + mnt);
            assertArrayEquals(expected, Files.readAllBytes(mnt.resolve("data")));
            assertEquals(leaves, fs.leavesOpened(), "leaves hashed and opened for one sequential read");
        } finally {
            Mounts.unmount(mnt);
            serving.join(10_000);
        }
    }
}
