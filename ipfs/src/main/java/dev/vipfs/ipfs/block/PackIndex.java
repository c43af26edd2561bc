package dev.vipfs.ipfs.block;

import java.util.Arrays;

/**
 * Where each stored block is: multihash → (pack, record offset, record length), held in memory as
 * an open-addressing table of primitive arrays (24 bytes a slot, 40–80 bytes a block between
 * resizes, against well over 100 in a HashMap of objects; docs/blockstore.md has the sizes). The key is the digest's first 8 bytes, so two blocks may share a key (an attacker can
 * make that happen with 2^32 hashes): a lookup returns every candidate and the reader keeps the
 * one whose record holds the full multihash.
 */
final class PackIndex {
    private static final int DEAD = -1;
    private long[] keys = new long[1024];
    private int[] packs = new int[1024];
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private int used;

    /** The table key of a binary multihash: its digest's first 8 bytes, never 0 (0 marks a free slot). */
    static long key(byte[] mh) {
        long k = 0;
        int from = Math.max(0, mh.length - 32);
        for (int i = 0; i < 8 && from + i < mh.length; i++) {
            k = (k << 8) | (mh[from + i] & 0xff);
        }
        return k == 0 ? 1 : k;
    }

    synchronized void add(byte[] mh, int pack, long offset, int length) {
        if ((used + 1) * 10 > keys.length * 6) {
            grow();
        }
        long k = key(mh);
        int mask = keys.length - 1;
        int i = slot(k, mask);
        while (keys[i] != 0) {
            if (keys[i] == k && packs[i] == pack && offsets[i] == offset) {
                return; // the same entry read twice
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        packs[i] = pack;
        offsets[i] = offset;
        lengths[i] = length;
        used++;
    }

    /** Every live location filed under {@code mh}'s key, as {pack, offset, length} triples. */
    synchronized long[] candidates(byte[] mh) {
        long k = key(mh);
        int mask = keys.length - 1;
        long[] out = new long[0];
        for (int i = slot(k, mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == k && packs[i] != DEAD) {
                out = Arrays.copyOf(out, out.length + 3);
                out[out.length - 3] = packs[i];
                out[out.length - 2] = offsets[i];
                out[out.length - 1] = lengths[i];
            }
        }
        return out;
    }

    /** Forgets the location of the record at {@code offset} in {@code pack} (a discarded block). */
    synchronized void remove(byte[] mh, int pack, long offset) {
        long k = key(mh);
        int mask = keys.length - 1;
        for (int i = slot(k, mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == k && packs[i] == pack && offsets[i] == offset) {
                packs[i] = DEAD; // the key stays, so probes for later keys still pass this slot
            }
        }
    }

    private static int slot(long k, int mask) {
        return (int) (k ^ (k >>> 29)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldPacks = packs;
        long[] oldOffsets = offsets;
        int[] oldLengths = lengths;
        int n = oldKeys.length * 2;
        keys = new long[n];
        packs = new int[n];
        offsets = new long[n];
        lengths = new int[n];
        used = 0;
        int mask = n - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0 && oldPacks[j] != DEAD) {
                int i = slot(oldKeys[j], mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                packs[i] = oldPacks[j];
                offsets[i] = oldOffsets[j];
                lengths[i] = oldLengths[j];
                used++;
            }
        }
    }
}
