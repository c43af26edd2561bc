package dev.vipfs.ipfs.block.cache;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.DagExporter;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.block.ReadAheadSource;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verified blocks kept in memory, bounded by bytes, in front of a slower source (a Kubo daemon,
 * gateways, the embedded store's small blocks), and announced leaves fetched as one stream when the
 * source can export DAGs. Blocks are immutable, so an entry is valid for as long as it is kept.
 */
public final class CachingBlockSource implements ReadAheadSource {
    /** Two parents ahead of each of a couple of sequential readers; older streams are abandoned. */
    private static final int MAX_STREAMS = 4;
    private static final long STREAM_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Streamed leaves kept after their first read: a few read-ahead windows' worth. */
    private static final long RECENTLY_STREAMED_BYTES = 4L << 20;

    private final BlockSource source;
    private final BlockCache<byte[]> blocks;
    private final RecentBlocks recentlyStreamed = new RecentBlocks(RECENTLY_STREAMED_BYTES);
    private final int maxEntryBytes;
    /** Announced leaves of a source that exports DAGs (Kubo): leaf -> the stream that brings it. */
    private final Map<Cid, LeafStream> streamed = new ConcurrentHashMap<>();
    private final LongAdder streamedBlocks = new LongAdder();
    /** Open streams by parent, oldest first. */
    private final Map<Cid, LeafStream> streams = new LinkedHashMap<>();
    /**
     * Threads that read streams ahead of the readers, at most one per open stream; idle ones end,
     * so a source that never streams holds none.
     */
    private final ExecutorService pumps = new ThreadPoolExecutor(0, MAX_STREAMS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "vipfs-leaf-stream");
                t.setDaemon(true);
                return t;
            });

    /** Caches every block up to {@code maxBytes} in total. */
    public CachingBlockSource(BlockSource source, long maxBytes) {
        this(source, maxBytes, Integer.MAX_VALUE);
    }

    /**
     * Caches blocks of at most {@code maxEntryBytes}: over a local store the page cache already holds
     * the large ones (file leaves), and keeping them here only churns the heap.
     */
    public CachingBlockSource(BlockSource source, long maxBytes, int maxEntryBytes) {
        this.source = source;
        this.maxEntryBytes = maxEntryBytes;
        this.blocks = BlockCache.ofBlocks(maxBytes);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        return find(cid, false);
    }

    /**
     * Lends a kept block's own array (the borrower neither keeps nor writes it) and passes a lend on
     * to the source; a block small enough to keep is kept as a copy, the lent array being reused.
     */
    @Override
    public byte[] lend(Cid cid) throws IOException {
        return find(cid, true);
    }

    private byte[] find(Cid cid, boolean lend) throws IOException {
        byte[] b = blocks.get(cid);
        if (b == null) {
            b = recentlyStreamed.get(cid);
        }
        if (b == null) {
            byte[] streamedLeaf = streamedOrNull(cid);
            if (streamedLeaf != null) {
                streamedBlocks.increment();
                // A sequential reader keeps the decrypted segment, so the leaf is held only briefly:
                // readers running side by side ask for one segment twice now and then, and the second
                // ask must not be a round trip to the daemon. Kept apart from the main cache, whose
                // small blocks stay put while a whole file streams by.
                recentlyStreamed.put(cid, streamedLeaf);
                return lend ? streamedLeaf : streamedLeaf.clone();
            }
            long start = System.nanoTime();
            b = lend ? source.lend(cid) : source.get(cid);
            fetchObserver.observe(true, System.nanoTime() - start);
            if (b.length > maxEntryBytes) {
                return b;
            }
            blocks.put(cid, lend ? b.clone() : b);
        } else {
            fetchObserver.observe(false, 0);
        }
        // Callers own the array they get; the cached copy must stay as verified.
        return lend ? b : b.clone();
    }

    /** Told of every block asked for: whether it came from the source, and how long that took. */
    public interface FetchObserver {
        FetchObserver NONE = (fetched, nanos) -> { };

        void observe(boolean fetched, long nanos);
    }

    private volatile FetchObserver fetchObserver = FetchObserver.NONE;

    /** Counts requests and fetches (for `vipfs status` and the metrics endpoint). */
    public void observeFetches(FetchObserver observer) {
        fetchObserver = observer == null ? FetchObserver.NONE : observer;
    }

    /** How many blocks reached readers through read-ahead streams rather than one request each. */
    public long streamedBlocks() {
        return streamedBlocks.sum();
    }

    private byte[] streamedOrNull(Cid cid) {
        LeafStream s = streamed.remove(cid);
        return s == null ? null : s.take(cid);
    }

    /**
     * With a source that exports DAGs, fetches the announced leaves as one stream of the parent
     * (one Kubo call instead of one per block), read ahead of the readers by a bounded window;
     * otherwise does nothing.
     */
    @Override
    public void readAhead(Cid parent, List<FileLeaf> leaves) {
        if (!(source instanceof DagExporter exporter) || !exporter.canExportDags() || leaves.isEmpty()) {
            return;
        }
        synchronized (streams) {
            if (pumps.isShutdown()) {
                return;
            }
            List<FileLeaf> missing = leaves.stream().filter(l -> !blocks.contains(l.cid())).toList();
            LeafStream open = streams.get(parent);
            if (open != null && !open.done()) {
                if (open.serves(missing)) {
                    return;
                }
                streams.remove(parent);
                abandon(open);
            }
            retireStreams();
            if (missing.isEmpty()) {
                return;
            }
            LeafStream s = new LeafStream(exporter, parent, missing);
            for (FileLeaf l : missing) {
                streamed.putIfAbsent(l.cid(), s);
            }
            streams.put(parent, s);
            s.start(pumps);
        }
    }

    /** Drops finished and idle streams, and the oldest ones beyond {@link #MAX_STREAMS}. Holds streams' lock. */
    private void retireStreams() {
        for (Iterator<LeafStream> it = streams.values().iterator(); it.hasNext(); ) {
            LeafStream s = it.next();
            if (s.done() || s.idleLongerThan(STREAM_IDLE_NANOS) || streams.size() >= MAX_STREAMS) {
                it.remove();
                abandon(s);
            }
        }
    }

    private void abandon(LeafStream s) {
        for (Cid c : s.pending()) {
            streamed.remove(c, s);
        }
        s.close();
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return blocks.contains(cid) || source.has(cid);
    }

    /**
     * Stops the streams it has open (their responses closed, their threads ending), starts no more
     * and drops what it keeps, for a reader whose work is over (a warm-up's). Reads still go to the
     * source, which is not closed: whoever opened it does that.
     */
    @Override
    public void close() {
        synchronized (streams) {
            pumps.shutdown();
            for (LeafStream s : streams.values()) {
                abandon(s);
            }
            streams.clear();
        }
        blocks.clear();
    }
}
