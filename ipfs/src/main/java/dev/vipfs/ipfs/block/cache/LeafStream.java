package dev.vipfs.ipfs.block.cache;

import dev.vipfs.ipfs.block.BlockStream;
import dev.vipfs.ipfs.block.DagExporter;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.car.CarBlock;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parent's leaves fetched as a single CAR stream by a thread of its own, ahead of the readers:
 * the daemon sends, this process verifies (in the {@link BlockStream}) and readers decrypt at the same
 * time, instead of each block being fetched only once a reader stands waiting for it. Blocks that
 * arrived and are not taken yet are bounded by {@link #WINDOW_BYTES}; the pump waits beyond that.
 * A block wakes only the readers waiting for it (each leaf has a condition of its own while someone
 * waits): several prefetch threads wait on one stream at once, and waking them all for every leaf
 * cost a context switch per waiter per leaf.
 */
final class LeafStream {
    private static final Logger LOG = LoggerFactory.getLogger(LeafStream.class);
    /** How far the pump may run ahead of the readers: a few dozen 64 KiB segments. */
    static final long WINDOW_BYTES = 4L << 20;
    /** A reader waits no longer than this for its block (the HTTP read timeout normally ends a stall first). */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The source's bound on one fetch, if shorter: a trickling stream must not hold a reader past it. */
    private final long waitNanos;

    private final DagExporter source;
    private final Cid parent;
    private final List<FileLeaf> leaves;
    /** Leaves no reader has taken yet (arrived or not), in stream order. */
    private final Set<Cid> wanted;
    private final Map<Cid, byte[]> arrived = new HashMap<>();
    /** Guards everything above and below; the pump waits on {@link #room}, readers on {@link #waiting}. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Map<Cid, Waiters> waiting = new HashMap<>();
    private long arrivedBytes;
    /** The pump has stopped: the stream ended, failed or was closed; nothing more arrives. */
    private boolean ended;
    private boolean closed;
    private BlockStream response;
    private volatile long lastUse = System.nanoTime();

    LeafStream(DagExporter source, Cid parent, List<FileLeaf> leaves) {
        this.source = source;
        this.parent = parent;
        this.leaves = leaves;
        this.wanted = new LinkedHashSet<>();
        leaves.forEach(l -> wanted.add(l.cid()));
        long bound = source.streamedBlockWait().toNanos();
        this.waitNanos = bound > 0 ? Math.min(bound, MAX_WAIT_NANOS) : MAX_WAIT_NANOS;
    }

    /** Starts the pump on {@code executor}; without a thread the stream ends and readers fetch on their own. */
    void start(Executor executor) {
        try {
            executor.execute(this::pump);
        } catch (RejectedExecutionException e) {
            close();
        }
    }

    /** The leaves not handed out yet. */
    List<Cid> pending() {
        lock.lock();
        try {
            return List.copyOf(wanted);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The block, once the stream brings it, or null if it will not (the stream failed, ended or was
     * closed, or it is not one of this stream's leaves): the caller then fetches it on its own.
     */
    byte[] take(Cid cid) {
        lastUse = System.nanoTime();
        lock.lock();
        try {
            if (!wanted.contains(cid)) {
                return null;
            }
            return awaitArrival(cid);
        } finally {
            wanted.remove(cid);
            if (wanted.isEmpty()) {
                close();
            }
            lock.unlock();
        }
    }

    /** The block once it arrived, or null when it will not in time. Holds the lock. */
    private byte[] awaitArrival(Cid cid) {
        long deadline = System.nanoTime() + waitNanos;
        Waiters w = null;
        try {
            while (true) {
                byte[] b = arrived.remove(cid);
                if (b != null) {
                    arrivedBytes -= b.length;
                    room.signal();
                    return b;
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                if (arrivedBytes >= WINDOW_BYTES) {
                    dropPassed();
                }
                if (w == null) {
                    w = waiting.computeIfAbsent(cid, c -> new Waiters(lock.newCondition()));
                    w.count++;
                }
                w.arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (w != null && --w.count == 0) {
                waiting.remove(cid);
            }
        }
    }

    /** The readers waiting for one leaf. */
    private static final class Waiters {
        final Condition arrived;
        int count;

        Waiters(Condition arrived) {
            this.arrived = arrived;
        }
    }

    /** Wakes every waiting reader and the pump: the stream ended, or the window was cleared. Holds the lock. */
    private void wakeAll() {
        waiting.values().forEach(w -> w.arrived.signalAll());
        room.signalAll();
    }

    /**
     * A full window without the block a reader waits for holds only blocks that come before it in
     * the stream: the reader skipped them. They go (a later read of one fetches it alone), so the
     * pump can move on to the wanted block without holding more than the window.
     */
    private void dropPassed() {
        wanted.removeAll(arrived.keySet());
        arrived.clear();
        arrivedBytes = 0;
        wakeAll();
    }

    /** Nothing more to hand out: a new stream of the same parent may replace this one. */
    boolean done() {
        lock.lock();
        try {
            return closed || (ended && arrived.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether to keep this stream for a reader that announces its parent again, wanting {@code next}:
     * while the pump runs another reader is using it; once it ended, only if it holds them all. A
     * stream that ended with a leaf left untaken (a reader got it elsewhere) would otherwise keep a
     * second read of the parent from getting a stream, and every leaf would be fetched alone.
     */
    boolean serves(List<FileLeaf> next) {
        lock.lock();
        try {
            return !closed && (!ended || next.stream().allMatch(l -> arrived.containsKey(l.cid())));
        } finally {
            lock.unlock();
        }
    }

    boolean idleLongerThan(long nanos) {
        return System.nanoTime() - lastUse > nanos;
    }

    /** Reads the stream into {@link #arrived} until every leaf came, the stream ends or the stream is closed. */
    private void pump() {
        try {
            BlockStream reader = source.exportLeaves(parent, leaves);
            lock.lock();
            try {
                if (closed) {
                    reader.close();
                    return;
                }
                response = reader;
            } finally {
                lock.unlock();
            }
            for (CarBlock block = reader.next(); block != null; block = reader.next()) {
                if (!offer(block)) {
                    return;
                }
            }
            LOG.debug("the stream of {} ended before all its leaves", parent);
        } catch (IOException | RuntimeException e) {
            // Readers fetch the missing blocks on their own, which reports the real error if there is one.
            LOG.debug("streaming the leaves of {} failed: {}", parent, e.toString());
        } finally {
            lock.lock();
            try {
                ended = true;
                closeResponse();
                wakeAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Hands a verified block to waiting readers; false when the pump should stop. */
    private boolean offer(CarBlock block) {
        lock.lock();
        try {
            while (!closed && arrivedBytes >= WINDOW_BYTES) {
                // A reader waiting for a block beyond a full window must drop the ones it skipped.
                waiting.values().forEach(w -> w.arrived.signalAll());
                try {
                    room.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (closed) {
                return false;
            }
            Cid cid = block.cid();
            if (wanted.contains(cid) && !arrived.containsKey(cid)) {
                arrived.put(cid, block.data());
                arrivedBytes += block.data().length;
                Waiters w = waiting.get(cid);
                if (w != null) {
                    w.arrived.signalAll();
                }
            }
            // Every leaf arrived or was given up: the rest of the response is not needed.
            return arrived.size() < wanted.size();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            ended = true;
            arrived.clear();
            arrivedBytes = 0;
            wanted.clear();
            wakeAll();
            closeResponse();
        } finally {
            lock.unlock();
        }
    }

    /** Holds the lock. */
    private void closeResponse() {
        if (response != null) {
            try {
                response.close();
            } catch (IOException ignored) {
                // Abandoning the rest of a response: nothing to recover.
            }
            response = null;
        }
    }
}
