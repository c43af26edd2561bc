package dev.vipfs.fs.content;

import java.util.Arrays;

/**
 * The last few segments a random reader had decrypted without keeping them: one it comes back to
 * soon is worth keeping from then on. A small ring, guarded by itself.
 */
final class RecentSegments {
    private final long[] ring;
    private int next;

    RecentSegments(int size) {
        ring = new long[size];
        Arrays.fill(ring, -1);
    }

    /** Whether {@code index} is among the recent ones; if not, it becomes one (the oldest is forgotten). */
    synchronized boolean seenElseRemember(long index) {
        for (long seen : ring) {
            if (seen == index) {
                return true;
            }
        }
        ring[next] = index;
        next = (next + 1) % ring.length;
        return false;
    }
}
