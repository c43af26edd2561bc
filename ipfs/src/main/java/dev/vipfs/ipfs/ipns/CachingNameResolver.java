package dev.vipfs.ipfs.ipns;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Reuses a resolution for its TTL (the record's, capped by its end of life) and asks again after:
 * one page served through MOUNT/ipns/NAME is many lookups, and each must not cost a network trip,
 * yet a republished name must be seen within the TTL the publisher chose.
 */
public final class CachingNameResolver implements NameResolver {
    /** Even a zero TTL is reused this long, so one path walk resolves the name once. */
    static final Duration MIN_TTL = Duration.ofSeconds(1);

    private record Cached(Resolution resolution, long expiresNanos) { }

    private final NameResolver inner;
    private final Duration maxTtl;
    private final LongSupplier nanoTime;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** @param maxTtl an operator's bound on how stale a name may be, whatever the record says */
    public CachingNameResolver(NameResolver inner, Duration maxTtl, LongSupplier nanoTime) {
        this.inner = inner;
        this.maxTtl = maxTtl;
        this.nanoTime = nanoTime;
    }

    @Override
    public Resolution resolve(String name) throws IOException {
        long now = nanoTime.getAsLong();
        Cached c = cache.get(name);
        if (c != null && c.expiresNanos() - now > 0) {
            return c.resolution();
        }
        Resolution r = inner.resolve(name);
        Duration ttl = r.ttl().compareTo(maxTtl) > 0 ? maxTtl : r.ttl().compareTo(MIN_TTL) < 0 ? MIN_TTL : r.ttl();
        cache.put(name, new Cached(r, now + ttl.toNanos()));
        return r;
    }
}
