package dev.vipfs.fs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/run's design floors are figures only if their reads do the work and return the file: the
 * bytes read through the mount are the plaintext of every leaf, opened from its ciphertext (in
 * memory or read from the leaf file), and a sequential read opens each leaf once.
 */
class NullFuseLeafWorkTest {
    @TempDir
    Path tmp;

    @Test
    void leafWorkServesTheDecryptedPlaintextOpeningEachLeafOnce() throws Exception {
        readsBack(null);
    }

    @Test
    void leavesReadFromALeafFileServeTheSamePlaintext() throws Exception {
        Path leafFile = tmp.resolve("leaves.bin");
        readsBack(leafFile);
        long written = Files.size(leafFile);
        assertEquals((2L * LeafWork.RING + 3) * (LeafWork.PLAIN + LeafWork.TAG), written, "one sealed leaf after another");
        FileTime writtenAt = Files.getLastModifiedTime(leafFile);
        readsBack(leafFile);
        assertEquals(writtenAt, Files.getLastModifiedTime(leafFile), "a leaf file of the right size is reused, not rewritten");
        // A leaf changed on disk fails its SHA-256: the read is an error, never other bytes.
        try (FileChannel ch = FileChannel.open(leafFile, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 7L * (LeafWork.PLAIN + LeafWork.TAG) + 100);
        }
        assertThrows(IOException.class, () -> readsBack(leafFile));
    }

    private void readsBack(Path leafFile) throws Exception {
        // Past the ring (leaf i is ring leaf i % RING) and ending inside a leaf, so the last is read in part.
        int leaves = 2 * LeafWork.RING + 3;
        long size = (long) (leaves - 1) * LeafWork.PLAIN + 5_000;
        byte[] expected = new byte[(int) size];
        for (int i = 0; i < leaves; i++) {
            byte[] p = LeafWork.plaintextOf(i % LeafWork.RING);
            System.arraycopy(p, 0, expected, i * LeafWork.PLAIN, Math.min(LeafWork.PLAIN, (int) size - i * LeafWork.PLAIN));
        }
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        NullFuse fs = new NullFuse(size, 0, true, leafFile);
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
