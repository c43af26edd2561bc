package dev.vipfs.fs.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.fs.metrics.MountMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Decrypted segments shared by all open files, bounded by bytes. A segment is keyed by everything
 * that authorised its plaintext (header, payload, length and the key version that opened the
 * header), never by the payload alone: another root pairing its own header with a cached payload
 * must decrypt, and fail, for itself.
 */
public final class SegmentCache {
    /** What opened a payload: the envelope's blocks and the key version that unwrapped its header. */
    record Owner(ObjectInfo.Envelope envelope, String keyId, int keyVersion) { }

    /** Identifies one plaintext segment. */
    private record Key(Owner owner, long index) { }

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

    byte[] get(Owner owner, long index, Loader loader) throws IOException {
        try {
            boolean[] missed = new boolean[1];
            byte[] segment = cache.get(new Key(owner, index), k -> {
                try {
                    missed[0] = true;
                    byte[] plain = loader.load();
                    MountMetrics.global().decrypted(plain.length);
                    return plain;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            MountMetrics.global().segmentCache(!missed[0]);
            return segment;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    void invalidate(Owner owner, long index) {
        cache.invalidate(new Key(owner, index));
    }

    boolean contains(Owner owner, long index) {
        return cache.getIfPresent(new Key(owner, index)) != null;
    }
}
