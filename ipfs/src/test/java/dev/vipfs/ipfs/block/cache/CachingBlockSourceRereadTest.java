package dev.vipfs.ipfs.block.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.DagExporter;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.car.CarReader;
import dev.vipfs.ipfs.car.CarWriter;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A parent read a second time while its first stream still lingers: that stream ended with a leaf
 * nobody took (the reader had its segment already), and must not keep the second read from getting
 * a stream of its own, or every leaf of the parent is fetched alone (seen on a warm daemon re-reading
 * a file from Kubo: one parent per GiB, 173 single requests).
 */
class CachingBlockSourceRereadTest {
    private static final int LEAVES = 20;
    /** 5 MiB in all: more than the recently streamed leaves kept, so a second read needs the source again. */
    private static final int LEAF = 256 << 10;
    private final List<byte[]> data = new ArrayList<>();
    private final List<FileLeaf> leaves = new ArrayList<>();
    private final Map<Cid, byte[]> blocks = new HashMap<>();
    private final Cid parent = Cid.v1(Multicodec.RAW, Multihash.sha256(new byte[] {2}));
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger singleFetches = new AtomicInteger();
    private final Semaphore closed = new Semaphore(0);

    CachingBlockSourceRereadTest() {
        Random r = new Random(16);
        for (int i = 0; i < LEAVES; i++) {
            byte[] b = new byte[LEAF];
            r.nextBytes(b);
            Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(b));
            data.add(b);
            blocks.put(cid, b);
            leaves.add(new FileLeaf(cid, (long) i * LEAF, LEAF, LEAF));
        }
    }

    private final class Exporter implements BlockSource, DagExporter {
        @Override
        public byte[] get(Cid cid) throws IOException {
            singleFetches.incrementAndGet();
            byte[] b = blocks.get(cid);
            if (b == null) {
                throw new BlockNotFoundException(cid, "the test source");
            }
            return b.clone();
        }

        @Override
        public boolean canExportDags() {
            return true;
        }

        @Override
        public CarReader exportDag(Cid root) throws IOException {
            streams.incrementAndGet();
            ByteArrayOutputStream car = new ByteArrayOutputStream();
            try (CarWriter w = new CarWriter(car, List.of(root))) {
                for (FileLeaf l : leaves) {
                    w.write(l.cid(), blocks.get(l.cid()));
                }
            }
            return new CarReader(new ByteArrayInputStream(car.toByteArray()) {
                @Override
                public void close() {
                    closed.release(); // the pump closes its response once it has ended
                }
            });
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aSecondReadGetsAStreamWhenTheFirstEndedWithALeafUntaken() throws Exception {
        CachingBlockSource cache = new CachingBlockSource(new Exporter(), 0);
        cache.readAhead(parent, leaves);
        for (int i = 1; i < LEAVES; i++) { // leaf 0 is never asked for
            assertArrayEquals(data.get(i), cache.get(leaves.get(i).cid()));
        }
        assertEquals(0, singleFetches.get());
        // The first stream's pump has ended (every leaf arrived); leaf 0 still waits in it.
        assertTrue(closed.tryAcquire(10, TimeUnit.SECONDS));
        cache.readAhead(parent, leaves);
        for (int i = 0; i < LEAVES; i++) {
            assertArrayEquals(data.get(i), cache.get(leaves.get(i).cid()));
        }
        assertEquals(2, streams.get(), "the second read had a stream of its own");
        assertEquals(0, singleFetches.get(), "no leaf was fetched alone");
    }
}
