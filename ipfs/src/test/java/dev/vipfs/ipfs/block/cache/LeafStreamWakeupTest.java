package dev.vipfs.ipfs.block.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A streamed block wakes only the readers waiting for it; none of them may then be left asleep: a
 * reader that waits for a block beyond a full window, several readers at once in any order, two
 * readers for one block. The fetch bound is a minute, so a lost wakeup fails by the test's timeout.
 */
class LeafStreamWakeupTest {
    private static final int LEAF = 64 << 10;
    /** More than the window holds, so the pump must wait for readers or have them drop blocks. */
    private static final int LEAVES = (int) (LeafStream.WINDOW_BYTES / LEAF) * 2;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<byte[]> data = new ArrayList<>();
    private final List<FileLeaf> leaves = new ArrayList<>();
    private final Cid parent = Cid.v1(Multicodec.RAW, Multihash.sha256(new byte[] {1}));

    LeafStreamWakeupTest() {
        Random r = new Random(16);
        for (int i = 0; i < LEAVES; i++) {
            byte[] b = new byte[LEAF];
            r.nextBytes(b);
            data.add(b);
            leaves.add(new FileLeaf(Cid.v1(Multicodec.RAW, Multihash.sha256(b)), (long) i * LEAF, LEAF, LEAF));
        }
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private LeafStream stream() throws IOException {
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(car, List.of(parent))) {
            for (int i = 0; i < LEAVES; i++) {
                w.write(leaves.get(i).cid(), data.get(i));
            }
        }
        LeafStream s = new LeafStream(new DagExporter() {
            @Override
            public boolean canExportDags() {
                return true;
            }

            @Override
            public CarReader exportDag(Cid root) throws IOException {
                return new CarReader(new ByteArrayInputStream(car.toByteArray()));
            }

            @Override
            public Duration streamedBlockWait() {
                return Duration.ofMinutes(1);
            }
        }, parent, leaves);
        s.start(threads);
        return s;
    }

    @Test
    void aReaderBeyondAFullWindowGetsItsBlockAndTheSkippedOnesAreDropped() throws Exception {
        LeafStream s = stream();
        int last = LEAVES - 1;
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertArrayEquals(data.get(last), s.take(leaves.get(last).cid())));
        assertNull(s.take(leaves.get(0).cid()), "dropped to make room: the caller fetches it alone");
    }

    @Test
    void manyReadersInReverseOrderAndTwoForOneBlockAllWake() throws Exception {
        LeafStream s = stream();
        int readers = 16; // the last 16 leaves fit in the window together
        List<Future<byte[]>> got = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            Cid cid = leaves.get(LEAVES - 1 - i).cid();
            got.add(threads.submit(() -> s.take(cid)));
        }
        Cid shared = leaves.get(LEAVES - readers - 1).cid();
        Future<byte[]> first = threads.submit(() -> s.take(shared));
        Future<byte[]> second = threads.submit(() -> s.take(shared));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < readers; i++) {
                assertArrayEquals(data.get(LEAVES - 1 - i), got.get(i).get(), "leaf " + (LEAVES - 1 - i));
            }
            byte[] a = first.get();
            byte[] b = second.get();
            // One of the two gets the block; the other learns at once that it is its own to fetch.
            assertEquals(1, (a == null ? 0 : 1) + (b == null ? 0 : 1));
            assertArrayEquals(data.get(LEAVES - readers - 1), a != null ? a : b);
        });
    }
}
