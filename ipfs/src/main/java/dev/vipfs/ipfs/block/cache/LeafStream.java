package dev.vipfs.ipfs.block.cache;

import dev.vipfs.ipfs.block.DagExporter;
import dev.vipfs.ipfs.car.CarBlock;
import dev.vipfs.ipfs.car.CarReader;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parent's leaves fetched as a single CAR stream, read only as far as readers ask: a block
 * arrives in stream order, and the wanted blocks read past on the way are held until asked for.
 * Memory is bounded by one parent's leaves (174 x 64 KiB in Kubo's layout).
 */
final class LeafStream {
    private static final Logger LOG = LoggerFactory.getLogger(LeafStream.class);

    private final DagExporter source;
    private final Cid parent;
    private final Set<Cid> wanted;
    private final Map<Cid, byte[]> early = new HashMap<>();
    private CarReader car;
    private boolean done;
    private volatile long lastUse = System.nanoTime();

    LeafStream(DagExporter source, Cid parent, List<Cid> leaves) {
        this.source = source;
        this.parent = parent;
        this.wanted = new LinkedHashSet<>(leaves);
    }

    /** The leaves not handed out yet. */
    synchronized List<Cid> pending() {
        return List.copyOf(wanted);
    }

    /** The block, or null if this stream cannot deliver it (failed, closed, or not one of its leaves). */
    synchronized byte[] take(Cid cid) {
        lastUse = System.nanoTime();
        if (!wanted.remove(cid)) {
            return null;
        }
        byte[] b = early.remove(cid);
        if (b != null || done) {
            finishIfDrained();
            return b;
        }
        try {
            if (car == null) {
                car = source.exportDag(parent);
            }
            for (CarBlock block = car.next(); block != null; block = car.next()) {
                if (block.cid().equals(cid)) {
                    finishIfDrained();
                    return block.data();
                }
                if (wanted.contains(block.cid())) {
                    early.put(block.cid(), block.data());
                }
            }
            LOG.debug("the stream of {} ended before its leaf {}", parent, cid);
        } catch (IOException | RuntimeException e) {
            // The caller fetches the block on its own, which reports the real error if there is one.
            LOG.debug("streaming the leaves of {} failed: {}", parent, e.toString());
        }
        close();
        return null;
    }

    synchronized boolean done() {
        return done;
    }

    boolean idleLongerThan(long nanos) {
        return System.nanoTime() - lastUse > nanos;
    }

    private void finishIfDrained() {
        if (wanted.isEmpty()) {
            close();
        }
    }

    synchronized void close() {
        done = true;
        early.clear();
        wanted.clear();
        if (car != null) {
            try {
                car.close();
            } catch (IOException ignored) {
                // Abandoning the rest of a response: nothing to recover.
            }
            car = null;
        }
    }
}
