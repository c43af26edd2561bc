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

    public BlockCache(BlockSource source, long maxBytes) {
        this.source = source;
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
