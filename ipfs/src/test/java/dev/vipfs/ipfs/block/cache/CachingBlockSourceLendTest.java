package dev.vipfs.ipfs.block.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #16: lending blocks from the disk never lets a reused array into the cache. */
class CachingBlockSourceLendTest {
    @TempDir
    Path dir;

    @Test
    void aBlockLentAndKeptIsKeptAsItsOwnCopy() throws Exception {
        EmbeddedBlockstore store = new EmbeddedBlockstore(dir);
        byte[] a = random(70_000, 1);
        byte[] b = random(70_000, 2);
        store.put(raw(a), a);
        store.put(raw(b), b);
        store.sync();
        CachingBlockSource cache = new CachingBlockSource(new EmbeddedBlockstore(dir), 1 << 20);
        assertArrayEquals(a, cache.lend(raw(a)));
        // The store reads b into the array it lent a in; the cache must still hold a's bytes.
        assertArrayEquals(b, cache.lend(raw(b)));
        assertArrayEquals(a, cache.get(raw(a)));
        assertArrayEquals(a, cache.lend(raw(a)));
        assertArrayEquals(b, cache.get(raw(b)));
    }

    private static byte[] random(int n, long seed) {
        byte[] d = new byte[n];
        new Random(seed).nextBytes(d);
        return d;
    }

    private static Cid raw(byte[] d) {
        return Cid.v1(Multicodec.RAW, Multihash.sha256(d));
    }
}
