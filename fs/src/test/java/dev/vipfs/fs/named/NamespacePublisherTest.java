package dev.vipfs.fs.named;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NamespacePublisherTest {
    static Cid cidOf(long gen) {
        return Cid.v1(0x55, Multihash.sha256(Long.toString(gen).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBurstOfCommitsIsCoalescedAndTheLastStateIsAlwaysPublished() throws Exception {
        AtomicLong gen = new AtomicLong();
        List<Cid> published = new CopyOnWriteArrayList<>();
        NamespacePublisher p = new NamespacePublisher(gen::get, () -> cidOf(gen.get()), root -> {
            published.add(root);
            return "k51test";
        }, Duration.ofSeconds(2), Duration.ofHours(1)).start();
        try {
            // 40 commits over ~2 s: at most one publish at the start and one per 2 s after.
            for (int i = 0; i < 40; i++) {
                gen.incrementAndGet();
                Thread.sleep(50);
            }
        } finally {
            p.close();
        }
        assertTrue(published.size() <= 3, "published " + published.size() + " times");
        assertEquals(cidOf(gen.get()), published.get(published.size() - 1), "the last state is published");
        assertEquals(cidOf(gen.get()), p.lastPublished());
    }

    @Test
    void anUnchangedRootIsRepublishedBeforeItsRecordExpires() throws Exception {
        List<Cid> published = new CopyOnWriteArrayList<>();
        NamespacePublisher p = new NamespacePublisher(() -> 7, () -> cidOf(7), root -> {
            published.add(root);
            return "k51test";
        }, Duration.ofMillis(100), Duration.ofMillis(600)).start();
        try {
            Thread.sleep(2000);
        } finally {
            p.close();
        }
        assertTrue(published.size() >= 2, "republished: " + published.size());
    }
}
