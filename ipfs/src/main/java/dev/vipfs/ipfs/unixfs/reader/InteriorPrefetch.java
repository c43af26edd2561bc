package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Loads a file's interior nodes into the cache ahead of a random reader. Each such reader's first
 * read below a parent it has not met costs a second block read and a decode of that parent's links;
 * loading the parents first turns those into cache hits (issue #16: on a fresh mount they were the
 * slowest random reads). One task walks level by level: several in parallel took the cores from a
 * fresh daemon's first reads (docs/benchmarks.md, session 4).
 */
final class InteriorPrefetch {
    /**
     * Larger than any block a chunker writes or a store accepts: a child holding more must have links.
     * Smaller parents are left to the reads; each of those serves only a few leaves.
     */
    static final long LARGEST_LEAF = 2L << 20;

    private InteriorPrefetch() {
    }

    /**
     * Starts loading the interiors below {@code root} on {@code executor} and returns at once. The walk
     * ends after about {@code budget} bytes of decoded nodes (every load counts, cached or not), at the
     * UnixFS depth limit, or at the first node that fails to load, which is left to the read that
     * needs it to report.
     */
    static void start(InteriorCache nodes, DecodedNode root, Executor executor, long budget) {
        try {
            executor.execute(() -> walk(nodes, root, budget));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private static void walk(InteriorCache nodes, DecodedNode root, long budget) {
        long spent = 0;
        List<DecodedNode> level = List.of(root);
        for (int depth = 1; depth <= FileLayout.MAX_DEPTH && !level.isEmpty(); depth++) {
            List<DecodedNode> next = new ArrayList<>();
            for (DecodedNode parent : level) {
                if (parent.isRaw() || parent.pb().links().size() != parent.fs().blocksizeCount()) {
                    continue;
                }
                for (int i = 0; i < parent.fs().blocksizeCount(); i++) {
                    if (parent.fs().blocksize(i) <= LARGEST_LEAF) {
                        continue;
                    }
                    if (spent >= budget) {
                        return;
                    }
                    try {
                        DecodedNode n = nodes.load(parent.pb().links().get(i).hash());
                        spent += InteriorCache.weight(n);
                        next.add(n);
                    } catch (IOException | RuntimeException e) {
                        // A DAG whose parents cannot be had (thousands of links to blocks no store
                        // holds) must not keep a prefetch thread waiting out one fetch timeout after another.
                        return;
                    }
                }
            }
            level = next;
        }
    }
}
