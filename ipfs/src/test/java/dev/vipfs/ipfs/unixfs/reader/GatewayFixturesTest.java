package dev.vipfs.ipfs.unixfs.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.testcar.TestCar;
import dev.vipfs.ipfs.unixfs.codec.UnixfsKind;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.ipfs.unixfs.directory.NotADirectoryException;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reads third-party UnixFS trees made by Kubo (ipfs/gateway-conformance fixtures). */
class GatewayFixturesTest {
    static byte[] readAll(UnixfsReader r, Cid cid, int bufSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[bufSize];
        long off = 0;
        int n;
        while ((n = r.read(cid, off, buf, 0, buf.length)) > 0) {
            out.write(buf, 0, n);
            off += n;
        }
        return out.toByteArray();
    }

    @Test
    void dirWithFiles() throws IOException {
        MemoryBlockstore store = TestCar.load("path_gateway_unixfs__dir-with-files.car");
        UnixfsReader r = new UnixfsReader(store);
        Cid root = Cid.parse("bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy");
        assertEquals(UnixfsKind.DIRECTORY, r.stat(root).kind());
        Set<String> names = new HashSet<>();
        for (DirEntry e : r.list(root)) {
            names.add(e.name());
        }
        assertTrue(names.containsAll(List.of("ascii.txt", "ascii-copy.txt", "hello.txt", "multiblock.txt")), names.toString());
        Cid hello = r.lookup(root, "hello.txt").orElseThrow();
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", hello.toString());
        assertArrayEquals("hello world\n".getBytes(StandardCharsets.US_ASCII), readAll(r, hello, 100));
        Cid multi = r.lookup(root, "multiblock.txt").orElseThrow();
        UnixfsStat st = r.stat(multi);
        assertEquals(1026, st.size());
        assertTrue(st.fileLinks().size() > 1);
        byte[] whole = readAll(r, multi, 4096);
        assertEquals(1026, whole.length);
        // Unaligned reads across leaf boundaries agree with the whole.
        for (int bs : new int[] {1, 7, 255, 256, 257, 1000}) {
            assertArrayEquals(whole, readAll(r, multi, bs), "buffer " + bs);
        }
        byte[] mid = new byte[10];
        assertEquals(10, r.read(multi, 250, mid, 0, 10));
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 250, 260), mid);
        assertEquals(0, r.read(multi, 1026, mid, 0, 10));
        assertEquals(Optional.empty(), r.lookup(root, "nope"));
        assertThrows(NotADirectoryException.class, () -> r.list(hello));
        assertThrows(NotAFileException.class, () -> r.read(root, 0, mid, 0, 1));
    }

    @Test
    void symlink() throws IOException {
        MemoryBlockstore store = TestCar.load("path_gateway_unixfs__symlink.car");
        UnixfsReader r = new UnixfsReader(store);
        Cid root = Cid.parse("QmWvY6FaqFMS89YAQ9NAPjVP4WZKA1qbHbicc9HeSKQTgt");
        Cid foo = r.lookup(root, "foo").orElseThrow();
        Cid bar = r.lookup(root, "bar").orElseThrow();
        assertArrayEquals("content\n".getBytes(StandardCharsets.US_ASCII), readAll(r, foo, 64));
        assertEquals(UnixfsKind.SYMLINK, r.stat(bar).kind());
        assertEquals("foo", r.readSymlink(bar));
        // Our importer builds the same symlink block as Kubo did.
        assertEquals(bar, new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefault()).addSymlink("foo").cid());
    }

    @Test
    void hamtWithThousandFiles() throws IOException {
        MemoryBlockstore store = TestCar.load("trustless_gateway_car__single-layer-hamt-with-multi-block-files.car");
        UnixfsReader r = new UnixfsReader(store);
        Cid root = Cid.parse("bafybeidbclfqleg2uojchspzd4bob56dqetqjsj27gy2cq3klkkgxtpn4i");
        assertEquals(UnixfsKind.DIRECTORY, r.stat(root).kind());
        List<DirEntry> entries = r.list(root);
        assertEquals(1000, entries.size());
        Set<String> names = new HashSet<>();
        for (DirEntry e : entries) {
            names.add(e.name());
            assertEquals(Optional.of(e.cid()), r.lookup(root, e.name()), e.name());
        }
        for (int i = 1; i <= 1000; i++) {
            assertTrue(names.contains(i + ".txt"), i + ".txt");
        }
        assertEquals(Optional.empty(), r.lookup(root, "1001.txt"));
        Cid first = r.lookup(root, "1.txt").orElseThrow();
        assertTrue(readAll(r, first, 8192).length > 0);
    }

    @Test
    void hamtLookupFetchesOnlyTheHashPath() throws IOException {
        MemoryBlockstore store = TestCar.load("trustless_gateway_car__single-layer-hamt-with-multi-block-files.car");
        CountingSource counting = new CountingSource(store);
        UnixfsReader r = new UnixfsReader(counting);
        Cid root = Cid.parse("bafybeidbclfqleg2uojchspzd4bob56dqetqjsj27gy2cq3klkkgxtpn4i");
        r.lookup(root, "500.txt").orElseThrow();
        assertTrue(counting.gets.get() <= 3, "lookup fetched " + counting.gets.get() + " blocks");
    }

    @Test
    void missingMiddleBlockFailsCleanly() throws IOException {
        MemoryBlockstore store = TestCar.load("trustless_gateway_car__file-3k-and-3-blocks-missing-block.car");
        UnixfsReader r = new UnixfsReader(store);
        Cid root = Cid.parse("QmYhmPjhFjYFyaoiuNzYv8WGavpSRDwdHWe5B4M5du5Rtk");
        UnixfsStat st = r.stat(root);
        assertEquals(UnixfsKind.FILE, st.kind());
        byte[] buf = new byte[(int) st.size()];
        assertThrows(BlockNotFoundException.class, () -> r.read(root, 0, buf, 0, buf.length));
        // The first leaf is present, so a read inside it still works: only covering leaves are fetched.
        assertEquals(10, r.read(root, 0, buf, 0, 10));
    }

    @Test
    void importerRebuildsKuboDirectoriesAndFilesByteForByte() throws IOException {
        MemoryBlockstore store = TestCar.load("trustless_gateway_car__single-layer-hamt-with-multi-block-files.car");
        UnixfsReader r = new UnixfsReader(store);
        Cid hamtRoot = Cid.parse("bafybeidbclfqleg2uojchspzd4bob56dqetqjsj27gy2cq3klkkgxtpn4i");
        java.util.TreeMap<String, ImportedNode> entries = new java.util.TreeMap<>();
        for (DirEntry e : r.list(hamtRoot)) {
            entries.put(e.name(), new ImportedNode(e.cid(), e.tsize(), 0));
        }
        // The fixture was made with a sharding threshold of zero, so force the HAMT path.
        UnixfsImporter imp = new UnixfsImporter(new MemoryBlockstore(),
                ImportOptions.kuboDefault().withCidVersion(1).withHamtThreshold(0));
        assertEquals(hamtRoot, imp.addDirectory(entries).cid());

        MemoryBlockstore files = TestCar.load("path_gateway_unixfs__dir-with-files.car");
        UnixfsReader fr = new UnixfsReader(files);
        Cid dirRoot = Cid.parse("bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy");
        java.util.TreeMap<String, ImportedNode> dir = new java.util.TreeMap<>();
        for (DirEntry e : fr.list(dirRoot)) {
            dir.put(e.name(), new ImportedNode(e.cid(), e.tsize(), 0));
        }
        UnixfsImporter v1 = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefault().withCidVersion(1));
        assertEquals(dirRoot, v1.addDirectory(dir).cid());
        Cid multi = fr.lookup(dirRoot, "multiblock.txt").orElseThrow();
        byte[] content = readAll(fr, multi, 4096);
        UnixfsImporter small = new UnixfsImporter(new MemoryBlockstore(),
                ImportOptions.kuboDefault().withCidVersion(1).withChunkSize(256));
        assertEquals(multi, small.addFile(new java.io.ByteArrayInputStream(content)).cid());
    }

    /** Counts block fetches, to prove reads touch only what they need. */
    static final class CountingSource implements dev.vipfs.ipfs.block.BlockSource {
        final java.util.concurrent.atomic.AtomicInteger gets = new java.util.concurrent.atomic.AtomicInteger();
        private final dev.vipfs.ipfs.block.BlockSource inner;

        CountingSource(dev.vipfs.ipfs.block.BlockSource inner) {
            this.inner = inner;
        }

        @Override
        public byte[] get(Cid cid) throws IOException {
            gets.incrementAndGet();
            return inner.get(cid);
        }
    }
}
