package dev.vipfs.ipfs.unixfs.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.block.ReadAheadSource;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.unixfs.codec.LeafLayout;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** UnixfsReader.readAhead announces the leaves a sequential reader needs next, one parent at a time. */
class ReadAheadTest {
    private static final int CHUNK = 1024;

    /** A store that records what the reader announces. */
    private static final class Recording implements ReadAheadSource {
        final MemoryBlockstore blocks = new MemoryBlockstore();
        final List<Cid> parents = new ArrayList<>();
        final List<List<Cid>> announced = new ArrayList<>();
        final List<List<FileLeaf>> leafDetails = new ArrayList<>();
        final List<Cid> fetched = new ArrayList<>();

        @Override
        public byte[] get(Cid cid) throws IOException {
            fetched.add(cid);
            return blocks.get(cid);
        }

        @Override
        public void readAhead(Cid parent, List<FileLeaf> leaves) {
            parents.add(parent);
            announced.add(leaves.stream().map(FileLeaf::cid).toList());
            leafDetails.add(leaves);
        }
    }

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return b;
    }

    private static Cid leaf(byte[] content, int index) {
        byte[] chunk = Arrays.copyOfRange(content, index * CHUNK, Math.min(content.length, (index + 1) * CHUNK));
        return Cid.v1(Multicodec.RAW, Multihash.sha256(chunk));
    }

    @Test
    void announcesTheLeavesFromTheOffsetToTheEndOfTheirParent() throws IOException {
        Recording src = new Recording();
        byte[] content = content(40 * CHUNK); // 40 leaves, 4 per parent: three levels of interior nodes
        ImportOptions opts = ImportOptions.kuboDefault().withCidVersion(1).withChunkSize(CHUNK).withMaxLinks(4);
        Cid file = new UnixfsImporter(src.blocks, opts).addFile(new ByteArrayInputStream(content)).cid();
        UnixfsReader reader = new UnixfsReader(src, 1 << 20);

        assertEquals(4L * CHUNK, reader.readAhead(file, 0));
        assertEquals(List.of(leaf(content, 0), leaf(content, 1), leaf(content, 2), leaf(content, 3)), src.announced.get(0));

        // Leaf 6 is the third child of the second parent: only leaves 6 and 7 are still to come.
        assertEquals(8L * CHUNK, reader.readAhead(file, 6L * CHUNK + 200));
        assertEquals(List.of(leaf(content, 6), leaf(content, 7)), src.announced.get(1));

        // The last parent holds leaves 36-39, deep in the tree's last branch.
        assertEquals(40L * CHUNK, reader.readAhead(file, 37L * CHUNK));
        assertEquals(List.of(leaf(content, 37), leaf(content, 38), leaf(content, 39)), src.announced.get(2));
        assertEquals(-1, reader.readAhead(file, 40L * CHUNK), "past the end");

        byte[] back = new byte[content.length];
        assertEquals(content.length, reader.read(file, 0, back, 0, back.length));
        assertArrayEquals(content, back);
    }

    @Test
    void dagPbLeavesAreRecognisedToo() throws IOException {
        Recording src = new Recording();
        byte[] content = content(10 * CHUNK);
        ImportOptions opts = ImportOptions.kuboDefault().withChunkSize(CHUNK).withMaxLinks(4); // CIDv0, dag-pb leaves
        Cid file = new UnixfsImporter(src.blocks, opts).addFile(new ByteArrayInputStream(content)).cid();
        UnixfsReader reader = new UnixfsReader(src, 1 << 20);
        assertEquals(8L * CHUNK, reader.readAhead(file, 5L * CHUNK));
        assertEquals(3, src.announced.get(0).size());
        assertTrue(src.announced.get(0).stream().allMatch(c -> c.codec() == Multicodec.DAG_PB));
        assertTrue(src.fetched.stream().noneMatch(src.announced.get(0)::contains),
                "a leaf is told by its recorded size, not fetched alone before its stream");
        // Leaves 5-7 of the parent holding 4-7: where each one's content lies in the parent's, and a
        // recorded block size that is the layout a rebuilt leaf gets.
        List<FileLeaf> leaves = src.leafDetails.get(0);
        for (int i = 0; i < 3; i++) {
            assertEquals((i + 1L) * CHUNK, leaves.get(i).offset());
            assertEquals(CHUNK, leaves.get(i).length());
            assertEquals(LeafLayout.dagPbSize(CHUNK), leaves.get(i).blockSize());
        }
    }

    @Test
    void nothingToAnnounceForOtherSourcesOrSingleBlockFiles() throws IOException {
        MemoryBlockstore plain = new MemoryBlockstore();
        ImportOptions opts = ImportOptions.kuboDefault().withCidVersion(1).withChunkSize(CHUNK).withMaxLinks(4);
        Cid big = new UnixfsImporter(plain, opts).addFile(new ByteArrayInputStream(content(10 * CHUNK))).cid();
        assertEquals(-1, new UnixfsReader(plain).readAhead(big, 0), "a source that cannot read ahead");

        Recording src = new Recording();
        Cid small = new UnixfsImporter(src.blocks, opts).addFile(new ByteArrayInputStream(content(100))).cid();
        assertEquals(-1, new UnixfsReader(src).readAhead(small, 0));
        assertTrue(src.announced.isEmpty());
    }
}
