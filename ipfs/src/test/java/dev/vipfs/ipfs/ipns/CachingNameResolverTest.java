package dev.vipfs.ipfs.ipns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vipfs.ipfs.cid.Cid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingNameResolverTest {
    static final Cid A = Cid.parse("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");

    @Test
    void anAnswerIsReusedForItsTtlAndAskedForAgainAfter() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AtomicLong clock = new AtomicLong();
        NameResolver inner = n -> {
            asked.incrementAndGet();
            return new Resolution(A, List.of(), Duration.ofSeconds(30));
        };
        CachingNameResolver c = new CachingNameResolver(inner, Duration.ofHours(1), clock::get);
        c.resolve("k51x");
        clock.addAndGet(Duration.ofSeconds(29).toNanos());
        c.resolve("k51x");
        assertEquals(1, asked.get());
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        c.resolve("k51x");
        assertEquals(2, asked.get());
    }

    @Test
    void theOperatorsBoundAndTheFloorApply() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AtomicLong clock = new AtomicLong();
        NameResolver inner = n -> {
            asked.incrementAndGet();
            return new Resolution(A, List.of(), n.equals("long") ? Duration.ofDays(1) : Duration.ZERO);
        };
        CachingNameResolver c = new CachingNameResolver(inner, Duration.ofSeconds(10), clock::get);
        c.resolve("long");
        c.resolve("zero");
        c.resolve("zero");
        assertEquals(2, asked.get());
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        c.resolve("long");
        c.resolve("zero");
        assertEquals(4, asked.get());
    }
}
