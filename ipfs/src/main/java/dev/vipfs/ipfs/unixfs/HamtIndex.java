package dev.vipfs.ipfs.unixfs;

/** Slot index of a hash at a HAMT level: consecutive bit groups, most significant bit first. */
final class HamtIndex {
    private HamtIndex() {
    }

    static int slot(byte[] hash, int level, int bits) {
        int start = level * bits;
        int v = 0;
        for (int i = 0; i < bits; i++) {
            int bit = start + i;
            int b = (hash[bit >>> 3] >>> (7 - (bit & 7))) & 1;
            v = (v << 1) | b;
        }
        return v;
    }
}
