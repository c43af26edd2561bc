package dev.vipfs.ipfs.unixfs.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.codec.UnixfsKind;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** UnixfsReader.prefetch: a listing's entries reach the caches on several threads, and a bad one costs nothing. */
class PrefetchTest {
    private final MemoryBlockstore blocks = new MemoryBlockstore();
    private final AtomicInteger gets = new AtomicInteger();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final BlockSource counting = new BlockSource() {
        @Override
        public byte[] get(Cid cid) throws IOException {
            gets.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            try {
                Thread.sleep(2); // a cold block: the lanes overlap their waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return blocks.get(cid);
        }
    };

    @Test
    void entriesAreFetchedOnSeveralLanesAndThenStatFromTheCache() throws Exception {
        UnixfsImporter importer = new UnixfsImporter(blocks, ImportOptions.kuboDefault().withChunkSize(1024)
                .withHamtThreshold(1000));
        SortedMap<String, ImportedNode> entries = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            // Two leaves each, so every root has links (what the decoded-node cache keeps), as envelopes do.
            entries.put("f" + i, importer.addFile(new ByteArrayInputStream(new byte[1025 + i])));
        }
        Cid dir = importer.addDirectory(entries).cid();
        UnixfsReader reader = new UnixfsReader(counting, 4 << 20);
        List<Cid> children = new ArrayList<>();
        for (DirEntry e : reader.list(dir)) {
            children.add(e.cid());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            int before = gets.get();
            threads.clear();
            reader.prefetch(children, pool, 5);
            assertEquals(200, gets.get() - before, "each root once");
            assertTrue(threads.size() > 1, "fetched on several threads: " + threads);
            before = gets.get();
            for (int i = 0; i < children.size(); i++) {
                assertEquals(UnixfsKind.FILE, reader.stat(children.get(i)).kind());
            }
            assertEquals(0, gets.get() - before, "stat after prefetch reads no block");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aMissingEntryIsLeftToWhoeverNeedsIt() throws Exception {
        Cid absent = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        UnixfsReader reader = new UnixfsReader(counting, 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            reader.prefetch(List.of(absent, absent), pool, 3);
        } finally {
            pool.shutdown();
        }
        assertEquals(2, gets.get());
    }
}
