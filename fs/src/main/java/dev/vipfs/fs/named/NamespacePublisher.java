package dev.vipfs.fs.named;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an IPNS name pointing at the MOUNT/data root: after commits (coalesced, so a burst of writes
 * costs one publish per {@code minInterval}, and the last state is always published) and before
 * the record expires. Runs on its own daemon thread; a failed publish is logged and retried.
 */
public final class NamespacePublisher implements AutoCloseable {
    /** Publishes one root; returns the name it was published under. */
    @FunctionalInterface
    public interface Publish {
        String publish(Cid root) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NamespacePublisher.class);
    private static final long POLL_MILLIS = 250;

    private final LongSupplier generation;
    private final Callable<Cid> root;
    private final Publish publish;
    private final long minIntervalNanos;
    private final long refreshNanos;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Cid lastPublished;
    private volatile long publishedGeneration = Long.MIN_VALUE;

    /**
     * @param generation changes whenever the namespace changed (the catalogue's generation)
     * @param root       the namespace root's current CID
     * @param refresh    republish the same root this often, well inside the record's lifetime
     */
    public NamespacePublisher(LongSupplier generation, Callable<Cid> root, Publish publish, Duration minInterval,
                              Duration refresh) {
        this.generation = generation;
        this.root = root;
        this.publish = publish;
        this.minIntervalNanos = minInterval.toNanos();
        this.refreshNanos = refresh.toNanos();
        this.thread = new Thread(this::run, "vipfs-ipns-publisher");
        thread.setDaemon(true);
    }

    public NamespacePublisher start() {
        thread.start();
        return this;
    }

    /** The root last published, null before the first publish. */
    public Cid lastPublished() {
        return lastPublished;
    }

    private void run() {
        long lastAttempt = System.nanoTime() - minIntervalNanos;
        long lastSuccess = 0;
        while (!closed) {
            long now = System.nanoTime();
            long gen = generation.getAsLong();
            boolean changed = gen != publishedGeneration;
            boolean stale = lastPublished != null && now - lastSuccess >= refreshNanos;
            if ((changed || stale) && now - lastAttempt >= minIntervalNanos) {
                lastAttempt = now;
                if (publishOnce(gen)) {
                    lastSuccess = System.nanoTime();
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean publishOnce(long gen) {
        try {
            Cid cid = root.call();
            String name = publish.publish(cid);
            publishedGeneration = gen;
            lastPublished = cid;
            LOG.info("published MOUNT/data root {} as /ipns/{}", cid, name);
            return true;
        } catch (Exception e) {
            LOG.warn("could not publish the MOUNT/data root (retrying): {}", e.getMessage());
            return false;
        }
    }

    /** Stops; a change not yet published (held back by the interval) is published now, once. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long gen = generation.getAsLong();
        if (gen != publishedGeneration) {
            publishOnce(gen);
        }
    }
}
