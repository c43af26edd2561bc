package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.codec.NodeLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads many nodes at once, so that a listing's children reach the caches in the time of a few
 * block reads instead of one read after another: a cold block is a disk seek or a network round
 * trip, and stores answer several at once far faster than one at a time.
 */
final class ParallelLoad {
    private ParallelLoad() {
    }

    /**
     * Loads every CID with {@code lanes} workers (one of them the calling thread) and returns when
     * all are done. Failures are ignored: whoever needs a node loads it again and reports the error.
     */
    static void all(List<Cid> cids, NodeLoader loader, Executor executor, int lanes) {
        if (cids.isEmpty()) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable lane = () -> {
            for (int i = next.getAndIncrement(); i < cids.size(); i = next.getAndIncrement()) {
                try {
                    loader.load(cids.get(i));
                } catch (IOException | RuntimeException ignored) {
                    // Reported by the stat or read that needs this node.
                }
            }
        };
        List<CompletableFuture<Void>> others = new ArrayList<>();
        int extra = Math.min(lanes - 1, cids.size() - 1);
        for (int i = 0; i < extra; i++) {
            try {
                others.add(CompletableFuture.runAsync(lane, executor));
            } catch (RejectedExecutionException e) {
                break; // shutting down: the calling thread does the rest
            }
        }
        lane.run();
        for (CompletableFuture<Void> f : others) {
            f.join();
        }
    }
}
