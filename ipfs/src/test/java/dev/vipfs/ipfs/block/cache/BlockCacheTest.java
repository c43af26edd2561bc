package dev.vipfs.ipfs.block.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.unixfs.codec.UnixfsKind;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.ipfs.unixfs.reader.UnixfsStat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one block cache: keyed by multihash, bounded, and never holding bytes that failed their hash. */
class BlockCacheTest {
    private static final byte[] DATA = "one block, three names".getBytes(StandardCharsets.UTF_8);
    private static final Multihash MH = Multihash.sha256(DATA);

    @Test
    void oneMultihashIsOneEntryUnderEveryCidSpelling() throws IOException {
        try (MemoryCacheStore store = new MemoryCacheStore(1 << 20)) {
            store.put(Cid.v0(MH), DATA);
            assertArrayEquals(DATA, store.get(Cid.v1(Multicodec.DAG_PB, MH)));
            assertArrayEquals(DATA, store.get(Cid.v1(Multicodec.RAW, MH)));
            store.put(Cid.v1(Multicodec.RAW, MH), DATA);
            assertEquals(1, store.size());
        }
    }

    @Test
    void aTamperedPutIsRefusedAndNotKept() throws IOException {
        try (MemoryCacheStore store = new MemoryCacheStore(1 << 20)) {
            Cid cid = Cid.v1(Multicodec.RAW, MH);
            assertThrows(IntegrityException.class, () -> store.put(cid, "tampered".getBytes(StandardCharsets.UTF_8)));
            assertFalse(store.has(cid));
        }
    }

    @Test
    void callersCannotChangeWhatIsKept() throws IOException {
        try (MemoryCacheStore store = new MemoryCacheStore(1 << 20)) {
            Cid cid = Cid.v1(Multicodec.RAW, MH);
            byte[] mine = DATA.clone();
            store.put(cid, mine);
            mine[0] ^= 1;
            store.get(cid)[1] ^= 1;
            assertArrayEquals(DATA, store.get(cid));
        }
    }

    @Test
    void theBoundIsInBytes() {
        BlockCache<byte[]> cache = BlockCache.ofBlocks(64 << 10);
        for (int i = 0; i < 16; i++) {
            cache.put(Cid.v1(Multicodec.RAW, Multihash.sha256(new byte[] {(byte) i})), new byte[16 << 10]);
        }
        assertTrue(cache.size() <= 3, "64 KiB holds at most three 16 KiB blocks with their overhead, held " + cache.size());
    }

    @Test
    void theCachingSourceAsksItsSourceOncePerMultihash() throws IOException {
        AtomicInteger gets = new AtomicInteger();
        MemoryBlockstore store = new MemoryBlockstore();
        store.put(Cid.v0(MH), DATA);
        BlockSource counting = cid -> {
            gets.incrementAndGet();
            return store.get(cid);
        };
        CachingBlockSource cache = new CachingBlockSource(counting, 1 << 20);
        assertArrayEquals(DATA, cache.get(Cid.v0(MH)));
        assertArrayEquals(DATA, cache.get(Cid.v1(Multicodec.RAW, MH)));
        cache.get(Cid.v1(Multicodec.DAG_PB, MH))[0] ^= 1;
        assertArrayEquals(DATA, cache.get(Cid.v0(MH)));
        assertEquals(1, gets.get());
    }

    @Test
    void theFetchObserverHearsEachRequestOnceAsAFetchOrAHit() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        store.put(Cid.v0(MH), DATA);
        CachingBlockSource cache = new CachingBlockSource(store, 1 << 20);
        StringBuilder heard = new StringBuilder();
        cache.observeFetches((fetched, nanos) -> heard.append(fetched ? 'F' : 'h'));
        cache.get(Cid.v0(MH));
        cache.lend(Cid.v0(MH));
        cache.get(Cid.v1(Multicodec.RAW, MH));
        assertEquals("Fhh", heard.toString(), "one fetch, then two hits; a fetch is not also a hit");
    }

    @Test
    void theReadersInteriorCacheServesDagPbSpellingsButNotARawCidOfTheSameBytes() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        byte[] content = new byte[600_000];
        new Random(3).nextBytes(content);
        Cid root = new UnixfsImporter(store, ImportOptions.kuboDefault()).addFile(new ByteArrayInputStream(content)).cid();
        assertEquals(0, root.version());
        UnixfsReader reader = new UnixfsReader(store, 1 << 20);
        assertEquals(content.length, reader.stat(root).size());

        Cid v1 = Cid.v1(Multicodec.DAG_PB, root.multihash());
        UnixfsStat again = reader.stat(v1);
        assertEquals(v1, again.cid());
        assertEquals(content.length, again.size());

        Cid raw = Cid.v1(Multicodec.RAW, root.multihash());
        UnixfsStat asRaw = reader.stat(raw);
        assertEquals(UnixfsKind.FILE, asRaw.kind());
        assertEquals(store.get(root).length, asRaw.size(), "a raw CID reads the block's own bytes");
    }
}
