package dev.vipfs.ipfs.block.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.util.function.ToIntFunction;

/**
 * The block layer's one in-memory cache: values derived from blocks (their verified bytes, or a node
 * decoded from them), bounded by an estimate of their size in bytes. Keys are multihashes, as in the
 * embedded store, because a CIDv0, a dag-pb CIDv1 and a raw CIDv1 of one multihash name the same
 * bytes. Blocks never change, so an entry stays valid for as long as it is kept. Thread-safe.
 */
public final class BlockCache<V> {
    /** What an entry costs besides its bytes: the key's arrays and Caffeine's node. */
    private static final int ENTRY_OVERHEAD = 96;

    private final Cache<Multihash, V> entries;

    /** A cache of at most about {@code maxBytes}, each value costing {@code weight} bytes. */
    public BlockCache(long maxBytes, ToIntFunction<V> weight) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        // Caffeine's upkeep (evictions, its read and write buffers) runs on the thread that made it due,
        // not on ForkJoinPool.commonPool: a hand-off per read woke a pool thread that then spun for
        // work on one of the two cores the reads need (issue #16).
        this.entries = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((Multihash k, V v) -> weight.applyAsInt(v))
                .build();
    }

    /**
     * A cache of block bytes. It keeps the arrays it is given and hands out the same arrays: callers
     * that pass them on beyond the block layer copy them (see {@link CachingBlockSource}).
     */
    public static BlockCache<byte[]> ofBlocks(long maxBytes) {
        return new BlockCache<>(maxBytes, b -> b.length + ENTRY_OVERHEAD);
    }

    /** The value kept for {@code cid}'s multihash, or null. */
    public V get(Cid cid) {
        return entries.getIfPresent(cid.multihash());
    }

    /** Keeps {@code value} for {@code cid}'s multihash (a value larger than the whole cache is not kept). */
    public void put(Cid cid, V value) {
        entries.put(cid.multihash(), value);
    }

    /** Whether a value is kept for {@code cid}'s multihash. */
    public boolean contains(Cid cid) {
        return entries.getIfPresent(cid.multihash()) != null;
    }

    /** How many entries are kept (an estimate while evictions are pending). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Forgets every entry. */
    public void clear() {
        entries.invalidateAll();
    }
}
