package dev.vipfs.ipfs.unixfs.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** UnixfsReader.loadInteriors: a random reader's parents are loaded once, ahead, within a budget. */
class InteriorPrefetchTest {
    private static final int CHUNK = 64 * 1024;
    private final MemoryBlockstore blocks = new MemoryBlockstore();
    private final AtomicInteger gets = new AtomicInteger();
    private final BlockSource counting = cid -> {
        gets.incrementAndGet();
        return blocks.get(cid);
    };

    /** 24 MiB in 64 KiB leaves, 48 links a node: 8 parents of 3 MiB each below the root. */
    private Cid twoLevelFile(byte[] content) throws IOException {
        UnixfsImporter importer = new UnixfsImporter(blocks, ImportOptions.kuboDefault().withCidVersion(1)
                .withRawLeaves(true).withChunkSize(CHUNK).withMaxLinks(48));
        return importer.addFile(new ByteArrayInputStream(content)).cid();
    }

    @Test
    void afterTheParentsAreLoadedEachRandomReadFetchesOnlyItsLeaf() throws Exception {
        byte[] content = new byte[24 << 20];
        new Random(7).nextBytes(content);
        Cid file = twoLevelFile(content);
        UnixfsReader reader = new UnixfsReader(counting, 8 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            reader.stat(file);
            int before = gets.get();
            reader.loadInteriors(file, pool);
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(8, gets.get() - before, "the 8 parents, once each, and no leaf");
            for (int p = 0; p < 8; p++) {
                long offset = p * (3L << 20) + 12345;
                byte[] got = new byte[100];
                before = gets.get();
                reader.readFully(file, offset, got, 0, got.length);
                assertEquals(1, gets.get() - before, "parent " + p + " came from the cache");
                assertArrayEquals(Arrays.copyOfRange(content, (int) offset, (int) offset + 100), got);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyAboutHalfTheInteriorCacheIsFilled() throws Exception {
        Cid file = twoLevelFile(new byte[24 << 20]);
        // A parent of 48 links weighs ~7.5 KB decoded: a 20 KB cache takes the first two of them.
        UnixfsReader reader = new UnixfsReader(counting, 20_000);
        reader.stat(file);
        int before = gets.get();
        reader.loadInteriors(file, Runnable::run);
        int loaded = gets.get() - before;
        assertTrue(loaded >= 1 && loaded <= 2, "loaded " + loaded + " parents");
    }

    @Test
    void withoutAnInteriorCacheNothingIsLoaded() throws Exception {
        Cid file = twoLevelFile(new byte[24 << 20]);
        UnixfsReader reader = new UnixfsReader(counting);
        int before = gets.get();
        reader.loadInteriors(file, Runnable::run);
        assertEquals(0, gets.get() - before, "nothing: the parents would not be kept");
    }

    /** A crafted root whose 1,000 parents no store holds: one failed fetch ends the walk, not 1,000 timeouts. */
    @Test
    void parentsThatCannotBeHadEndTheWalkAtTheFirst() throws Exception {
        List<PbLink> links = new ArrayList<>();
        long[] sizes = new long[1000];
        for (int i = 0; i < sizes.length; i++) {
            byte[] absent = ("absent parent " + i).getBytes();
            links.add(PbLink.of(Cid.v1(Multicodec.DAG_PB, Multihash.sha256(absent)), "", 3L << 20));
            sizes[i] = 3L << 20;
        }
        byte[] b = DagPbCodec.encode(new PbNode(links,
                new UnixfsData(UnixfsData.FILE, null, Arrays.stream(sizes).sum(), sizes, null, null, null, null).encode()));
        Cid root = Cid.v1(Multicodec.DAG_PB, Multihash.sha256(b));
        blocks.put(root, b);
        UnixfsReader reader = new UnixfsReader(counting, 8 << 20);
        reader.stat(root);
        int before = gets.get();
        reader.loadInteriors(root, Runnable::run);
        assertEquals(1, gets.get() - before, "one attempt, then the walk stopped");
    }

    /**
     * A crafted DAG from the network: every level links one node 200 times, 40 levels deep (200^40
     * paths). The walk is bounded by its budget, not by the paths, and ends.
     */
    @Test
    void aDiamondDagCostsNoMoreThanTheBudget() throws Exception {
        byte[] leafBytes = new byte[16];
        Cid node = Cid.v1(Multicodec.RAW, Multihash.sha256(leafBytes));
        blocks.put(node, leafBytes);
        long size = leafBytes.length;
        for (int level = 0; level < 40; level++) {
            List<PbLink> links = new ArrayList<>();
            long[] sizes = new long[200];
            for (int i = 0; i < 200; i++) {
                links.add(PbLink.of(node, "", size));
                sizes[i] = Math.max(size, 3L << 20); // claims enough to look like an interior
            }
            size = Arrays.stream(sizes).sum();
            byte[] b = DagPbCodec.encode(new PbNode(links,
                    new UnixfsData(UnixfsData.FILE, null, size, sizes, null, null, null, null).encode()));
            node = Cid.v1(Multicodec.DAG_PB, Multihash.sha256(b));
            blocks.put(node, b);
        }
        UnixfsReader reader = new UnixfsReader(counting, 1 << 20);
        int before = gets.get();
        reader.loadInteriors(node, Runnable::run);
        int loads = gets.get() - before;
        // Each load of a 200-link node counts ~30 KB against the 512 KiB budget: a few dozen at most.
        assertTrue(loads > 1 && loads < 100, "loads: " + loads);
    }
}
