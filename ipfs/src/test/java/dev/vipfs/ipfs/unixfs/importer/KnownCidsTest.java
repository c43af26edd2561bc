package dev.vipfs.ipfs.unixfs.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KnownCidsTest {
    private final MemoryBlockstore store = new MemoryBlockstore();

    @Test
    void emptyFileAndDirectoryUnderDefaultProfile() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault());
        assertEquals("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH",
                imp.addFile(new ByteArrayInputStream(new byte[0])).cid().toString());
        // The brief quoted QmUNLL…qs3HFo8Lc6ar1Tj, which is not the hash of any directory; Kubo prints this one.
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", imp.addDirectory(new TreeMap<>()).cid().toString());
    }

    @Test
    void helloWorldRawV1() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault().withCidVersion(1));
        byte[] data = "hello world\n".getBytes(StandardCharsets.US_ASCII);
        ImportedNode n = imp.addFile(new ByteArrayInputStream(data));
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", n.cid().toString());
        byte[] back = new byte[20];
        assertEquals(12, new UnixfsReader(store).read(n.cid(), 0, back, 0, 20));
        assertArrayEquals(data, java.util.Arrays.copyOf(back, 12));
    }

    @Test
    void smallFileVectorsOfBothProfiles() throws Exception {
        byte[] hw = "hello world".getBytes(StandardCharsets.US_ASCII);
        assertEquals("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD", new UnixfsImporter(store,
                ImportOptions.profile("unixfs-v0-2015")).addFile(new ByteArrayInputStream(hw)).cid().toString());
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", new UnixfsImporter(store,
                ImportOptions.profile("unixfs-v1-2025")).addFile(new ByteArrayInputStream(hw)).cid().toString());
    }
}
