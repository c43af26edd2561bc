package dev.vipfs.ipfs.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBlockstoreTest {
    @TempDir
    Path dir;
    private final List<EmbeddedBlockstore> opened = new ArrayList<>();

    /** A store synced after the test, so no writer thread adds a file while the temp directory is deleted. */
    private EmbeddedBlockstore open(Path root) throws Exception {
        EmbeddedBlockstore bs = new EmbeddedBlockstore(root);
        opened.add(bs);
        return bs;
    }

    @AfterEach
    void quiesce() throws Exception {
        for (EmbeddedBlockstore bs : opened) {
            try {
                bs.sync();
            } catch (Exception e) {
                // a test that broke its store on purpose
            }
            bs.awaitOrphanCleanup();
        }
    }

    private static Cid raw(byte[] data) {
        return Cid.v1(Multicodec.RAW, Multihash.sha256(data));
    }

    @Test
    void everyCidOfOneMultihashIsTheSameBlockBeforeAndAfterItIsPublished() throws Exception {
        EmbeddedBlockstore bs = open(dir.resolve("s"));
        byte[] data = "one block, several names".getBytes(StandardCharsets.UTF_8);
        Multihash mh = Multihash.sha256(data);
        bs.put(Cid.v0(mh), data);
        for (Cid other : List.of(Cid.v1(Multicodec.DAG_PB, mh), Cid.v1(Multicodec.RAW, mh))) {
            assertTrue(bs.has(other), "staged: " + other);
            assertArrayEquals(data, bs.get(other), "staged: " + other);
        }
        bs.sync();
        assertArrayEquals(data, bs.get(Cid.v1(Multicodec.DAG_PB, mh)), "published");
    }

    @Test
    void rootRefusesToWriteIntoAStoreAnotherUserOwns() throws Exception {
        assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "needs root");
        Path store = dir.resolve("owned");
        Files.createDirectories(store);
        Files.setAttribute(store, "unix:uid", 65534);
        Files.setAttribute(store, "unix:gid", 65534);
        EmbeddedBlockstore bs = new EmbeddedBlockstore(store);
        byte[] data = "root must act as the owner to write here".getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(data));
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> bs.put(cid, data));
        assertTrue(e.getMessage().contains("act as that user"), e.getMessage());
        bs.sync();
        try (var s = Files.list(store)) {
            assertEquals(0, s.count(), "nothing created as root");
        }
    }

    @Test
    void putGetUsesKuboFlatfsLayout() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        byte[] data = "hello world\n".getBytes(StandardCharsets.US_ASCII);
        Cid cid = raw(data);
        bs.put(cid, data);
        bs.sync();
        assertArrayEquals(data, bs.get(cid));
        assertTrue(bs.has(cid));
        // Kubo keys by multihash in upper-case base32; shard is next-to-last/2.
        Path p = bs.pathFor(cid);
        String key = p.getFileName().toString();
        assertTrue(key.startsWith("CIQ") && key.endsWith(".data"), key);
        String stem = key.substring(0, key.length() - 5);
        assertEquals(stem.substring(stem.length() - 3, stem.length() - 1), p.getParent().getFileName().toString());
        // CIDv0 and v1 of the same multihash share the block, as in Kubo.
        Cid pb = Cid.v1(Multicodec.DAG_PB, cid.multihash());
        assertEquals(bs.pathFor(cid), bs.pathFor(pb));
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(0, s.filter(x -> x.getFileName().toString().startsWith(".tmp")).count());
        }
    }

    @Test
    void flippedByteOnDiskIsRejected() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        byte[] data = new byte[1000];
        java.util.Arrays.fill(data, (byte) 7);
        Cid cid = raw(data);
        bs.put(cid, data);
        bs.sync();
        byte[] onDisk = Files.readAllBytes(bs.pathFor(cid));
        onDisk[500] ^= 1;
        Files.write(bs.pathFor(cid), onDisk);
        IntegrityException e = assertThrows(IntegrityException.class, () -> bs.get(cid));
        assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
    }

    @Test
    void missingAndMismatchedPuts() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        Cid cid = raw(new byte[] {1});
        BlockNotFoundException nf = assertThrows(BlockNotFoundException.class, () -> bs.get(cid));
        assertTrue(nf.getMessage().contains(cid.toString()));
        assertFalse(bs.has(cid));
        assertThrows(IntegrityException.class, () -> bs.put(cid, new byte[] {2}));
        assertFalse(bs.has(cid));
    }

    @Test
    void identityCidsNeedNoIo() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        byte[] data = "inline".getBytes(StandardCharsets.US_ASCII);
        Cid id = Cid.v1(Multicodec.RAW, Multihash.identity(data));
        assertArrayEquals(data, bs.get(id));
        bs.put(id, data);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void concurrentWritersOfTheSameAndDifferentBlocks() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        byte[] d = ("block " + (i % 50)).getBytes(StandardCharsets.US_ASCII);
                        bs.put(raw(d), d);
                        assertArrayEquals(d, bs.get(raw(d)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        bs.sync();
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(50, s.filter(Files::isRegularFile).count());
        }
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(0, s.filter(x -> x.getFileName().toString().startsWith(".tmp")).count());
        }
    }

    @Test
    void leftoverTempFileFromACrashIsHarmless() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        byte[] d = "after crash".getBytes(StandardCharsets.US_ASCII);
        Cid cid = raw(d);
        Path shard = bs.pathFor(cid).getParent();
        Files.createDirectories(shard);
        Files.write(shard.resolve(".tmp-1-1-1"), new byte[] {1, 2}); // torn write never renamed
        assertFalse(bs.has(cid));
        bs.put(cid, d);
        assertArrayEquals(d, bs.get(cid));
    }

    @Test
    void stagedBlocksAreReadableHereAndPublishedBySync() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        byte[] d = "staged".getBytes(StandardCharsets.US_ASCII);
        Cid cid = raw(d);
        bs.put(cid, d);
        assertTrue(bs.has(cid));
        assertArrayEquals(d, bs.get(cid));
        // Not under its final name until sync: a crash now leaves no block rather than a torn one.
        assertFalse(Files.exists(bs.pathFor(cid)));
        assertFalse(open(dir).has(cid));
        bs.sync();
        assertArrayEquals(d, Files.readAllBytes(bs.pathFor(cid)));
        assertTrue(open(dir).has(cid));
        bs.sync(); // nothing staged: a no-op
    }

    @Test
    void stagedBlocksArePublishedInTheBackgroundWithoutASync() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < EmbeddedBlockstore.PUBLISH_BLOCKS; i++) {
            byte[] d = ("background " + i).getBytes(StandardCharsets.US_ASCII);
            cids.add(raw(d));
            bs.put(cids.get(i), d);
        }
        // Blocks whose files were not yet written when the publisher ran wait for the next batch.
        Cid first = cids.get(0);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.isRegularFile(bs.pathFor(first)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Files.isRegularFile(bs.pathFor(first)), "the first staged block is published without a sync");
        bs.sync();
        for (Cid c : cids) {
            assertTrue(Files.isRegularFile(bs.pathFor(c)), c.toString());
        }
    }

    @Test
    void aShardDirectoryRemovedUnderTheStoreIsCreatedAgain() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        byte[] a = "shard a".getBytes(StandardCharsets.US_ASCII);
        bs.put(raw(a), a);
        bs.sync();
        Path shard = bs.pathFor(raw(a)).getParent();
        byte[] b;
        int i = 0;
        do {
            b = ("shard b " + i++).getBytes(StandardCharsets.US_ASCII);
        } while (!bs.pathFor(raw(b)).getParent().equals(shard));
        Files.delete(bs.pathFor(raw(a)));
        Files.delete(shard);
        bs.put(raw(b), b);
        bs.sync();
        assertArrayEquals(b, Files.readAllBytes(bs.pathFor(raw(b))));
    }

    @Test
    void aCrashLosesAtMostTheAutoSyncBoundOfBlocks() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < 2 * EmbeddedBlockstore.AUTO_SYNC_BLOCKS + 1; i++) {
            byte[] d = ("auto " + i).getBytes(StandardCharsets.US_ASCII);
            cids.add(raw(d));
            bs.put(cids.get(i), d);
        }
        // Whatever the publisher managed, puts that found the bound reached synced on their own.
        long unpublished = cids.stream().filter(c -> !Files.isRegularFile(bs.pathFor(c))).count();
        assertTrue(unpublished <= EmbeddedBlockstore.AUTO_SYNC_BLOCKS, unpublished + " blocks unpublished");
    }

    @Test
    void tempFilesOfDeadProcessesAreRemovedOnOpen() throws Exception {
        Path shard = Files.createDirectories(dir.resolve("AB"));
        Path dead = Files.write(shard.resolve(".tmp-2147483646-1"), new byte[] {1});
        Path live = Files.write(shard.resolve(".tmp-" + ProcessHandle.current().pid() + "-1"), new byte[] {2});
        open(dir).awaitOrphanCleanup();
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live), "a running process's staged block must be left alone");
    }

    @Test
    void blocksOfEverySizeAroundTheFilesystemBlockAreStoredExactly() throws Exception {
        // Uncached (O_DIRECT) writes pad to the filesystem block and cut back; cached ones do not.
        for (boolean uncached : new boolean[] {true, false}) {
            Path root = dir.resolve(uncached ? "direct" : "cached");
            BlockFileWriter writer = new BlockFileWriter(Files.createDirectories(root), uncached);
            int[] sizes = {0, 1, 511, 4095, 4096, 4097, 65536, 65552, 131072 + 3, (2 << 20) + 1};
            for (int size : sizes) {
                byte[] d = new byte[size];
                new java.util.Random(size).nextBytes(d);
                Path f = root.resolve("b" + size);
                writer.write(f, d);
                assertArrayEquals(d, Files.readAllBytes(f), uncached + " " + size);
            }
        }
    }

    @Test
    void blocksBeingWrittenAreReadableAndSyncWaitsForThem() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        List<Cid> cids = new ArrayList<>();
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] d = new byte[65552];
            new java.util.Random(i).nextBytes(d);
            blocks.add(d);
            cids.add(raw(d));
            bs.putHashed(cids.get(i), d);
            // Straight after the put, whether or not its writer thread got to it yet.
            assertTrue(bs.has(cids.get(i)));
            assertArrayEquals(d, bs.get(cids.get(i)));
        }
        bs.discard(cids.get(0));
        assertFalse(bs.has(cids.get(0)));
        bs.sync();
        assertFalse(Files.exists(bs.pathFor(cids.get(0))), "discarded before sync");
        for (int i = 1; i < cids.size(); i++) {
            assertArrayEquals(blocks.get(i), Files.readAllBytes(bs.pathFor(cids.get(i))));
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(0, all.filter(p -> p.getFileName().toString().startsWith(".tmp-")).count(), "no temp left");
        }
    }
}
