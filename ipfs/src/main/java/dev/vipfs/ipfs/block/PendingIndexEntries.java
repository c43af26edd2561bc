package dev.vipfs.ipfs.block;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The index entries of one pack that the next sync writes, in order: the records appended and the
 * discards since the last sync, and ahead of them the encoded entries a failed sync took and could
 * not write. A record discarded before it is synced is dropped here, so no entry ever names it.
 * Guarded by the pack writer's lock.
 */
final class PendingIndexEntries {
    /** Entries not yet written, in order. */
    private final List<Pending> pending = new ArrayList<>();
    /** Encoded entries a failed sync took and could not write: written first by the next one. */
    private byte[] unwritten = new byte[0];

    /** An index entry waiting for the next sync; a block record discarded before it is dropped, not written. */
    private static final class Pending {
        final byte kind;
        final byte[] mh;
        final long offset;
        final int length;
        boolean dropped;

        Pending(byte kind, byte[] mh, long offset, int length) {
            this.kind = kind;
            this.mh = mh;
            this.offset = offset;
            this.length = length;
        }
    }

    /** Queues an entry ({@link PackFormat#KIND_BLOCK} or {@link PackFormat#KIND_DISCARD}). */
    void add(byte kind, byte[] mh, long offset, int length) {
        pending.add(new Pending(kind, mh, offset, length));
    }

    /** Drops the unsynced block entry of the record at {@code offset}; false if it has none (it was synced). */
    boolean dropUnsynced(long offset) {
        for (int i = pending.size() - 1; i >= 0; i--) { // an abandoned import's are recent
            Pending p = pending.get(i);
            if (p.kind == PackFormat.KIND_BLOCK && p.offset == offset && !p.dropped) {
                p.dropped = true;
                return true;
            }
        }
        return false;
    }

    /**
     * Forgets the dropped entries whose records end the pack at {@code end}, last first; returns
     * where the pack's last record still stored ends.
     */
    long cutBack(long end) {
        long to = end;
        while (!pending.isEmpty() && pending.get(pending.size() - 1).dropped
                && pending.get(pending.size() - 1).offset + pending.get(pending.size() - 1).length == to) {
            to = pending.remove(pending.size() - 1).offset;
        }
        return to;
    }

    /** Takes every entry to write, encoded: the ones a failed sync put back first. */
    byte[] take() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(unwritten);
        for (Pending p : pending) {
            if (!p.dropped) {
                out.writeBytes(PackFormat.indexEntry(p.kind, p.mh, p.offset, p.length));
            }
        }
        unwritten = new byte[0];
        pending.clear();
        return out.toByteArray();
    }

    /** Puts back what a failed sync took and did not write, ahead of what was queued meanwhile. */
    void putBack(byte[] entries) {
        byte[] c = Arrays.copyOf(entries, entries.length + unwritten.length);
        System.arraycopy(unwritten, 0, c, entries.length, unwritten.length);
        unwritten = c;
    }
}
