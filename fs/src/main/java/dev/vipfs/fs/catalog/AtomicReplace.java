package dev.vipfs.fs.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a catalogue file whole: the bytes go to a new temporary file (created exclusively, no
 * link followed, so nothing planted under its name is written through), are forced to disk, and
 * the file is renamed over the old one, then the directory forced. A reader sees the old file or
 * the new one, never part of one, and a crash leaves one of the two.
 */
public final class AtomicReplace {
    private AtomicReplace() { }

    /**
     * @param tmp the temporary name, beside {@code file}: a fixed one when the caller holds a lock
     *            that makes it the only writer (a crash's leftover is removed first), a unique one otherwise
     */
    public static void write(Path file, Path tmp, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(mode))) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot replace " + file + " atomically (the filesystem has no atomic rename)", e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        // The rename itself must reach the disk, or a crash could bring back the old file.
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException refused) {
            // Some filesystems refuse fsync on a directory; the rename is still atomic there.
        }
    }
}
