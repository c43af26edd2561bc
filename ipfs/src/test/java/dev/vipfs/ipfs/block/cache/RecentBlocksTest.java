package dev.vipfs.ipfs.block.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import org.junit.jupiter.api.Test;

/** RecentBlocks admits every block, once, and lets the least recently used go past its byte bound. */
class RecentBlocksTest {
    private static Cid cid(byte[] b) {
        return Cid.v1(Multicodec.RAW, Multihash.sha256(b));
    }

    @Test
    void keepsTheMostRecentlyUsedWithinItsBytes() {
        RecentBlocks recent = new RecentBlocks(300);
        byte[] a = new byte[100];
        byte[] b = new byte[100];
        byte[] c = new byte[100];
        byte[] d = new byte[100];
        b[0] = 1;
        c[0] = 2;
        d[0] = 3;
        recent.put(cid(a), a);
        recent.put(cid(b), b);
        recent.put(cid(c), c);
        assertArrayEquals(a, recent.get(cid(a))); // a is now the most recently used
        recent.put(cid(d), d);
        assertNull(recent.get(cid(b)), "the least recently used went");
        assertArrayEquals(a, recent.get(cid(a)));
        assertArrayEquals(c, recent.get(cid(c)));
        assertArrayEquals(d, recent.get(cid(d)));
    }

    @Test
    void aBlockLargerThanTheBoundIsNotKept() {
        RecentBlocks recent = new RecentBlocks(10);
        byte[] big = new byte[11];
        recent.put(cid(big), big);
        assertNull(recent.get(cid(big)));
    }
}
