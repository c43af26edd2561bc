package dev.vipfs.fs.content;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which ends of each cached segment reads have served, so that a segment is dropped from the cache
 * once both its first and its last byte went out: the kernel's page cache then holds all of it, and
 * dropping it lets it die young instead of being promoted and evicted later. One end alone is not
 * enough: one sequential reader's requests run on several FUSE threads and finish out of order, and
 * the request for the head may still be on its way, which would then decrypt the segment again.
 */
final class ServedEnds {
    private static final int HEAD = 1;
    private static final int TAIL = 2;
    private static final int BOTH = HEAD | TAIL;
    /** Far more than a sequential reader's requests in flight leave half served. */
    private static final int MAX_HALF_SERVED = 256;

    /** Segments one end of which (HEAD, TAIL) a read has served, the other not yet. */
    private final Map<Long, Integer> halfServed = new ConcurrentHashMap<>();

    /**
     * Records that a read served {@code length} bytes from {@code skip} of a segment of
     * {@code segmentLength} bytes; returns whether both of its ends have now been served.
     */
    boolean serve(long index, int skip, int length, int segmentLength) {
        int ends = (skip == 0 ? HEAD : 0) | (skip + length == segmentLength ? TAIL : 0);
        if (ends == 0) {
            return false;
        }
        if (ends == BOTH) {
            return true;
        }
        if (halfServed.size() >= MAX_HALF_SERVED) {
            halfServed.clear(); // a random reader's: the cache's own eviction deals with those
        }
        ends = halfServed.merge(index, ends, (a, b) -> a | b);
        if (ends != BOTH) {
            return false;
        }
        halfServed.remove(index);
        return true;
    }
}
