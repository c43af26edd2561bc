package dev.vipfs.fs.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/**
 * Verified blocks kept in memory, bounded by bytes, in front of a slower source (a Kubo daemon,
 * gateways): blocks are immutable, so an entry is valid for as long as it is kept.
 */
public final class BlockCache implements BlockSource {
    private final BlockSource source;
    private final Cache<Cid, byte[]> blocks;
    private final int maxEntryBytes;

    /** Caches every block up to {@code maxBytes} in total. */
    public BlockCache(BlockSource source, long maxBytes) {
        this(source, maxBytes, Integer.MAX_VALUE);
    }

    /**
     * Caches blocks of at most {@code maxEntryBytes}: over a local store the page cache already holds
     * the large ones (file leaves), and keeping them here only churns the heap.
     */
    public BlockCache(BlockSource source, long maxBytes, int maxEntryBytes) {
        this.source = source;
        this.maxEntryBytes = maxEntryBytes;
        this.blocks = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Cid c, byte[] b) -> b.length + 96)
                .build();
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] b = blocks.getIfPresent(cid);
        if (b == null) {
            b = source.get(cid);
            if (b.length > maxEntryBytes) {
                return b;
            }
            blocks.put(cid, b);
        }
        // Callers own the array they get; the cached copy must stay as verified.
        return b.clone();
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return blocks.getIfPresent(cid) != null || source.has(cid);
    }
}
