package dev.vipfs.fs.metrics;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a mount did, counted where it happens and read by `vipfs status` and the metrics endpoint.
 * One per process: a vipfs process serves one mount, and the counting sites (the access gate, the
 * FUSE edge, the caches) are built by code that should not carry a metrics object around.
 * Nothing here holds a path: with HMAC'd audit paths, the status must not print what the audit
 * log hides.
 */
public final class MountMetrics {
    private static final int LAST_ERRORS = 10;
    private static final MountMetrics GLOBAL = new MountMetrics();

    /** One error the mount answered, as `vipfs status` shows it. */
    public record ErrorRecord(Instant at, String operation, String kind, String reason) { }

    private final Instant started = Instant.now();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesDecrypted = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder allowed = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder segmentHits = new LongAdder();
    private final LongAdder segmentMisses = new LongAdder();
    private final LongAdder blockRequests = new LongAdder();
    private final LongAdder blockFetches = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Deque<ErrorRecord> lastErrors = new ArrayDeque<>();
    private volatile Timings timings = Timings.NONE;

    public static MountMetrics global() {
        return GLOBAL;
    }

    /** Where latencies go (the metrics endpoint's histograms); none by default. */
    public void timings(Timings t) {
        timings = t == null ? Timings.NONE : t;
    }

    public Timings timings() {
        return timings;
    }

    public Instant started() {
        return started;
    }

    public void read(long bytes) {
        bytesRead.add(bytes);
    }

    public void decrypted(long bytes) {
        bytesDecrypted.add(bytes);
    }

    public void written(long bytes) {
        bytesWritten.add(bytes);
    }

    public void decision(boolean allow) {
        (allow ? allowed : denied).increment();
    }

    public void segmentCache(boolean hit) {
        (hit ? segmentHits : segmentMisses).increment();
    }

    /** A block asked of the block cache; fetched: it was not there and came from the store. */
    public void blockRequest(boolean fetched, long fetchNanos) {
        blockRequests.increment();
        if (fetched) {
            blockFetches.increment();
            timings.blockFetch(fetchNanos);
        }
    }

    /** An error answered at the FUSE edge: its errno name and the reason the daemon logged. */
    public void error(String operation, String kind, String reason) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        synchronized (lastErrors) {
            if (lastErrors.size() == LAST_ERRORS) {
                lastErrors.removeFirst();
            }
            lastErrors.addLast(new ErrorRecord(Instant.now(), operation, kind, reason));
        }
    }

    public long bytesRead() {
        return bytesRead.sum();
    }

    public long bytesDecrypted() {
        return bytesDecrypted.sum();
    }

    public long bytesWritten() {
        return bytesWritten.sum();
    }

    public long allowed() {
        return allowed.sum();
    }

    public long denied() {
        return denied.sum();
    }

    public long segmentHits() {
        return segmentHits.sum();
    }

    public long segmentMisses() {
        return segmentMisses.sum();
    }

    public long blockRequests() {
        return blockRequests.sum();
    }

    public long blockFetches() {
        return blockFetches.sum();
    }

    /**
     * Zeroes every count and forgets the errors; for a mount whose warm-up ran its request paths
     * before the first real request, so that what it reports is what it served.
     */
    public void reset() {
        for (LongAdder a : List.of(bytesRead, bytesDecrypted, bytesWritten, allowed, denied, segmentHits, segmentMisses,
                blockRequests, blockFetches)) {
            a.reset();
        }
        errors.clear();
        synchronized (lastErrors) {
            lastErrors.clear();
        }
    }

    /** Errors by kind (errno name), sorted by kind. */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> m = new TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** The most recent errors, oldest first. */
    public List<ErrorRecord> lastErrors() {
        synchronized (lastErrors) {
            return new ArrayList<>(lastErrors);
        }
    }
}
