package dev.vipfs.fs.content;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.fs.metrics.MountMetrics;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;

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

    private final AsyncCache<Key, byte[]> cache;
    /**
     * The cache's map view, made here: Caffeine makes it on first use, and a first use by a serving
     * thread trapped out of the JIT's code for {@link #get} (docs/benchmarks.md, "Compilers behind requests").
     */
    private final ConcurrentMap<Key, CompletableFuture<byte[]>> entries;

    public SegmentCache(long maxBytes) {
        // Upkeep, and the weighing of a load once it completes, on the thread that made them due rather
        // than a hand-off to ForkJoinPool.commonPool per segment (see BlockCache).
        this.cache = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(maxBytes)
                .weigher((Key k, byte[] v) -> v.length + 64)
                .buildAsync();
        this.entries = cache.asMap();
    }

    /**
     * The segment's plaintext, loaded by this thread unless another one is loading it already, which
     * it then waits for. A load runs outside the cache's locks: a reader waiting for a prefetch thread
     * parks instead of spinning on a lock held for a whole decrypt, and other segments are not held up.
     * A load that failed elsewhere is tried again here, so the read that needs a segment reports its error.
     */
    byte[] get(Owner owner, long index, Loader loader) throws IOException {
        Key key = new Key(owner, index);
        while (true) {
            CompletableFuture<byte[]> mine = new CompletableFuture<>();
            CompletableFuture<byte[]> found = entries.putIfAbsent(key, mine);
            if (found == null) {
                MountMetrics.global().segmentCache(false);
                return load(entries, key, mine, loader);
            }
            try {
                byte[] segment = found.join();
                MountMetrics.global().segmentCache(true);
                return segment;
            } catch (CompletionException | CancellationException e) {
                entries.remove(key, found);
            }
        }
    }

    private static byte[] load(ConcurrentMap<Key, CompletableFuture<byte[]>> entries, Key key,
                               CompletableFuture<byte[]> mine, Loader loader) throws IOException {
        try {
            byte[] plain = loader.load();
            MountMetrics.global().decrypted(plain.length);
            mine.complete(plain);
            return plain;
        } catch (IOException | RuntimeException | Error e) {
            entries.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * The segment's plaintext if it is kept or being loaded (then waits for that load), else null:
     * for a read that would not keep what it decrypts, loads nothing.
     */
    byte[] getIfKept(Owner owner, long index) {
        CompletableFuture<byte[]> found = cache.getIfPresent(new Key(owner, index));
        if (found == null) {
            return null;
        }
        try {
            byte[] segment = found.join();
            MountMetrics.global().segmentCache(true);
            return segment;
        } catch (CompletionException | CancellationException e) {
            return null; // the caller loads it, and reports the error, itself
        }
    }

    void invalidate(Owner owner, long index) {
        cache.synchronous().invalidate(new Key(owner, index));
    }

    /** Whether the segment is kept or being loaded. */
    boolean contains(Owner owner, long index) {
        return cache.getIfPresent(new Key(owner, index)) != null;
    }
}
