package dev.vipfs.ipfs.unixfs.directory;

/**
 * Slot index of a hash at a HAMT level: consecutive bit groups, most significant bit first. The one
 * rule both sides share: the reader checks each entry's place with it, the importer places entries.
 */
public final class HamtIndex {
    private HamtIndex() {
    }

    /** The slot of {@code hash} at {@code level} (0 = root) of a HAMT whose fanout is 2^{@code bits}. */
    public static int slot(byte[] hash, int level, int bits) {
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
