package dev.vipfs.ipfs.block.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.DagExporter;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.car.CarReader;
import dev.vipfs.ipfs.car.CarWriter;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A leaf stream that stalls (a trickling or frozen daemon) holds a reader no longer than the source's fetch bound. */
class LeafStreamWaitTest {
    private static Cid raw(byte[] data) {
        return Cid.v1(Multicodec.RAW, Multihash.sha256(data));
    }

    /** A CAR whose first block arrives and whose second never does: the stream stalls after it. */
    private static DagExporter stallingAfterFirst(Cid parent, Cid first, byte[] firstData, Duration wait,
                                                  CountDownLatch release) {
        return new DagExporter() {
            @Override
            public boolean canExportDags() {
                return true;
            }

            @Override
            public CarReader exportDag(Cid root) throws IOException {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                try (CarWriter w = new CarWriter(head, List.of(parent))) {
                    w.write(first, firstData);
                }
                InputStream stall = new InputStream() {
                    @Override
                    public int read() throws IOException {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return -1;
                    }
                };
                return new CarReader(new SequenceInputStream(new java.io.ByteArrayInputStream(head.toByteArray()), stall));
            }

            @Override
            public Duration streamedBlockWait() {
                return wait;
            }
        };
    }

    @Test
    void aStalledStreamReleasesItsReaderAfterTheSourcesBound() throws Exception {
        byte[] a = "first leaf".getBytes(StandardCharsets.UTF_8);
        byte[] b = "second leaf".getBytes(StandardCharsets.UTF_8);
        Cid parent = raw("parent".getBytes(StandardCharsets.UTF_8));
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pumps = Executors.newSingleThreadExecutor();
        try {
            LeafStream s = new LeafStream(stallingAfterFirst(parent, raw(a), a, Duration.ofMillis(300), release),
                    parent, List.of(new FileLeaf(raw(a), 0, a.length, a.length), new FileLeaf(raw(b), a.length, b.length, b.length)));
            s.start(pumps);
            assertArrayEquals(a, s.take(raw(a)));
            long t0 = System.nanoTime();
            assertNull(s.take(raw(b)), "a block the stalled stream never brings is the caller's to fetch");
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waitedMs < 10_000, "the reader waited " + waitedMs + " ms, not the fetch bound of 300 ms");
        } finally {
            release.countDown();
            pumps.shutdownNow();
        }
    }
}
