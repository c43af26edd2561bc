package dev.vipfs.fs.names;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** docs/names-file.md: the test vector, and that a damaged or foreign file is never taken for names. */
class TreeNameFileTest {
    static Multihash mh(String s) {
        return Multihash.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static final Cid ROOT = Cid.v1(Multicodec.DAG_PB, mh("root"));

    /** The tree of docs/names-file.md: a root directory with one encrypted file "a.txt". */
    static Map<Multihash, NameNode[]> vectorNames() {
        NameNode top = NameNode.top(CidSpelling.canonical(ROOT));
        NameNode a = top.child("a.txt");
        return Map.of(ROOT.multihash(), new NameNode[] {top}, mh("a.txt"), new NameNode[] {a},
                mh("header"), new NameNode[] {a}, mh("payload"), new NameNode[] {a});
    }

    /** docs/names-file.md, "Test vector". */
    static final String VECTOR = "5649504653544e310024017012204813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b20000"
            + "0002ffffffff000000000000000000000005612e7478740000000400000000002212204813494d137e1631bba301d5ac"
            + "ab6e7bb7aa74ce1185d456565ef51d737677b2000000010022122018b7cb099a9ea3f50ba899b5ba81e0d377a5f3b16f"
            + "8f6eeb8b3e58cd4692b99300000001002212201e0584a25d9f43bf5cbd0aec01eb1af2220ed085b4e7f1837b0d89958c"
            + "ae353a0000000100221220239f59ed55e737c77147cf55ad0c1b030b6d7ee748a7426952f9b852d5a935e55abae42e";

    static Map<String, TreeSet<String>> paths(Map<Multihash, NameNode[]> names) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        names.forEach((k, v) -> {
            TreeSet<String> s = out.computeIfAbsent(HexFormat.of().formatHex(k.toBytes()), x -> new TreeSet<>());
            for (NameNode n : v) {
                s.add(n.path());
            }
        });
        return out;
    }

    @Test
    void theTestVectorDecodesToItsNames() throws Exception {
        byte[] file = TreeNameFile.encode(ROOT, vectorNames());
        assertEquals(VECTOR, HexFormat.of().formatHex(file));
        assertEquals("bafybeicicneu2e36cyy3xiyb2wwkw3t3w6vhjtqrqxkfmvs66uoxg5txwi", CidSpelling.canonical(ROOT));
        assertEquals(paths(vectorNames()), paths(TreeNameFile.decode(ROOT, file)));
        assertArrayEquals(file, TreeNameFile.encode(ROOT, TreeNameFile.decode(ROOT, file)), "encoding is deterministic");
    }

    @Test
    void everyTruncationAndEveryFlippedByteIsRefused() throws Exception {
        byte[] file = TreeNameFile.encode(ROOT, vectorNames());
        for (int len = 0; len < file.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(file, len);
            assertThrows(TreeNameFile.CorruptException.class, () -> TreeNameFile.decode(ROOT, cut), "cut at " + len);
        }
        for (int i = 0; i < file.length; i++) {
            byte[] flipped = file.clone();
            flipped[i] ^= 0x5a;
            assertThrows(TreeNameFile.CorruptException.class, () -> TreeNameFile.decode(ROOT, flipped), "byte " + i);
        }
    }

    @Test
    void anotherRootsFileIsNotThisRootsNames() {
        byte[] file = TreeNameFile.encode(ROOT, vectorNames());
        Cid other = Cid.v1(Multicodec.DAG_PB, mh("other"));
        assertThrows(TreeNameFile.CorruptException.class, () -> TreeNameFile.decode(other, file));
    }

    @Test
    void aWellFormedChecksumDoesNotMakeAMalformedStructureAcceptable() {
        byte[] file = TreeNameFile.encode(ROOT, vectorNames());
        // node 1's parent set to itself, checksum recomputed: a forger's or a bug's file, still refused
        int node1Parent = 8 + 2 + ROOT.toV1().toBytes().length + 4 + 8;
        ByteBuffer.wrap(file).putInt(node1Parent, 1);
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
        assertThrows(TreeNameFile.CorruptException.class, () -> TreeNameFile.decode(ROOT, file));
    }
}
