package dev.vipfs.ipfs.unixfs.directory;

import static dev.vipfs.ipfs.unixfs.directory.CraftedHamt.everySlotTo;
import static dev.vipfs.ipfs.unixfs.directory.CraftedHamt.prefix;
import static dev.vipfs.ipfs.unixfs.directory.CraftedHamt.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HAMT shards an attacker wrote: every shape no HAMT can have fails fast with a clear message. */
class HamtShapeTest {
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final CraftedHamt crafted = new CraftedHamt(store);
    private final UnixfsReader reader = new UnixfsReader(store);

    private static void assertFormatError(Executable e, String fragment) {
        UnixfsFormatException ex = assertThrows(UnixfsFormatException.class, e);
        assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
    }

    /** Counts block fetches, which bound what a walk can have decoded and kept. */
    private static final class CountingSource implements BlockSource {
        private final BlockSource inner;
        private final AtomicInteger gets = new AtomicInteger();

        CountingSource(BlockSource inner) {
            this.inner = inner;
        }

        @Override
        public byte[] get(Cid cid) throws java.io.IOException {
            gets.incrementAndGet();
            return inner.get(cid);
        }
    }

    @Test
    void fanInOfOneSubshardOverSeveralLevelsFailsAfterAFewBlocks() throws Exception {
        Cid root = crafted.fanIn(3, crafted.file("x"));
        CountingSource counting = new CountingSource(store);
        UnixfsReader r = new UnixfsReader(counting);
        // Unchecked, this is 1024^4 entries; checked, the first misplaced entry ends the walk.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFormatError(() -> r.list(root), "murmur3"));
        assertTrue(counting.gets.get() <= 4, counting.gets.get() + " blocks fetched");
    }

    @Test
    void fanInWhoseEntriesSitOnTheHashPathFailsWhenTheSubshardIsReachedAgain() throws Exception {
        Cid file = crafted.file("x");
        TreeMap<Integer, PbLink> bottom = new TreeMap<>();
        List<String> names = CraftedHamt.namesOnPath("e", 256, 4, 0, 0);
        for (String n : names) {
            int s = slot(n, 256, 2);
            bottom.putIfAbsent(s, PbLink.of(file, prefix(256, s) + n, 1));
        }
        Cid leaf = crafted.shard(256, new ArrayList<>(bottom.values()));
        Cid middle = crafted.shard(256, everySlotTo(256, leaf));
        Cid root = crafted.shard(256, everySlotTo(256, middle));
        CountingSource counting = new CountingSource(store);
        UnixfsReader r = new UnixfsReader(counting);
        assertFormatError(() -> r.list(root), "already reached");
        assertTrue(counting.gets.get() <= 3, counting.gets.get() + " blocks fetched");
        // A lookup walks one path, which is a tree even here.
        String first = bottom.firstEntry().getValue().name().substring(2);
        assertEquals(file, reader.lookup(root, first).orElseThrow());
    }

    @Test
    void twoShardsSharingOneSubshardFail() throws Exception {
        Cid shared = crafted.shard(256, List.of());
        Cid a = crafted.shard(256, List.of(PbLink.of(shared, "00", 1)));
        Cid b = crafted.shard(256, List.of(PbLink.of(shared, "01", 1)));
        Cid root = crafted.shard(256, List.of(PbLink.of(a, "00", 1), PbLink.of(b, "01", 1)));
        assertFormatError(() -> reader.list(root), "already reached");
    }

    @Test
    void shardLinkingToItselfFailsInListingAndLookup() throws Exception {
        // Content addressing makes a true cycle unbuildable; a source that skipped verification
        // could still serve one, and the walk must not depend on every source being right.
        Cid self = Cid.v1(Multicodec.DAG_PB, Multihash.sha256("self".getBytes(StandardCharsets.UTF_8)));
        byte[] data = new UnixfsData(UnixfsData.HAMT_SHARD, new byte[] {1}, null, null, UnixfsData.MURMUR3_X64_64,
                256L, null, null).encode();
        List<PbLink> links = everySlotTo(256, self);
        byte[] block = DagPbCodec.encode(new PbNode(links, data));
        BlockSource lying = cid -> {
            if (cid.equals(self)) {
                return block;
            }
            throw new BlockNotFoundException(cid, "the test source");
        };
        UnixfsReader r = new UnixfsReader(lying);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertFormatError(() -> r.list(self), "already reached");
            assertFormatError(() -> r.lookup(self, "anything"), "already reached");
        });
    }

    @Test
    void entryInAnotherSlotThanItsHashFails() throws Exception {
        Cid file = crafted.file("x");
        int right = slot("a.txt", 256, 0);
        Cid root = crafted.shard(256, List.of(PbLink.of(file, prefix(256, (right + 1) % 256) + "a.txt", 1)));
        assertFormatError(() -> reader.list(root), "puts it in slot " + prefix(256, right));
        // Not on its hash path, so not there for a lookup either (as in Kubo).
        assertTrue(reader.lookup(root, "a.txt").isEmpty());
    }

    @Test
    void entryUnderASubshardItsHashDoesNotLeadToFails() throws Exception {
        Cid file = crafted.file("x");
        int top = slot("a.txt", 256, 0);
        int below = slot("a.txt", 256, 1);
        Cid sub = crafted.shard(256, List.of(PbLink.of(file, prefix(256, below) + "a.txt", 1)));
        Cid root = crafted.shard(256, List.of(PbLink.of(sub, prefix(256, (top + 7) % 256), 1)));
        assertFormatError(() -> reader.list(root), "at depth 0");
    }

    @Test
    void twoLinksInOneSlotFail() throws Exception {
        Cid empty = crafted.shard(256, List.of());
        Cid root = crafted.shard(256, List.of(PbLink.of(empty, "00", 1), PbLink.of(empty, "00", 1)));
        assertFormatError(() -> reader.list(root), "two links in slot 00");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 3, 4, 12, 2048, 1L << 40})
    void fanoutOutsideTheSpecFails(long fanout) throws Exception {
        Cid root = crafted.shard(fanout, List.of());
        assertFormatError(() -> reader.list(root), "invalid fanout " + fanout);
        assertFormatError(() -> reader.lookup(root, "x"), "invalid fanout");
    }

    @Test
    void subshardWithAnotherFanoutThanItsRootFails() throws Exception {
        Cid sub = crafted.shard(16, List.of());
        Cid root = crafted.shard(256, List.of(PbLink.of(sub, "00", 1)));
        assertFormatError(() -> reader.list(root), "one HAMT has one fanout");
    }

    @Test
    void hashOtherThanMurmur3Fails() throws Exception {
        Cid sub = crafted.shard(256, 0x12, List.of());
        Cid root = crafted.shard(256, List.of(PbLink.of(sub, "00", 1)));
        assertFormatError(() -> reader.list(root), "murmur3-x64-64");
    }

    @Test
    void linkPrefixesThatNameNoSlotFail() throws Exception {
        Cid file = crafted.file("x");
        assertFormatError(() -> reader.list(crafted.shard(256, List.of(PbLink.of(file, "0", 1)))), "shorter");
        assertFormatError(() -> reader.list(crafted.shard(256, List.of(PbLink.of(file, "ffx", 1)))), "upper-case hex");
        assertFormatError(() -> reader.list(crafted.shard(256, List.of(PbLink.of(file, "G1x", 1)))), "upper-case hex");
        assertFormatError(() -> reader.list(crafted.shard(8, List.of(PbLink.of(file, "9x", 1)))), "past the last slot");
        assertFormatError(() -> reader.list(crafted.shard(1024, List.of(PbLink.of(file, "400x", 1)))), "past the last slot");
    }

    @Test
    void moreLinksThanSlotsFail() throws Exception {
        Cid file = crafted.file("x");
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            links.add(PbLink.of(file, "0name" + i, 1));
        }
        Cid root = crafted.shard(8, links);
        assertFormatError(() -> reader.list(root), "more than its 8 slots");
        assertFormatError(() -> reader.lookup(root, "x"), "more than its 8 slots");
    }

    @Test
    void shardsDeeperThanTheHashReachFail() throws Exception {
        // Fanout 1024 takes 10 bits a level: levels 0..5 use 60 of the 64, a seventh has none.
        Cid below = crafted.shard(1024, List.of());
        for (int depth = 5; depth >= 0; depth--) {
            below = crafted.shard(1024, List.of(PbLink.of(below, "000", 1)));
        }
        Cid root = below;
        assertFormatError(() -> reader.list(root), "deeper than a 64-bit hash");
    }

    @Test
    void listingPastTheEntryLimitFailsAndAtTheLimitLists() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault().withHamtThreshold(1000));
        TreeMap<String, ImportedNode> many = files(imp, 3000);
        Cid hamt = imp.addDirectory(many).cid();
        Cid basic = new UnixfsImporter(store, ImportOptions.kuboDefault()).addDirectory(
                new TreeMap<>(many.headMap("file-2"))).cid();
        int basicSize = many.headMap("file-2").size();
        DirectoryTooLargeException e = assertThrows(DirectoryTooLargeException.class,
                () -> new UnixfsReader(store, 0, new DirectoryLimits(2999, 1 << 20)).list(hamt));
        assertTrue(e.getMessage().contains("more than 2999 entries"), e.getMessage());
        assertEquals(3000, new UnixfsReader(store, 0, new DirectoryLimits(3000, 1 << 20)).list(hamt).size());
        assertThrows(DirectoryTooLargeException.class,
                () -> new UnixfsReader(store, 0, new DirectoryLimits(basicSize - 1, 1 << 20)).list(basic));
        assertEquals(basicSize, new UnixfsReader(store, 0, new DirectoryLimits(basicSize, 1 << 20)).list(basic).size());
    }

    /** {@code n} entries named file-0 … file-(n-1), all the same one-byte leaf. */
    private static TreeMap<String, ImportedNode> files(UnixfsImporter imp, int n) throws java.io.IOException {
        ImportedNode x = imp.addLeaf("x".getBytes(StandardCharsets.US_ASCII));
        TreeMap<String, ImportedNode> many = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            many.put("file-" + i, x);
        }
        return many;
    }

    @Test
    void aHamtIsWalkedOnceAndAFailedWalkIsNotKept() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault().withHamtThreshold(1000));
        Cid hamt = imp.addDirectory(files(imp, 2000)).cid();
        CountingSource counting = new CountingSource(store);
        UnixfsReader r = new UnixfsReader(counting, 0, new DirectoryLimits(2000, 1 << 20));
        List<DirEntry> first = r.list(hamt);
        int walked = counting.gets.get();
        assertTrue(walked > 1, walked + " blocks fetched");
        assertEquals(first, r.list(hamt));
        assertEquals(walked + 1, counting.gets.get(), "only the root block again (its kind is checked)");
        assertThrows(UnsupportedOperationException.class, () -> first.clear());
        UnixfsReader tight = new UnixfsReader(store, 0, new DirectoryLimits(1999, 1 << 20));
        assertThrows(DirectoryTooLargeException.class, () -> tight.list(hamt));
        assertThrows(DirectoryTooLargeException.class, () -> tight.list(hamt));
    }

    @Test
    void listingPastTheNameByteLimitFails() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault());
        ImportedNode x = imp.addLeaf("x".getBytes(StandardCharsets.US_ASCII));
        Cid dir = imp.addDirectory(new TreeMap<>(Map.of("\u00e9\u00e9", x, "abcd", x))).cid(); // 4 + 4 bytes
        DirectoryTooLargeException e = assertThrows(DirectoryTooLargeException.class,
                () -> new UnixfsReader(store, 0, new DirectoryLimits(10, 7)).list(dir));
        assertTrue(e.getMessage().contains("7 bytes"), e.getMessage());
        assertEquals(2, new UnixfsReader(store, 0, new DirectoryLimits(10, 8)).list(dir).size());
    }

    @Test
    void hamtWalkingMoreShardsThanTheEntryLimitFails() throws Exception {
        Cid below = crafted.shard(8, List.of());
        for (int depth = 0; depth < 10; depth++) {
            below = crafted.shard(8, List.of(PbLink.of(below, "0", 1)));
        }
        Cid root = below;
        DirectoryTooLargeException e = assertThrows(DirectoryTooLargeException.class,
                () -> new UnixfsReader(store, 0, new DirectoryLimits(5, 1 << 20)).list(root));
        assertTrue(e.getMessage().contains("more than 5 shards"), e.getMessage());
    }

    @Test
    void directoryLimitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new DirectoryLimits(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DirectoryLimits(1, 0));
    }
}
