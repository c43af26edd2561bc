package dev.vipfs.fs.fuse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.policy.Caller;
import java.time.Duration;
import ru.serce.jnrfuse.struct.FuseContext;

/** Builds the policy's Caller from the FUSE request context, caching per-process details briefly. */
final class FuseCaller {
    private record Key(long uid, long gid, long pid) { }

    // Reading /proc/<pid>/status on every lookup would dominate `ls -l` of large directories.
    // Upkeep on the calling thread, not a hand-off to ForkJoinPool.commonPool per request.
    private final Cache<Key, Caller> recent = Caffeine.newBuilder().executor(Runnable::run)
            .maximumSize(4096).expireAfterWrite(Duration.ofSeconds(2)).build();

    Caller of(FuseContext ctx) {
        Key key = new Key(ctx.uid.get(), ctx.gid.get(), ctx.pid.get());
        return recent.get(key, k -> Caller.fromProcess((int) k.uid(), (int) k.gid(), k.pid()));
    }
}
