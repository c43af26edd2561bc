package dev.vipfs.ipfs.block.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import dev.vipfs.ipfs.testkit.KuboDaemon;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real Kubo with its gateway: a sequential reader that announces its leaves gets them
 * through one CAR stream per parent, byte for byte, and readers that jump around still get theirs.
 */
class CachingBlockSourceReadAheadTest {
    private static final int CHUNK = 64 << 10;
    private static KuboDaemon kubo;
    private static Cid file;
    private static byte[] content;

    @BeforeAll
    static void start() throws IOException {
        kubo = KuboDaemon.start();
        content = new byte[12 << 20]; // 192 leaves: parents of 174 and 18
        new Random(5).nextBytes(content);
        try (KuboBlockSource k = KuboBlockSource.builder().address(kubo.apiAddress()).build()) {
            file = k.client().add(new ByteArrayInputStream(content), java.util.Map.of("cid-version", "1", "chunker", "size-" + CHUNK));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (kubo != null) {
            kubo.close();
        }
    }

    private static KuboBlockSource withGateway() throws IOException {
        return KuboBlockSource.builder().address(kubo.apiAddress()).gateway(kubo.gatewayUrl()).build();
    }

    @Test
    void aSequentialReaderGetsEveryLeafThroughStreams() throws IOException {
        try (KuboBlockSource k = withGateway()) {
            CachingBlockSource cache = new CachingBlockSource(k, 32L << 20);
            UnixfsReader reader = new UnixfsReader(cache, 1 << 20);
            byte[] back = new byte[content.length];
            long announced = 0;
            for (int off = 0; off < content.length; off += 128 << 10) {
                while (announced >= 0 && announced <= off && announced < content.length) {
                    announced = reader.readAhead(file, Math.max(announced, off));
                }
                reader.read(file, off, back, off, Math.min(128 << 10, content.length - off));
            }
            assertArrayEquals(content, back);
            assertEquals(192, cache.streamedBlocks(), "every leaf came from a stream");
        }
    }

    @Test
    void closingStopsItsStreamsAndStartsNoMore() throws IOException {
        try (KuboBlockSource k = withGateway()) {
            CachingBlockSource cache = new CachingBlockSource(k, 32L << 20);
            UnixfsReader reader = new UnixfsReader(cache, 1 << 20);
            assertTrue(reader.readAhead(file, 0) > 0);
            cache.close();
            long streamed = cache.streamedBlocks();
            reader.readAhead(file, 0);
            byte[] buf = new byte[CHUNK];
            reader.read(file, 5L * CHUNK, buf, 0, CHUNK); // from the source, block by block
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 5 * CHUNK, 6 * CHUNK), buf);
            assertEquals(streamed, cache.streamedBlocks(), "a stream served a read after close");
            assertArrayEquals(k.get(file), cache.get(file), "the source stays open");
        }
    }

    @Test
    void announcedLeavesReadOutOfOrderOrNotAtAllStillWork() throws IOException {
        try (KuboBlockSource k = withGateway()) {
            CachingBlockSource cache = new CachingBlockSource(k, 32L << 20);
            UnixfsReader reader = new UnixfsReader(cache, 1 << 20);
            assertTrue(reader.readAhead(file, 0) > 0);
            byte[] buf = new byte[CHUNK];
            // Leaf 100 first (the stream drops the leaves before it that overflow its window, leaf 3
            // among them, which is then fetched alone), then the second parent without announcing
            // it: one request per block, as without read-ahead.
            for (int leaf : new int[] {100, 3, 180}) {
                reader.read(file, (long) leaf * CHUNK, buf, 0, CHUNK);
                assertArrayEquals(java.util.Arrays.copyOfRange(content, leaf * CHUNK, (leaf + 1) * CHUNK), buf, "leaf " + leaf);
            }
            assertEquals(1, cache.streamedBlocks());
            // Re-announcing a parent whose stream is still open changes nothing; announcing past the end neither.
            reader.readAhead(file, 0);
            assertEquals(-1, reader.readAhead(file, content.length));
        }
    }
}
