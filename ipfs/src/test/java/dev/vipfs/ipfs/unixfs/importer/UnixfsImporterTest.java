package dev.vipfs.ipfs.unixfs.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.codec.UnixfsKind;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.ipfs.unixfs.reader.UnixfsStat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixfsImporterTest {
    @TempDir
    Path tmp;

    private final MemoryBlockstore store = new MemoryBlockstore();
    private final UnixfsReader reader = new UnixfsReader(store);

    @Test
    void leavesFilledInPlaceAreTheBlocksTheCodecsEncode() throws Exception {
        ImportOptions[] options = {ImportOptions.kuboDefault(), ImportOptions.kuboDefault().withCidVersion(1),
                ImportOptions.kuboDefault().withRawLeaves(false).withCidVersion(1)};
        for (ImportOptions opts : options) {
            for (int size : new int[] {0, 1, 127, 128, 16375, 16376, 16384, 65552, (1 << 21) + 5}) {
                byte[] content = new byte[size];
                new Random(size).nextBytes(content);
                // The reference: UnixFS Data and the dag-pb node encoded by their general codecs.
                byte[] block = opts.rawLeaves() ? content : DagPbCodec.encode(new PbNode(List.of(),
                        new UnixfsData(UnixfsData.FILE, size == 0 ? null : content, (long) size, null, null, null,
                                null, null).encode()));
                Multihash mh = Multihash.sha256(block);
                Cid cid = opts.rawLeaves() ? Cid.v1(Multicodec.RAW, mh)
                        : opts.cidVersion() == 0 ? Cid.v0(mh) : Cid.v1(Multicodec.DAG_PB, mh);
                UnixfsImporter importer = new UnixfsImporter(store, opts);
                LeafBlock leaf = importer.newLeaf(size);
                System.arraycopy(content, 0, leaf.array(), leaf.contentOffset(), size);
                String what = opts.rawLeaves() + "/" + opts.cidVersion() + " " + size;
                for (ImportedNode got : List.of(importer.addLeaf(leaf), importer.addLeaf(content))) {
                    assertEquals(cid, got.cid(), what);
                    assertEquals(block.length, got.dagSize(), what);
                    assertEquals(size, got.contentSize(), what);
                    assertArrayEquals(block, store.get(got.cid()), what);
                }
            }
        }
        UnixfsImporter raw = new UnixfsImporter(store, ImportOptions.kuboDefault().withCidVersion(1));
        LeafBlock framed = new UnixfsImporter(store, ImportOptions.kuboDefault()).newLeaf(4);
        assertThrows(IllegalArgumentException.class, () -> raw.addLeaf(framed));
    }

    @Test
    void optionsFollowKuboFlags() {
        assertFalse(ImportOptions.kuboDefault().rawLeaves());
        assertTrue(ImportOptions.kuboDefault().withCidVersion(1).rawLeaves(), "--cid-version=1 implies raw leaves");
        assertFalse(ImportOptions.kuboDefault().withRawLeaves(false).withCidVersion(1).rawLeaves());
        assertEquals(1048576, ImportOptions.profile("unixfs-v1-2025").chunkSize());
        assertEquals(4096, ImportOptions.parseChunker("size-4096"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportOptions.profile("nope"));
        assertTrue(e.getMessage().contains("unixfs-v1-2025"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImportOptions.parseChunker("rabin"));
        assertThrows(IllegalArgumentException.class, () -> ImportOptions.parseChunker("size-0"));
        assertThrows(IllegalArgumentException.class, () -> ImportOptions.parseChunker("size-x"));
        assertThrows(IllegalArgumentException.class, () -> ImportOptions.kuboDefault().withCidVersion(2));
    }

    @Test
    void deepBalancedTreeReadsAtRandomOffsets() throws Exception {
        byte[] data = new byte[100_003];
        new Random(1).nextBytes(data);
        // 10-byte chunks and 3 links per node give a DAG many levels deep.
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault().withChunkSize(100).withMaxLinks(3));
        ImportedNode n = imp.addFile(new ByteArrayInputStream(data));
        assertEquals(data.length, n.contentSize());
        assertEquals(data.length, reader.stat(n.cid()).size());
        Random r = new Random(2);
        for (int i = 0; i < 300; i++) {
            int off = r.nextInt(data.length + 10);
            int len = r.nextInt(700);
            byte[] buf = new byte[len + 5];
            int got = reader.read(n.cid(), off, buf, 5, len);
            int expect = Math.max(0, Math.min(len, data.length - off));
            assertEquals(expect, got);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, Math.min(off, data.length), Math.min(off, data.length) + expect),
                    java.util.Arrays.copyOfRange(buf, 5, 5 + got));
        }
    }

    @Test
    void leafChunksBecomeExactlyOneLeafEach() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault().withCidVersion(1).withMaxLinks(4));
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            chunks.add(("segment-" + i + "-").repeat(i + 1).getBytes(StandardCharsets.US_ASCII));
        }
        ImportedNode file = imp.addLeafChunks(chunks.iterator());
        UnixfsStat st = reader.stat(file.cid());
        long total = chunks.stream().mapToLong(c -> c.length).sum();
        assertEquals(total, st.size());
        // Walk to the leaves: each one is one chunk, raw, in order.
        List<byte[]> leaves = new ArrayList<>();
        collectLeaves(file.cid(), leaves);
        assertEquals(chunks.size(), leaves.size());
        for (int i = 0; i < chunks.size(); i++) {
            assertArrayEquals(chunks.get(i), leaves.get(i));
        }
    }

    private void collectLeaves(Cid cid, List<byte[]> out) throws Exception {
        if (cid.codec() == Multicodec.RAW) {
            out.add(store.get(cid));
            return;
        }
        for (FileLink l : reader.stat(cid).fileLinks()) {
            collectLeaves(l.cid(), out);
        }
    }

    @Test
    void namedFileNodeForEnvelopes() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault().withCidVersion(1));
        byte[] header = "HEADER".getBytes(StandardCharsets.US_ASCII);
        ImportedNode h = imp.addLeaf(header);
        ImportedNode payload = imp.addLeafChunks(List.of(new byte[] {1, 2, 3}, new byte[] {4, 5}).iterator());
        ImportedNode root = imp.addFileNode(List.of(new FileChild("vipfs-envelope-v1", h), new FileChild("payload", payload)));
        UnixfsStat st = reader.stat(root.cid());
        assertEquals(UnixfsKind.FILE, st.kind());
        assertEquals(11, st.size());
        assertEquals("vipfs-envelope-v1", st.fileLinks().get(0).name());
        assertEquals(6, st.fileLinks().get(0).blocksize());
        assertEquals(5, st.fileLinks().get(1).blocksize());
        byte[] all = new byte[11];
        assertEquals(11, reader.read(root.cid(), 0, all, 0, 11));
        assertArrayEquals(new byte[] {'H', 'E', 'A', 'D', 'E', 'R', 1, 2, 3, 4, 5}, all);
        assertEquals(11, root.contentSize());
    }

    @Test
    void addPathWithDirectoriesSymlinksEmptiesAndHiddenFiles() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.write(root.resolve("empty"), new byte[0]);
        Files.createDirectory(root.resolve("emptydir"));
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(root.resolve("sub/b.txt"), "beta\n");
        Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));
        Files.writeString(root.resolve(".hidden"), "secret");
        List<Path> order = new ArrayList<>();
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault());
        ImportedNode n = imp.addPath(root, (p, node) -> order.add(p));
        assertEquals(root, order.get(order.size() - 1));
        assertFalse(order.contains(root.resolve(".hidden")));
        List<String> names = new ArrayList<>();
        for (DirEntry e : reader.list(n.cid())) {
            names.add(e.name());
        }
        assertEquals(List.of("a.txt", "empty", "emptydir", "link", "sub"), names);
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", reader.lookup(n.cid(), "empty").orElseThrow().toString());
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", reader.lookup(n.cid(), "emptydir").orElseThrow().toString());
        assertEquals("a.txt", reader.readSymlink(reader.lookup(n.cid(), "link").orElseThrow()));
        Cid sub = reader.lookup(n.cid(), "sub").orElseThrow();
        byte[] buf = new byte[10];
        assertEquals(5, reader.read(reader.lookup(sub, "b.txt").orElseThrow(), 0, buf, 0, 10));
        ImportedNode withHidden = new UnixfsImporter(store, ImportOptions.kuboDefault().withHidden(true)).addPath(root, null);
        assertTrue(reader.lookup(withHidden.cid(), ".hidden").isPresent());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> imp.addPath(tmp.resolve("missing"), null));
    }

    @Test
    void hamtDirectoryOverThresholdListsAndLooksUp() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault().withHamtThreshold(1000));
        ImportedNode x = imp.addLeaf("x".getBytes(StandardCharsets.US_ASCII));
        TreeMap<String, ImportedNode> entries = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            entries.put("file-" + i + "-\u00e9\ud83d\ude00", x);
        }
        ImportedNode dir = imp.addDirectory(entries);
        assertEquals(3000, reader.list(dir.cid()).size());
        for (int i = 0; i < 3000; i += 97) {
            assertEquals(x.cid(), reader.lookup(dir.cid(), "file-" + i + "-\u00e9\ud83d\ude00").orElseThrow());
        }
        assertTrue(reader.lookup(dir.cid(), "file-3000").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> imp.addDirectory(new TreeMap<>(java.util.Map.of("a/b", x))));
    }

    @Test
    void modeAndMtimeAreStoredAndStatted() throws Exception {
        java.time.Instant t = java.time.Instant.ofEpochSecond(1600000000, 5);
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault().withCidVersion(1).withMode(0640).withMtime(t));
        ImportedNode f = imp.addFile(new ByteArrayInputStream("hi".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Multicodec.DAG_PB, f.cid().codec(), "metadata turns implied raw leaves off");
        UnixfsStat st = reader.stat(f.cid());
        assertEquals(java.util.OptionalInt.of(0640), st.mode());
        assertEquals(java.util.Optional.of(t), st.mtime());
        ImportedNode d = imp.addDirectory(new TreeMap<>(java.util.Map.of("f", f)));
        assertEquals(java.util.OptionalInt.of(0640), reader.stat(d.cid()).mode());
        assertThrows(IllegalArgumentException.class, () -> new UnixfsImporter(store,
                ImportOptions.kuboDefault().withRawLeaves(true).withPreserveMode(true)));
    }

    @Test
    void identityCidsAreFiles() throws Exception {
        Cid id = Cid.parse(Cid.v1(Multicodec.RAW, dev.vipfs.ipfs.cid.Multihash.identity(
                "inline bytes".getBytes(StandardCharsets.US_ASCII))).toString());
        UnixfsStat st = reader.stat(id);
        assertEquals(UnixfsKind.FILE, st.kind());
        byte[] buf = new byte[64];
        int n = reader.read(id, 0, buf, 0, 64);
        assertEquals(st.size(), n);
        assertArrayEquals(id.multihash().digest(), java.util.Arrays.copyOf(buf, n));
    }
}
