package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads a file's interior nodes into the cache ahead of a random reader. Each such reader's first
 * read below a parent it has not met costs a second block read and a decode of that parent's links;
 * loading all parents at once, in a few lanes, turns those into cache hits (issue #16: on a fresh
 * mount they were the slowest random reads). Level by level, never blocking a worker on another,
 * so the lanes may share a bounded pool with anything else.
 */
final class InteriorPrefetch {
    /**
     * Larger than any block a chunker writes or a store accepts: a child holding more must have links.
     * Smaller parents are left to the reads; each of those serves only a few leaves.
     */
    static final long LARGEST_LEAF = 2L << 20;

    private final InteriorCache nodes;
    private final Executor executor;
    private final int lanes;
    private final long budget;
    private final AtomicLong spent = new AtomicLong();
    /** Set by the first load that fails. */
    private volatile boolean stopped;

    private InteriorPrefetch(InteriorCache nodes, Executor executor, int lanes, long budget) {
        this.nodes = nodes;
        this.executor = executor;
        this.lanes = lanes;
        this.budget = budget;
    }

    /**
     * Starts loading the interiors below {@code root} on {@code executor}, {@code lanes} at a time,
     * until about {@code budget} bytes of decoded nodes are loaded or one fails to load, and returns
     * at once. Failures are left to the reads that need the node, which report them.
     */
    static void start(InteriorCache nodes, DecodedNode root, Executor executor, int lanes, long budget) {
        new InteriorPrefetch(nodes, executor, Math.max(1, lanes), budget).level(List.of(root), 1);
    }

    /** Loads the interior children of {@code parents}, then (from the last lane to finish) the next level. */
    private void level(List<DecodedNode> parents, int depth) {
        if (depth > FileLayout.MAX_DEPTH) {
            return;
        }
        List<Cid> children = new ArrayList<>();
        for (DecodedNode p : parents) {
            interiorChildren(p, children);
        }
        if (children.isEmpty() || spent.get() >= budget || stopped) {
            return;
        }
        List<DecodedNode> loaded = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(lanes, children.size());
        AtomicInteger running = new AtomicInteger(workers);
        Runnable lane = () -> {
            for (int i = next.getAndIncrement(); i < children.size() && spent.get() < budget && !stopped; i = next.getAndIncrement()) {
                try {
                    DecodedNode n = nodes.load(children.get(i));
                    spent.addAndGet(InteriorCache.weight(n));
                    loaded.add(n);
                } catch (IOException | RuntimeException e) {
                    // Reported by the read that needs this node. The walk stops: a DAG whose parents
                    // cannot be had (thousands of links to blocks no store holds) must not keep a
                    // prefetch thread waiting out one fetch timeout after another.
                    stopped = true;
                }
            }
            if (running.decrementAndGet() == 0) {
                level(List.copyOf(loaded), depth + 1);
            }
        };
        for (int i = 0; i < workers; i++) {
            try {
                executor.execute(lane);
            } catch (RejectedExecutionException e) {
                return; // shutting down
            }
        }
    }

    private static void interiorChildren(DecodedNode n, List<Cid> out) {
        if (n.isRaw() || n.pb().links().size() != n.fs().blocksizeCount()) {
            return;
        }
        for (int i = 0; i < n.fs().blocksizeCount(); i++) {
            if (n.fs().blocksize(i) > LARGEST_LEAF) {
                out.add(n.pb().links().get(i).hash());
            }
        }
    }
}
