package dev.vipfs.ipfs.unixfs.reader;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built malformed UnixFS: every case must end in a clear checked exception, not a hang or wrong bytes. */
class MalformedContentTest {
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final UnixfsReader reader = new UnixfsReader(store);

    private Cid put(PbNode node) throws Exception {
        byte[] b = DagPbCodec.encode(node);
        Cid c = Cid.v1(Multicodec.DAG_PB, Multihash.sha256(b));
        store.put(c, b);
        return c;
    }

    private Cid raw(byte[] b) throws Exception {
        Cid c = Cid.v1(Multicodec.RAW, Multihash.sha256(b));
        store.put(c, b);
        return c;
    }

    private static byte[] file(long filesize, long... blocksizes) {
        return new UnixfsData(UnixfsData.FILE, null, filesize, blocksizes, null, null, null, null).encode();
    }

    private void assertFormatError(org.junit.jupiter.api.function.Executable e, String fragment) {
        UnixfsFormatException ex = assertThrows(UnixfsFormatException.class, e);
        assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
    }

    @Test
    void blocksizeLargerThanChild() throws Exception {
        Cid leaf = raw(new byte[10]);
        Cid root = put(new PbNode(List.of(PbLink.of(leaf, "", 10)), file(100, 100)));
        assertFormatError(() -> reader.read(root, 0, new byte[100], 0, 100), "holds");
    }

    @Test
    void linkAndBlocksizeCountsDiffer() throws Exception {
        Cid leaf = raw(new byte[10]);
        Cid root = put(new PbNode(List.of(PbLink.of(leaf, "", 10), PbLink.of(leaf, "", 10)), file(10, 10)));
        assertFormatError(() -> reader.stat(root), "blocksizes");
    }

    @Test
    void filesizeDisagreesWithBlocksizes() throws Exception {
        Cid leaf = raw(new byte[10]);
        Cid root = put(new PbNode(List.of(PbLink.of(leaf, "", 10)), file(11, 10)));
        assertFormatError(() -> reader.stat(root), "filesize");
    }

    @Test
    void dagPbWithoutDataAndForeignCodecs() throws Exception {
        Cid noData = put(new PbNode(List.of(), null));
        assertFormatError(() -> reader.stat(noData), "no Data");
        byte[] cbor = {(byte) 0xa0};
        Cid c = Cid.v1(Multicodec.DAG_CBOR, Multihash.sha256(cbor));
        store.put(c, cbor);
        assertFormatError(() -> reader.stat(c), "dag-cbor");
    }

    @Test
    void badHamtParameters() throws Exception {
        byte[] data = new UnixfsData(UnixfsData.HAMT_SHARD, new byte[] {1}, null, null, UnixfsData.MURMUR3_X64_64, 3L,
                null, null).encode();
        Cid shard = put(new PbNode(List.of(), data));
        assertFormatError(() -> reader.list(shard), "fanout");
        assertFormatError(() -> reader.lookup(shard, "x"), "fanout");
        byte[] sha = new UnixfsData(UnixfsData.HAMT_SHARD, new byte[] {1}, null, null, 0x12L, 256L, null, null).encode();
        Cid other = put(new PbNode(List.of(), sha));
        assertFormatError(() -> reader.list(other), "hash type");
    }

    @Test
    void hamtChildThatIsNotAShard() throws Exception {
        Cid leaf = raw(new byte[1]);
        byte[] data = new UnixfsData(UnixfsData.HAMT_SHARD, new byte[] {1}, null, null, UnixfsData.MURMUR3_X64_64,
                256L, null, null).encode();
        Cid shard = put(new PbNode(List.of(PbLink.of(leaf, "00", 1)), data));
        assertFormatError(() -> reader.list(shard), "not a HAMT shard");
    }

    @Test
    void truncatedUnixfsData() throws Exception {
        Cid c = put(new PbNode(List.of(), new byte[] {0x08, 0x02, 0x12, 0x7f}));
        assertFormatError(() -> reader.stat(c), "malformed UnixFS Data");
        Cid noType = put(new PbNode(List.of(), new byte[] {0x18, 0x00}));
        assertFormatError(() -> reader.stat(noType), "no Type");
    }
}
