package dev.vipfs.fs.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Decrypted segments shared by all open files, bounded by bytes. */
public final class SegmentCache {
    /** Identifies one plaintext segment: the payload DAG it came from and its index. */
    record Key(Cid payload, long index) { }

    /** Produces a segment's plaintext on a miss. */
    interface Loader {
        byte[] load() throws IOException;
    }

    private final Cache<Key, byte[]> cache;

    public SegmentCache(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, byte[] v) -> v.length + 64)
                .build();
    }

    byte[] get(Cid payload, long index, Loader loader) throws IOException {
        try {
            return cache.get(new Key(payload, index), k -> {
                try {
                    return loader.load();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    void invalidate(Cid payload, long index) {
        cache.invalidate(new Key(payload, index));
    }

    boolean contains(Cid payload, long index) {
        return cache.getIfPresent(new Key(payload, index)) != null;
    }
}
