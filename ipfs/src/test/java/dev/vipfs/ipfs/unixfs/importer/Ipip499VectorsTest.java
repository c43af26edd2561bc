package dev.vipfs.ipfs.unixfs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.unixfs.codec.UnixfsKind;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Kubo's published IPIP-499 vectors (test/cli/cid_profiles_test.go), regenerated from the same
 * deterministic inputs: chunk-size and max-links boundaries, basic vs HAMT directory boundaries.
 */
class Ipip499VectorsTest {
    private static final String ALPHABET_EASY = "abcdefghijklmnopqrstuvwxyz01234567890-_";

    private static Cid addBytes(String profile, long size, String seed) throws IOException {
        try (InputStream in = new DeterministicBytes(size, seed)) {
            return new UnixfsImporter(new HashOnlyBlockStore(), ImportOptions.profile(profile)).addFile(in).cid();
        }
    }

    @Test
    void v0ChunkBoundary() throws IOException {
        assertEquals("QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE", addBytes("unixfs-v0-2015", 262144, "chunk-v0-seed").toString());
        assertEquals("QmYyLxtzZyW22zpoVAtKANLRHpDjZtNeDjQdJrcQNWoRkJ", addBytes("unixfs-v0-2015", 262145, "chunk-v0-seed").toString());
    }

    @Test
    void v0MaxLinksBoundary() throws IOException {
        long at = 174L * 262144;
        assertEquals("QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2", addBytes("unixfs-v0-2015", at, "v0-seed").toString());
        assertEquals("QmV81WL765sC8DXsRhE5fJv2rwhS4icHRaf3J9Zk5FdRnW", addBytes("unixfs-v0-2015", at + 1, "v0-seed").toString());
    }

    @Test
    void v1ChunkBoundary() throws IOException {
        assertEquals("bafkreiacndfy443ter6qr2tmbbdhadvxxheowwf75s6zehscklu6ezxmta", addBytes("unixfs-v1-2025", 1048576, "chunk-v1-seed").toString());
        assertEquals("bafybeigmix7t42i6jacydtquhet7srwvgpizfg7gjbq7627d35mjomtu64", addBytes("unixfs-v1-2025", 1048577, "chunk-v1-seed").toString());
    }

    @Test
    void v1MaxLinksBoundary() throws IOException {
        long at = 1024L * 1048576;
        assertEquals("bafybeihmf37wcuvtx4hpu7he5zl5qaf2ineo2lqlfrapokkm5zzw7zyhvm", addBytes("unixfs-v1-2025", at, "v1-2025-seed").toString());
        assertEquals("bafybeibdsi225ugbkmpbdohnxioyab6jsqrmkts3twhpvfnzp77xtzpyhe", addBytes("unixfs-v1-2025", at + 1, "v1-2025-seed").toString());
    }

    /** Kubo's createDeterministicFiles: names from a ChaCha20 stream mapped onto AlphabetEasy, each file "x". */
    private static ImportedNode directory(String profile, int files, int nameLen, int lastNameLen, String seed,
            MemoryBlockstore store) throws IOException {
        UnixfsImporter imp = new UnixfsImporter(store, ImportOptions.profile(profile));
        ImportedNode x = imp.addLeafChunks(java.util.List.of("x".getBytes(StandardCharsets.US_ASCII)).iterator());
        TreeMap<String, ImportedNode> entries = new TreeMap<>();
        try (InputStream names = new DeterministicBytes(1 << 20, seed)) {
            for (int i = 0; i < files; i++) {
                byte[] raw = names.readNBytes(i == files - 1 ? lastNameLen : nameLen);
                StringBuilder sb = new StringBuilder();
                for (byte b : raw) {
                    sb.append(ALPHABET_EASY.charAt((b & 0xFF) % ALPHABET_EASY.length()));
                }
                entries.put(sb.toString(), x);
            }
        }
        return imp.addDirectory(entries);
    }

    @Test
    void v0DirectoryThreshold() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportedNode basic = directory("unixfs-v0-2015", 4096, 30, 30, "hamt-unixfs-v0-2015", store);
        assertEquals("QmX5GtRk3TSSEHtdrykgqm4eqMEn3n2XhfkFAis5fjyZmN", basic.cid().toString());
        assertEquals(UnixfsKind.DIRECTORY, new UnixfsReader(store).stat(basic.cid()).kind());
        ImportedNode hamt = directory("unixfs-v0-2015", 4033, 31, 31, "hamt-unixfs-v0-2015", store);
        assertEquals("QmeMiJzmhpJAUgynAcxTQYek5PPKgdv3qEvFsdV3XpVnvP", hamt.cid().toString());
        assertEquals(4033, new UnixfsReader(store).list(hamt.cid()).size());
    }

    @Test
    void v1DirectoryThreshold() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportedNode basic = directory("unixfs-v1-2025", 4766, 11, 21, "hamt-unixfs-v1-2025", store);
        assertEquals(262144, DagPbCodec.encode(DagPbCodec.decode(store.get(basic.cid()))).length);
        assertEquals("bafybeic3h7rwruealwxkacabdy45jivq2crwz6bufb5ljwupn36gicplx4", basic.cid().toString());
        ImportedNode hamt = directory("unixfs-v1-2025", 4766, 11, 22, "hamt-unixfs-v1-2025", store);
        assertEquals("bafybeiegvuterwurhdtkikfhbxcldohmxp566vpjdofhzmnhv6o4freidu", hamt.cid().toString());
    }
}
