package dev.vipfs.fs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@link LeafWork}'s leaves on disk: leaf {@code i} of the file at byte {@code i * length}, read
 * back as vipfs's pack store reads a record (a positional {@link FileChannel} read into a
 * per-thread direct buffer, then into the array that is hashed), so the floor pays the page cache
 * and the device where vipfs does. The file holds nothing but leaves, one after the other, as a
 * pack holds the leaves of one import. Its channel stays open for the life of the process, as
 * the floor's daemon serves until it is unmounted.
 */
final class LeafFile {
    private final FileChannel channel;
    private final int length;
    private final ThreadLocal<ByteBuffer> direct;

    private LeafFile(FileChannel channel, int length) {
        this.channel = channel;
        this.length = length;
        this.direct = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(length));
    }

    /** Opens {@code path} for reading, first writing {@code count} leaves into it unless it already has that size. */
    static LeafFile open(Path path, byte[][] ring, long count) {
        int length = ring[0].length;
        try {
            if (!Files.isRegularFile(path) || Files.size(path) != count * length) {
                write(path, ring, count);
            }
            return new LeafFile(FileChannel.open(path, StandardOpenOption.READ), length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the leaf file " + path, e);
        }
    }

    private static void write(Path path, byte[][] ring, long count) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long i = 0; i < count; i++) {
                ByteBuffer b = ByteBuffer.wrap(ring[(int) (i % ring.length)]);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            out.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Leaf {@code i}'s bytes, read from the file into {@code into} (its length is the leaf's). */
    byte[] read(long i, byte[] into) {
        ByteBuffer buf = direct.get().clear();
        long at = i * length;
        try {
            while (buf.hasRemaining()) {
                if (channel.read(buf, at + buf.position()) < 0) {
                    throw new IOException("leaf " + i + " is past the end of the leaf file");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.flip().get(into, 0, length);
        return into;
    }
}
