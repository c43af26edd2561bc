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
    void tempFilesOfDeadProcessesAreRemovedOnOpen() throws Exception {
        Path shard = Files.createDirectories(dir.resolve("AB"));
        Path dead = Files.write(shard.resolve(".tmp-2147483646-1"), new byte[] {1});
        Path live = Files.write(shard.resolve(".tmp-" + ProcessHandle.current().pid() + "-1"), new byte[] {2});
        open(dir).awaitOrphanCleanup();
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live), "a running process's staged block must be left alone");
    }

    private static List<Path> filesEnding(Path root, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void blocksGoIntoOnePackInPutOrderWithAnIndex() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        List<Cid> cids = new ArrayList<>();
        long expected = PackFormat.HEADER;
        for (int i = 0; i < 20; i++) {
            byte[] d = new byte[65552];
            new java.util.Random(i).nextBytes(d);
            cids.add(raw(d));
            bs.putHashed(raw(d), d);
            expected += PackFormat.recordLength(raw(d).multihash().toBytes().length, d.length);
        }
        bs.sync();
        List<Path> pack = filesEnding(dir, ".pack");
        assertEquals(1, pack.size(), pack.toString());
        assertEquals(expected, Files.size(pack.get(0)), "one record per block, nothing else");
        assertEquals(1, filesEnding(dir, ".idx").size());
        // In put order: a file's blocks lie front to back in the pack.
        byte[] bytes = Files.readAllBytes(pack.get(0));
        long previous = -1;
        for (Cid c : cids) {
            long at = indexOf(bytes, c.multihash().toBytes());
            assertTrue(at > previous, c + " at " + at);
            previous = at;
        }
        EmbeddedBlockstore again = open(dir);
        for (Cid c : cids) {
            assertTrue(again.has(c));
            assertEquals(c, raw(again.get(c)));
        }
    }

    private static long indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aByteFlippedAnywhereInARecordIsAnIntegrityFailureNeverWrongBytes() throws Exception {
        byte[] data = new byte[1000];
        java.util.Arrays.fill(data, (byte) 7);
        Cid cid = raw(data);
        int mhLen = cid.multihash().toBytes().length;
        int recordLength = PackFormat.recordLength(mhLen, data.length);
        // Every byte of the record: lengths, multihash, data, CRC.
        for (int at : new int[] {0, 5, 8 + 3, 8 + mhLen + 500, recordLength - 1}) {
            Path root = dir.resolve("flip" + at);
            EmbeddedBlockstore bs = open(root);
            bs.put(cid, data);
            bs.sync();
            Path pack = filesEnding(root, ".pack").get(0);
            byte[] onDisk = Files.readAllBytes(pack);
            onDisk[PackFormat.HEADER + at] ^= 1;
            Files.write(pack, onDisk);
            for (EmbeddedBlockstore s : List.of(bs, open(root))) {
                IntegrityException e = assertThrows(IntegrityException.class, () -> s.get(cid), "flip at " + at);
                assertTrue(e.getMessage().contains(cid.toString()), e.getMessage());
                assertThrows(IntegrityException.class, () -> s.lend(cid), "lent, flip at " + at);
            }
        }
    }

    /** Issue #16: a lent block is verified like a got one, and a thread's array is reused only for blocks of its size. */
    @Test
    void lentBlocksAreVerifiedAndReuseTheThreadsArray() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        byte[] a = new byte[70_000];
        byte[] b = new byte[70_000];
        byte[] c = new byte[500];
        new java.util.Random(3).nextBytes(a);
        new java.util.Random(4).nextBytes(b);
        for (byte[] d : List.of(a, b, c)) {
            bs.put(raw(d), d);
        }
        bs.sync();
        EmbeddedBlockstore reopened = open(dir);
        byte[] first = reopened.lend(raw(a));
        assertArrayEquals(a, first);
        byte[] second = reopened.lend(raw(b));
        assertArrayEquals(b, second);
        assertTrue(first == second, "the same thread's next lent block of that size reuses the array");
        assertArrayEquals(c, reopened.lend(raw(c)), "a block of another size gets an array of its size");
        assertFalse(reopened.get(raw(a)) == reopened.get(raw(a)), "get hands out arrays the caller owns");
        Path pack = filesEnding(dir, ".pack").get(0);
        byte[] onDisk = Files.readAllBytes(pack);
        int at = (int) indexOf(onDisk, b) + 1234;
        onDisk[at] ^= 1;
        Files.write(pack, onDisk);
        assertThrows(IntegrityException.class, () -> open(dir).lend(raw(b)));
    }

    @Test
    void concurrentWritersOfTheSameAndDifferentBlocksAppendEachOnce() throws Exception {
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
        long expected = PackFormat.HEADER;
        for (int i = 0; i < 50; i++) {
            byte[] d = ("block " + i).getBytes(StandardCharsets.US_ASCII);
            expected += PackFormat.recordLength(raw(d).multihash().toBytes().length, d.length);
            assertArrayEquals(d, open(dir).get(raw(d)));
        }
        assertEquals(expected, Files.size(filesEnding(dir, ".pack").get(0)), "each block appended once");
    }

    @Test
    void tornTailsOfPackAndIndexFromACrashAreIgnored() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        byte[] d = "synced before the crash".getBytes(StandardCharsets.US_ASCII);
        bs.put(raw(d), d);
        bs.sync();
        Path pack = filesEnding(dir, ".pack").get(0);
        Path idx = filesEnding(dir, ".idx").get(0);
        // A record half written and an index entry half written when the power went.
        Files.write(pack, new byte[] {0, 0, 0, 34, 0, 0, 1, 0, 0x12}, java.nio.file.StandardOpenOption.APPEND);
        byte[] entry = PackFormat.indexEntry(PackFormat.KIND_BLOCK, raw(d).multihash().toBytes(), Files.size(pack), 400);
        Files.write(idx, java.util.Arrays.copyOf(entry, entry.length - 3), java.nio.file.StandardOpenOption.APPEND);
        EmbeddedBlockstore after = open(dir);
        assertArrayEquals(d, after.get(raw(d)));
        byte[] e = "written after the crash".getBytes(StandardCharsets.US_ASCII);
        after.put(raw(e), e);
        after.sync();
        EmbeddedBlockstore third = open(dir);
        assertArrayEquals(d, third.get(raw(d)));
        assertArrayEquals(e, third.get(raw(e)));
        assertEquals(2, filesEnding(dir, ".pack").size(), "a new process appends to a pack of its own");
    }

    @Test
    void putsAreReadableHereAtOnceAndElsewhereAfterSync() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        EmbeddedBlockstore other = open(dir); // stands for another process: it reads the index files
        byte[] d = "staged".getBytes(StandardCharsets.US_ASCII);
        Cid cid = raw(d);
        bs.put(cid, d);
        assertTrue(bs.has(cid));
        assertArrayEquals(d, bs.get(cid));
        assertFalse(other.has(cid), "not durable yet, so not visible to others");
        bs.sync();
        assertTrue(other.has(cid), "a store opened earlier finds it on its next miss");
        assertArrayEquals(d, other.get(cid));
        assertTrue(open(dir).has(cid));
        bs.sync(); // nothing new: a no-op
    }

    @Test
    void putsAreSyncedInTheBackgroundWithoutASync() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < EmbeddedBlockstore.PUBLISH_BLOCKS; i++) {
            byte[] d = ("background " + i).getBytes(StandardCharsets.US_ASCII);
            cids.add(raw(d));
            bs.put(cids.get(i), d);
        }
        EmbeddedBlockstore other = open(dir);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!other.has(cids.get(0)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(other.has(cids.get(0)), "synced without a sync call");
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
        EmbeddedBlockstore other = open(dir); // sees only what reached the index files
        long unsynced = 0;
        for (Cid c : cids) {
            unsynced += other.has(c) ? 0 : 1;
        }
        assertTrue(unsynced <= EmbeddedBlockstore.AUTO_SYNC_BLOCKS, unsynced + " blocks unsynced");
    }

    @Test
    void blocksOfEverySizeAreStoredExactly() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        int[] sizes = {0, 1, 511, 4095, 4096, 4097, 65536, 65552, 131072 + 3, (2 << 20) + 1, (4 << 20) + 7};
        for (int size : sizes) {
            byte[] d = new byte[size];
            new java.util.Random(size).nextBytes(d);
            bs.put(raw(d), d);
            assertArrayEquals(d, bs.get(raw(d)), "here, " + size);
        }
        bs.sync();
        EmbeddedBlockstore again = open(dir);
        for (int size : sizes) {
            byte[] d = new byte[size];
            new java.util.Random(size).nextBytes(d);
            assertArrayEquals(d, again.get(raw(d)), "reopened, " + size);
        }
    }

    @Test
    void discardedBlocksStayDiscardedAfterReopening() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        List<Cid> cids = new ArrayList<>();
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] d = new byte[65552];
            new java.util.Random(i).nextBytes(d);
            blocks.add(d);
            cids.add(raw(d));
            bs.putHashed(cids.get(i), d);
            assertTrue(bs.has(cids.get(i)));
            assertArrayEquals(d, bs.get(cids.get(i)));
        }
        bs.discard(cids.get(0));
        assertFalse(bs.has(cids.get(0)));
        bs.sync();
        EmbeddedBlockstore again = open(dir);
        assertFalse(again.has(cids.get(0)), "discarded before sync");
        for (int i = 1; i < cids.size(); i++) {
            assertArrayEquals(blocks.get(i), again.get(cids.get(i)));
        }
        bs.put(cids.get(0), blocks.get(0));
        bs.sync();
        assertArrayEquals(blocks.get(0), open(dir).get(cids.get(0)), "put again after its discard");
    }

    @Test
    void storesOfTheOneFilePerBlockLayoutAreReadWhereTheyAre() throws Exception {
        byte[] d = "written by vipfs before packs".getBytes(StandardCharsets.US_ASCII);
        Cid cid = raw(d);
        EmbeddedBlockstore probe = open(dir);
        Path file = probe.flatfsPathFor(cid);
        String key = file.getFileName().toString();
        assertTrue(key.startsWith("CIQ") && key.endsWith(".data"), key);
        String stem = key.substring(0, key.length() - 5);
        assertEquals(stem.substring(stem.length() - 3, stem.length() - 1), file.getParent().getFileName().toString());
        Files.createDirectories(file.getParent());
        Files.write(file, d);
        EmbeddedBlockstore bs = open(dir);
        assertTrue(bs.has(cid));
        assertArrayEquals(d, bs.get(Cid.v0(cid.multihash())), "the codec is not part of the key");
        bs.put(cid, d);
        bs.sync();
        assertEquals(List.of(), filesEnding(dir, ".pack"), "a block the old layout holds is not stored again");
        byte[] flipped = d.clone();
        flipped[3] ^= 1;
        Files.write(file, flipped);
        assertThrows(IntegrityException.class, () -> bs.get(cid));
        bs.delete(cid);
        assertFalse(Files.exists(file));
        assertFalse(bs.has(cid));
    }

    @Test
    void discardingTheUnsyncedTailOfAPackGivesItsSpaceBack() throws Exception {
        EmbeddedBlockstore bs = open(dir);
        List<Cid> cids = new ArrayList<>();
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] d = new byte[65552];
            new java.util.Random(100 + i).nextBytes(d);
            blocks.add(d);
            cids.add(raw(d));
            bs.putHashed(cids.get(i), d);
            if (i == 4) {
                bs.sync();
            }
        }
        Path pack = filesEnding(dir, ".pack").get(0);
        long full = Files.size(pack);
        long record = PackFormat.recordLength(cids.get(0).multihash().toBytes().length, 65552);
        bs.discard(cids.get(9));
        bs.discard(cids.get(7)); // not at the end yet: the cut waits for 8
        assertEquals(full - record, Files.size(pack));
        bs.discard(cids.get(8));
        bs.discard(cids.get(4)); // synced: stays on disk, its entry is undone by a discard entry
        bs.discard(cids.get(5));
        assertEquals(full - 3 * record, Files.size(pack), "cut back to block 6, which is still stored");
        byte[] d = "after the cut".getBytes(StandardCharsets.US_ASCII);
        bs.put(raw(d), d);
        bs.sync();
        EmbeddedBlockstore again = open(dir);
        for (int i = 0; i < 10; i++) {
            assertEquals(i < 4 || i == 6, again.has(cids.get(i)), "block " + i);
        }
        assertArrayEquals(blocks.get(6), again.get(cids.get(6)));
        assertArrayEquals(d, again.get(raw(d)));
    }

    @Test
    void anInterruptedPutterOrReaderDoesNotBreakTheStoreForOthers() throws Exception {
        // An interrupt during FileChannel I/O closes the channel for every thread (the mount's
        // write path cancels imports): the store reopens it instead of failing every later call.
        EmbeddedBlockstore bs = open(dir);
        byte[] a = "before the interrupts".getBytes(StandardCharsets.US_ASCII);
        bs.put(raw(a), a);
        byte[] b = "put by an interrupted thread".getBytes(StandardCharsets.US_ASCII);
        Thread.currentThread().interrupt();
        try {
            bs.put(raw(b), b);
        } catch (java.io.IOException expected) {
            // the interrupted caller may fail
        }
        assertTrue(Thread.interrupted());
        Thread.currentThread().interrupt();
        try {
            bs.get(raw(a));
        } catch (java.io.IOException expected) {
            // likewise
        }
        Thread.interrupted();
        byte[] c = "after the interrupts".getBytes(StandardCharsets.US_ASCII);
        bs.put(raw(c), c);
        bs.sync();
        assertArrayEquals(a, bs.get(raw(a)));
        EmbeddedBlockstore again = open(dir);
        assertArrayEquals(a, again.get(raw(a)));
        assertArrayEquals(c, again.get(raw(c)));
    }
}
