package dev.vipfs.ipfs.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes new block files, bypassing the page cache (O_DIRECT, see {@link UncachedFile}) for blocks
 * of a filesystem block or more where the platform and filesystem allow it. An import writes each block once and seldom reads it
 * back soon, while filling fresh page-cache pages is the largest cost of a large write on a VM
 * (every new page is a host fault); uncached, the same write is a DMA the device does.
 */
final class BlockFileWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BlockFileWriter.class);
    /** Larger blocks (rare: 1 MiB is Kubo's maximum chunk) are written through the cache. */
    private static final int MAX_DIRECT = 2 << 20;

    private final int align;
    private volatile boolean direct;
    private final ThreadLocal<ByteBuffer> buffers = new ThreadLocal<>();

    /** For files in dir; uncached writes only where its filesystem reports a usable block size. */
    BlockFileWriter(Path dir, boolean tryDirect) {
        int a = 0;
        try {
            long size = Files.getFileStore(dir).getBlockSize();
            a = size > 0 && size <= 65536 && Long.bitCount(size) == 1 ? (int) size : 0;
        } catch (IOException | UnsupportedOperationException e) {
            // no block size: cached writes only
        }
        this.align = a;
        this.direct = tryDirect && a > 0 && UncachedFile.available();
    }

    /** Writes data as the whole content of the new file target (which must not exist). */
    void write(Path target, byte[] data) throws IOException {
        if (direct && data.length >= align && data.length <= MAX_DIRECT) {
            try {
                writeDirect(target, data);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // tmpfs and some FUSE filesystems refuse O_DIRECT: use the cache from now on.
                Files.deleteIfExists(target);
                direct = false;
                LOG.info("block files in {} are written through the page cache: O_DIRECT failed ({})",
                        target.getParent().getParent(), e.toString());
            }
        }
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private void writeDirect(Path target, byte[] data) throws IOException {
        ByteBuffer buf = buffer(UncachedFile.padded(data.length, align));
        buf.put(data);
        UncachedFile.write(target, buf, data.length, align);
    }

    private ByteBuffer buffer(int capacity) {
        ByteBuffer b = buffers.get();
        if (b == null || b.capacity() < capacity) {
            int cap = Math.max(capacity, 128 << 10);
            b = ByteBuffer.allocateDirect(cap + align).alignedSlice(align);
            buffers.set(b);
        }
        b.clear();
        b.limit(capacity);
        return b;
    }
}
