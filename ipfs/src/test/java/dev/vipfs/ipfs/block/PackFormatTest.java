package dev.vipfs.ipfs.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test vector of docs/blockstore.md, "Pack files": one block, its pack and its index, byte for byte. */
class PackFormatTest {
    static final String BLOCK = "vipfs\n";
    static final String CID = "bafkreifxefpgjypmtufial62y2qzq5z5m4v2iyxgw32hjzvmfgakydroga";
    static final String PACK = """
            5649 5046 5350 4b31 0000 0022 0000 0006
            1220 b721 5e64 e1ec 9d0a 802f dac6 a198
            773d 672b a462 e6b6 f474 e6ac 2980 ac0e
            2e30 7669 7066 730a 1f37 e0fe
            """;
    static final String INDEX = """
            5649 5046 5349 5831 0122 1220 b721 5e64
            e1ec 9d0a 802f dac6 a198 773d 672b a462
            e6b6 f474 e6ac 2980 ac0e 2e30 0000 0000
            0000 0008 0000 0034 27f4 bf2e
            """;

    @TempDir
    Path dir;

    private static byte[] hex(String dump) {
        return HexFormat.of().parseHex(dump.replaceAll("\\s", ""));
    }

    private static Path only(Path root, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> found = s.filter(p -> p.toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    @Test
    void theStoreWritesTheVectorByteForByte() throws Exception {
        byte[] block = BLOCK.getBytes(StandardCharsets.US_ASCII);
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(block));
        assertEquals(CID, cid.toString());
        EmbeddedBlockstore store = new EmbeddedBlockstore(dir);
        store.put(cid, block);
        store.sync();
        assertArrayEquals(hex(PACK), Files.readAllBytes(only(dir, ".pack")));
        assertArrayEquals(hex(INDEX), Files.readAllBytes(only(dir, ".idx")));
    }

    @Test
    void theStoreReadsTheVector() throws Exception {
        Path packs = Files.createDirectories(dir.resolve("packs"));
        // pid 0 is no process's: a pack of a writer that is gone.
        Files.write(packs.resolve("0-testvector.pack"), hex(PACK));
        Files.write(packs.resolve("0-testvector.idx"), hex(INDEX));
        EmbeddedBlockstore store = new EmbeddedBlockstore(dir);
        assertEquals(BLOCK, new String(store.get(Cid.parse(CID)), StandardCharsets.US_ASCII));
    }

    @Test
    void anIndexEntryNamingAnImpossibleRecordIsAnIntegrityFailureNotAnAllocation() throws Exception {
        Path packs = Files.createDirectories(dir.resolve("packs"));
        Files.write(packs.resolve("0-crafted.pack"), hex(PACK));
        byte[] mh = Cid.parse(CID).multihash().toBytes();
        java.io.ByteArrayOutputStream idx = new java.io.ByteArrayOutputStream();
        idx.writeBytes(PackFormat.INDEX_MAGIC);
        idx.writeBytes(PackFormat.indexEntry(PackFormat.KIND_BLOCK, mh, 8, Integer.MAX_VALUE));
        idx.writeBytes(PackFormat.indexEntry(PackFormat.KIND_BLOCK, mh, -5, 52));
        Files.write(packs.resolve("0-crafted.idx"), idx.toByteArray());
        EmbeddedBlockstore store = new EmbeddedBlockstore(dir);
        org.junit.jupiter.api.Assertions.assertThrows(IntegrityException.class, () -> store.get(Cid.parse(CID)));
    }
}
