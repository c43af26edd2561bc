package dev.vipfs.fs.content;

import dev.vipfs.crypto.envelope.EnvelopeReader;
import dev.vipfs.crypto.segment.SegmentOffsets;
import dev.vipfs.fs.metrics.MountMetrics;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random-access plaintext view of an envelope: a read decrypts only the segments it covers,
 * and a sequential reader gets the following segments decrypted ahead of it. A read that lands
 * away from the previous one (a random reader's) decrypts its segment into a per-thread buffer and
 * keeps nothing: the kernel keeps the page it asked for, and caching the other 60 KiB only promoted
 * 64 KiB arrays into the old generation to be evicted unread (issue #16). A segment such a reader
 * comes back to soon is kept from then on.
 */
public final class EnvelopeContentReader implements ContentReader {
    /** 512 KiB ahead: four kernel read-ahead requests, enough to keep the prefetch threads busy. */
    private static final int PREFETCH_SEGMENTS = 8;
    /** Segments back from the furthest one served that a read must jump to start a new run (4 MiB). */
    private static final int REWIND = 64;
    /**
     * How far from the previous read a segment still counts as the same run: a sequential reader's
     * requests finish out of order on several FUSE threads, within about a read-ahead window.
     */
    private static final int NEAR = PREFETCH_SEGMENTS;
    /** A random reader's segments remembered, so that one read again soon is kept from then on. */
    private static final int RECENT_UNKEPT = 16;
    /** Where a segment that is not kept is decrypted: one per FUSE thread, reused. */
    private static final ThreadLocal<byte[]> UNKEPT = ThreadLocal.withInitial(() -> new byte[SegmentOffsets.PLAIN_SEGMENT]);

    private final UnixfsReader reader;
    private final ObjectInfo info;
    private final SegmentReader segments;
    private final SegmentCache cache;
    private final SegmentCache.Owner owner;
    private final Executor prefetcher;
    private final boolean readAhead;
    private final AtomicLong lastSegment = new AtomicLong(-2);
    private final AtomicBoolean interiorsRequested = new AtomicBoolean();
    /**
     * The furthest segment the current run of reads has served: prefetching it or anything before it
     * is work thrown away. A read further back than a reader's requests can arrive out of order
     * starts a new run (a reader that looked at the end first, then reads from the start).
     */
    private final AtomicLong furthest = new AtomicLong(-1);
    /** Segments a prefetch task is already loading: a second task would only block on the first. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Drops a kept segment from the cache once reads have served both its ends. */
    private final ServedEnds servedEnds = new ServedEnds();
    /** Payload offset up to which a sequential reader's leaves were announced to the block source. */
    private long announcedUntil;
    /** A random reader's segments decrypted without being kept: one read again soon is kept. */
    private final RecentSegments recentUnkept = new RecentSegments(RECENT_UNKEPT);

    /**
     * readAhead: whether segments a read has not reached yet (the rest of a long request, a
     * sequential reader's next ones) are loaded on the prefetch threads. Off for a local store:
     * there the kernel's own read-ahead keeps FUSE threads busy enough, and loading on other
     * threads only adds hand-offs (docs/benchmarks.md, "Read-ahead by the kernel"). The prefetch
     * threads still load a random reader's interior nodes.
     */
    public EnvelopeContentReader(UnixfsReader reader, ObjectInfo info, EnvelopeReader envelope,
                                 SegmentCache cache, Executor prefetcher, boolean readAhead) {
        this.reader = reader;
        this.info = info;
        this.segments = new SegmentReader(reader, info.envelope().payload(), info.envelope().payloadLength(),
                envelope::openSegment, "object " + info.cid());
        this.cache = cache;
        this.owner = new SegmentCache.Owner(info.envelope(), envelope.usedKey().keyId(), envelope.usedKey().version());
        this.prefetcher = prefetcher;
        this.readAhead = readAhead;
    }

    @Override
    public long size() {
        return info.size();
    }

    @Override
    public int read(long offset, byte[] dst, int dstOff, int len) throws IOException {
        return read(offset, ByteBuffer.wrap(dst, dstOff, len));
    }

    /**
     * Copies each covered segment's plaintext straight into dst (for the mount, the reply buffer that
     * libfuse hands to the kernel): one copy per byte on a cache hit, none allocated per read.
     */
    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        var spans = SegmentOffsets.explode(offset, dst.remaining(), info.size());
        if (spans.isEmpty()) {
            return 0;
        }
        // A request spanning several segments (the kernel asks for up to 128 KiB) loads all but the
        // first in the background, so their fetches overlap instead of queueing behind each other.
        long first = spans.get(0).index();
        long previous = lastSegment.get();
        if (continues(previous, first)) {
            announce(first);
        }
        prefetch(first + 1, spans.get(spans.size() - 1).index());
        int done = 0;
        for (SegmentOffsets.Span span : spans) {
            // Segments after the first are a long read's, which goes on: they are being prefetched.
            // Without read-ahead, a segment this read consumes whole is never asked for again (the
            // kernel keeps its pages): it is decrypted into this thread's buffer, not kept.
            boolean whole = !readAhead && span.skip() == 0 && span.length() == plainLength(span.index());
            if (whole || (span.index() == first && !keeps(previous, first))) {
                if (copyUnkept(span, dst, !near(previous, first)) && whole) {
                    cache.invalidate(owner, span.index()); // kept for an earlier partial read, now served
                }
            } else {
                byte[] plain = segment(span.index());
                copy(span, plain, plain.length, dst);
                if (servedEnds.serve(span.index(), span.skip(), span.length(), plain.length)) {
                    cache.invalidate(owner, span.index());
                }
            }
            done += span.length();
            furthest.accumulateAndGet(span.index(), (run, index) -> index > run || index < run - REWIND ? index : run);
            noteAccess(span.index());
        }
        return done;
    }

    /**
     * Whether a read of {@code index} after one of {@code previous} keeps the segment in the cache:
     * the start of the object, a read near the previous one (a sequential reader's, whose next
     * request wants the rest of it), or a segment a random reader was at shortly before.
     */
    private boolean keeps(long previous, long index) {
        return near(previous, index) || recentUnkept.seenElseRemember(index);
    }

    /** The start of the object, or near the previous read: a sequential reader's. */
    private static boolean near(long previous, long index) {
        return index == 0 || Math.abs(index - previous) <= NEAR;
    }

    /**
     * Serves a span from the cache if the segment is there (returns true), else decrypts it into this
     * thread's buffer (false); a random reader's ({@code random}) has the payload's parents loaded.
     */
    private boolean copyUnkept(SegmentOffsets.Span span, ByteBuffer dst, boolean random) throws IOException {
        byte[] plain = cache.getIfKept(owner, span.index());
        if (plain != null) {
            copy(span, plain, plain.length, dst);
            return true;
        }
        if (random) {
            loadInteriors();
        }
        byte[] buffer = UNKEPT.get();
        int length = segments.segmentInto(span.index(), buffer);
        MountMetrics.global().segmentCache(false);
        MountMetrics.global().decrypted(length);
        copy(span, buffer, length, dst);
        return false;
    }

    private int plainLength(long index) {
        return (int) Math.min(SegmentOffsets.PLAIN_SEGMENT, info.size() - SegmentOffsets.plainOffset(index));
    }

    /**
     * On a random reader's first read, has the payload's parents loaded in the background: its
     * first read below each of them would otherwise also read and decode that parent (issue #16).
     */
    private void loadInteriors() {
        if (prefetcher == null || interiorsRequested.get() || !interiorsRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            reader.loadInteriors(info.envelope().payload(), prefetcher);
        } catch (IOException | RuntimeException ignored) {
            // The reads load, and report, whatever is wrong with the payload's root.
        }
    }

    private void copy(SegmentOffsets.Span span, byte[] plain, int length, ByteBuffer dst) throws IOException {
        if (length < span.skip() + span.length()) {
            throw new IOException("object " + info.cid() + ": segment " + span.index()
                    + " is shorter than its size implies");
        }
        dst.put(plain, span.skip(), span.length());
    }

    /** Records an access, and starts read-ahead if it continues a sequential run. */
    private void noteAccess(long index) {
        if (continues(lastSegment.getAndSet(index), index)) {
            announce(index);
            prefetch(index + 1, index + PREFETCH_SEGMENTS);
        }
    }

    /**
     * Whether reading segment {@code index} after {@code previous} is a sequential reader moving on.
     * Not a second read in the same segment: a random reader with locality (two pages of one segment)
     * would start read-ahead of segments it never reads, and a sequential reader with small requests
     * already started it when it entered the segment.
     */
    private static boolean continues(long previous, long index) {
        return previous == index - 1;
    }

    /**
     * Tells the block source which leaves the segments after {@code index} live in, before their
     * prefetches ask for them: a source that can stream a DAG (Kubo) then fetches a parent's leaves
     * in one call. Each parent is announced once, when the read-ahead window first reaches it.
     */
    private void announce(long index) {
        if (!readAhead) {
            return;
        }
        ObjectInfo.Envelope env = info.envelope();
        long from = (index + 1) * SegmentOffsets.CIPHER_SEGMENT;
        long to = Math.min(env.payloadLength(), (index + 1 + PREFETCH_SEGMENTS) * SegmentOffsets.CIPHER_SEGMENT);
        synchronized (this) {
            if (announcedUntil < from) {
                announcedUntil = from; // a reader that skipped ahead: nothing before it is wanted
            }
            while (announcedUntil < to) {
                long end;
                try {
                    end = reader.readAhead(env.payload(), announcedUntil);
                } catch (IOException | RuntimeException e) {
                    return; // the reads themselves fetch, and report, whatever is wrong
                }
                if (end <= announcedUntil) {
                    return;
                }
                announcedUntil = end;
            }
        }
    }

    /** Loads segments {@code from..to} (inclusive, clipped to the object) on the prefetch threads. */
    private void prefetch(long from, long to) {
        if (prefetcher == null || !readAhead) {
            return;
        }
        long last = Math.min(to, segmentCount() - 1);
        for (long next = Math.max(from, furthest.get() + 1); next <= last; next++) {
            if (cache.contains(owner, next) || !inFlight.add(next)) {
                continue;
            }
            long target = next;
            try {
                prefetcher.execute(() -> {
                    try {
                        // Queued behind other tasks, it may start after a read served (and dropped) it.
                        if (target > furthest.get()) {
                            segment(target);
                        }
                    } catch (IOException | RuntimeException ignored) {
                        // A failed prefetch is retried, and reported, by the read that needs the segment.
                    } finally {
                        inFlight.remove(target);
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.remove(target); // the mount is shutting down
                return;
            }
        }
    }

    private long segmentCount() {
        return segments.segmentCount();
    }

    private byte[] segment(long index) throws IOException {
        return cache.get(owner, index, () -> segments.segment(index));
    }
}
