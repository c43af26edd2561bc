package dev.vipfs.ipfs.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** What a sync takes from a pack's queue of index entries, in docs/blockstore.md's order. */
class PendingIndexEntriesTest {
    private static final byte[] A = {0x12, 1, 'a'};
    private static final byte[] B = {0x12, 1, 'b'};
    private static final byte[] C = {0x12, 1, 'c'};

    private static byte[] entries(byte[]... encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : encoded) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    private static byte[] block(byte[] mh, long offset, int length) {
        return PackFormat.indexEntry(PackFormat.KIND_BLOCK, mh, offset, length);
    }

    @Test
    void aSyncTakesEveryEntryOnceInOrder() {
        PendingIndexEntries q = new PendingIndexEntries();
        q.add(PackFormat.KIND_BLOCK, A, 8, 20);
        q.add(PackFormat.KIND_DISCARD, B, 100, 0);
        assertArrayEquals(entries(block(A, 8, 20), PackFormat.indexEntry(PackFormat.KIND_DISCARD, B, 100, 0)), q.take());
        assertEquals(0, q.take().length);
    }

    @Test
    void whatAFailedSyncPutsBackIsWrittenBeforeWhatCameMeanwhile() {
        PendingIndexEntries q = new PendingIndexEntries();
        q.add(PackFormat.KIND_BLOCK, A, 8, 20);
        byte[] failed = q.take();
        q.add(PackFormat.KIND_BLOCK, B, 28, 20);
        q.putBack(failed);
        assertArrayEquals(entries(block(A, 8, 20), block(B, 28, 20)), q.take());
    }

    @Test
    void aRecordDiscardedBeforeItsSyncGetsNoEntryAndTheTailIsCutBack() {
        PendingIndexEntries q = new PendingIndexEntries();
        q.add(PackFormat.KIND_BLOCK, A, 8, 20);
        q.add(PackFormat.KIND_BLOCK, B, 28, 20);
        q.add(PackFormat.KIND_BLOCK, C, 48, 20);
        assertTrue(q.dropUnsynced(48));
        assertTrue(q.dropUnsynced(28));
        assertFalse(q.dropUnsynced(28), "already dropped");
        assertFalse(q.dropUnsynced(200), "no unsynced record there: the caller writes a discard entry");
        assertEquals(28, q.cutBack(68), "the pack ends after A, the last record still stored");
        assertArrayEquals(block(A, 8, 20), q.take());
    }

    @Test
    void aDroppedRecordBeforeAStoredOneLeavesThePackAsItIs() {
        PendingIndexEntries q = new PendingIndexEntries();
        q.add(PackFormat.KIND_BLOCK, A, 8, 20);
        q.add(PackFormat.KIND_BLOCK, B, 28, 20);
        assertTrue(q.dropUnsynced(8));
        assertEquals(48, q.cutBack(48));
        assertArrayEquals(block(B, 28, 20), q.take());
    }
}
