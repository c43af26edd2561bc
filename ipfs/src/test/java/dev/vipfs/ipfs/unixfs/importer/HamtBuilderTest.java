package dev.vipfs.ipfs.unixfs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HAMTs the importer builds, at fanouts Kubo never picks by default, read back whole. */
class HamtBuilderTest {
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final UnixfsReader reader = new UnixfsReader(store);

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, 256, 1024})
    void hamtsBuiltAtEveryFanoutStillListAndLookUp(int fanout) throws Exception {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.kuboDefault());
        ImportedNode x = imp.addLeaf("x".getBytes(StandardCharsets.US_ASCII));
        List<Map.Entry<byte[], ImportedNode>> entries = new ArrayList<>();
        TreeMap<String, Cid> expected = new TreeMap<>();
        for (int i = 0; i < 2000; i++) {
            String name = "entry-" + i + "-\u00e9";
            entries.add(Map.entry(name.getBytes(StandardCharsets.UTF_8), x));
            expected.put(name, x.cid());
        }
        NodeWriter writer = new NodeWriter(store, ImportOptions.kuboDefault());
        Cid dir = new HamtBuilder(writer, fanout).build(entries, null, null).cid();
        TreeMap<String, Cid> listed = new TreeMap<>();
        for (DirEntry e : reader.list(dir)) {
            listed.put(e.name(), e.cid());
        }
        assertEquals(expected, listed);
        for (int i = 0; i < 2000; i += 37) {
            assertEquals(x.cid(), reader.lookup(dir, "entry-" + i + "-\u00e9").orElseThrow());
        }
        assertTrue(reader.lookup(dir, "entry-2000-\u00e9").isEmpty());
    }
}
