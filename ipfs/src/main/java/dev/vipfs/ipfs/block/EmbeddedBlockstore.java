package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multibase;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default on-disk block store. Layout follows Kubo's flatfs {@code next-to-last/2}: a block
 * is {@code <dir>/<shard>/<KEY>.data} where KEY is the upper-case base32 of the multihash (codec
 * is not part of the key, as in Kubo) and shard is the two characters before KEY's last one.
 *
 * <p>A put writes a temp file and stages it; {@link #sync()} flushes the filesystem once (syncfs),
 * renames every staged file into place atomically and flushes again, so a crash leaves either no
 * block or a whole one while an import of N blocks costs two flushes instead of 2N fsyncs. Staged
 * blocks are readable by this process at once and by others after sync. Every
 * {@value #PUBLISH_BLOCKS} puts a background thread publishes what is staged so far, and a put that
 * finds {@value #AUTO_SYNC_BLOCKS} unpublished syncs on its own. Reads verify the hash every time.
 */
public final class EmbeddedBlockstore implements BlockStore {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBlockstore.class);
    private static final String SUFFIX = ".data";
    private static final String TEMP_PREFIX = ".tmp-";
    /** Bounds what a crash can cost an import that never syncs, and the staging map's size. */
    static final int AUTO_SYNC_BLOCKS = 4096;
    /**
     * Staged blocks published in the background while an import goes on: a sync of 4,096 blocks
     * (64 MiB) took ~300 ms here, which an import that synced inline spent waiting, and a final sync
     * that renames a whole GiB's 16,384 blocks took ~850 ms.
     */
    static final int PUBLISH_BLOCKS = 1024;
    /**
     * Block files written at once, while the importer seals and hashes: an uncached write waits for
     * the device, so it takes several in flight to keep it busy (1 GiB into the mount here: 2
     * writers 165 MiB/s, 4: 188, 8: 200-220; 64 blocks in flight are 4 MiB of memory).
     */
    private static final int WRITER_THREADS = 8;
    private static final int WRITES_IN_FLIGHT = 64;
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private final Path dir;
    /** Set when root opened a store another user owns: puts fail with it, nothing is created as root. */
    private final String writeRefusal;
    private final Map<Multihash, Path> staged = new ConcurrentHashMap<>();
    /** Shard directories seen to exist (at most 1,024), so a put stats only its block's file. */
    private final Set<Path> knownShards = ConcurrentHashMap.newKeySet();
    /** Blocks handed to the writer threads and not yet in a staged file: readable from memory. */
    private final Map<Multihash, byte[]> writing = new ConcurrentHashMap<>();
    private final Semaphore writeSlots = new Semaphore(WRITES_IN_FLIGHT);
    private final ThreadPoolExecutor writers;
    /**
     * Blocks whose background write failed (a full disk, say): kept in memory and written again by
     * the next put or sync, which fail while they cannot be, so no CID is published without them.
     */
    private final Map<Multihash, byte[]> unwritten = new ConcurrentHashMap<>();
    /**
     * Blocks put since the last sync. Not the maps' sizes: a block passes from writing to staged
     * and may be counted in both for a moment, which fired the automatic sync early.
     */
    private final AtomicInteger unsynced = new AtomicInteger();
    private final BlockFileWriter files;
    private final Object syncLock = new Object();
    private final ThreadPoolExecutor publisher;
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final Thread orphanCleanup;

    /** Opens (creating if needed) a block store rooted at {@code dir}. */
    public EmbeddedBlockstore(Path dir) throws IOException {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create blockstore directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("blockstore path " + dir + " is not a directory");
        }
        this.writeRefusal = StoreOwnership.refusal(dir);
        this.files = new BlockFileWriter(dir, !"cached".equals(System.getenv("VIPFS_BLOCK_WRITES")));
        this.writers = new ThreadPoolExecutor(WRITER_THREADS, WRITER_THREADS, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "vipfs-block-writer");
                    t.setDaemon(true);
                    return t;
                });
        writers.allowCoreThreadTimeOut(true); // a store opened per CLI command leaves no threads behind
        this.publisher = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vipfs-block-publisher");
            t.setDaemon(true);
            return t;
        });
        publisher.allowCoreThreadTimeOut(true);
        // In the background: it reads every entry of every shard (2 s for 330,000 blocks with a cold
        // cache here), which every CLI command and mount would otherwise wait for.
        Thread cleanup = new Thread(() -> {
            try {
                if (writeRefusal == null) { // deleting by path as root would follow the owner's links
                    removeOrphanTemps();
                }
            } catch (NoSuchFileException e) {
                LOG.debug("block store {} went away before its temp files were checked", dir);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot remove temp files left by crashed processes in {}: {}", dir, e.toString());
            }
        }, "vipfs-temp-cleanup");
        cleanup.setDaemon(true);
        cleanup.setPriority(Thread.MIN_PRIORITY);
        cleanup.start();
        this.orphanCleanup = cleanup;
    }

    /** Waits until the removal of crashed processes' temp files, started when the store was opened, is done. */
    void awaitOrphanCleanup() throws InterruptedException {
        orphanCleanup.join();
    }

    /** Root directory. */
    public Path directory() {
        return dir;
    }

    /** The file that holds (or would hold) {@code cid}'s block. */
    public Path pathFor(Cid cid) {
        return pathFor(cid.multihash());
    }

    private Path pathFor(Multihash mh) {
        String key = Multibase.BASE32.encode(mh.toBytes()).toUpperCase(Locale.ROOT);
        String shard = key.length() >= 3 ? key.substring(key.length() - 3, key.length() - 1)
                : ("__" + key).substring(key.length(), key.length() + 2);
        return dir.resolve(shard).resolve(key + SUFFIX);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] inline = BlockVerifier.identityBlock(cid);
        if (inline != null) {
            return inline;
        }
        byte[] inMemory = writing.get(cid.multihash());
        if (inMemory == null) {
            inMemory = unwritten.get(cid.multihash());
        }
        if (inMemory != null) {
            return inMemory.clone();
        }
        Path temp = staged.get(cid.multihash());
        if (temp != null) {
            try {
                return BlockVerifier.verify(cid, Files.readAllBytes(temp), "the embedded blockstore (" + temp + ")");
            } catch (NoSuchFileException e) {
                // a concurrent sync moved it into place: read it there
            }
        }
        Path p = pathFor(cid);
        byte[] data;
        try {
            data = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new BlockNotFoundException(cid, "the embedded blockstore at " + dir);
        }
        return BlockVerifier.verify(cid, data, "the embedded blockstore (" + p + ")");
    }

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || writing.containsKey(cid.multihash()) || unwritten.containsKey(cid.multihash()) || staged.containsKey(cid.multihash())
                || Files.isRegularFile(pathFor(cid));
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        BlockVerifier.verify(cid, data, "a put to the embedded blockstore");
        putHashed(cid, data);
    }

    /**
     * Skips the verification hash, which costs as much as the importer's own on a large write. The
     * file is written by a writer thread while the caller goes on (a few blocks in flight at most);
     * until then the block is served from memory, and {@link #sync()} waits for it.
     */
    @Override
    public void putHashed(Cid cid, byte[] data) throws IOException {
        if (writeRefusal != null && !cid.isIdentity()) {
            throw new IOException(writeRefusal);
        }
        if (!unwritten.isEmpty()) {
            writeUnwritten();
        }
        if (cid.isIdentity() || staged.containsKey(cid.multihash()) || writing.containsKey(cid.multihash())) {
            return;
        }
        Path target = pathFor(cid);
        if (Files.isRegularFile(target)) {
            return; // content-addressed: same key means same bytes
        }
        Path shard = target.getParent();
        if (!knownShards.contains(shard)) {
            ensureShard(shard);
        }
        if (writing.putIfAbsent(cid.multihash(), data) != null) {
            return;
        }
        try {
            writeSlots.acquire();
        } catch (InterruptedException e) {
            writing.remove(cid.multihash());
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storing block " + cid);
        }
        Path temp = tempIn(shard);
        try {
            writers.execute(() -> writeStaged(cid, data, temp));
        } catch (RuntimeException e) {
            writeSlots.release();
            writing.remove(cid.multihash());
            throw e;
        }
        int pending = unsynced.incrementAndGet();
        if (pending >= AUTO_SYNC_BLOCKS) {
            sync(); // the publisher fell behind: the importer waits rather than risk more
        } else if (pending >= PUBLISH_BLOCKS && publishing.compareAndSet(false, true)) {
            publisher.execute(this::publishInBackground);
        }
    }

    /** Publishes what is staged until fewer than {@value #PUBLISH_BLOCKS} blocks wait; failures wait for the next sync. */
    private void publishInBackground() {
        try {
            do {
                if (publishStaged() == 0) {
                    break; // the rest is still being written
                }
            } while (unsynced.get() >= PUBLISH_BLOCKS);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot publish staged blocks in {}: {}; the next sync tries again", dir, e.toString());
        } finally {
            publishing.set(false);
        }
    }

    private void ensureShard(Path shard) throws IOException {
        if (!Files.isDirectory(shard)) {
            Files.createDirectories(shard); // throws internally when the directory exists: not on every put
        }
        knownShards.add(shard);
    }

    /** A new temp name in shard, carrying this process's pid for the orphan cleanup at open. */
    private static Path tempIn(Path shard) {
        return shard.resolve(TEMP_PREFIX + ProcessHandle.current().pid() + "-" + TEMP_COUNTER.incrementAndGet());
    }

    private void writeStaged(Cid cid, byte[] data, Path temp) {
        try {
            writeAndStage(cid.multihash(), data, temp);
        } catch (IOException | RuntimeException e) {
            knownShards.remove(temp.getParent()); // in case it was removed under us: the retry recreates it
            unwritten.put(cid.multihash(), data);
            LOG.warn("cannot write block {} to {}: {}; the next sync tries again", cid, temp, e.toString());
        } finally {
            writing.remove(cid.multihash());
            writeSlots.release();
        }
    }

    private void writeAndStage(Multihash mh, byte[] data, Path temp) throws IOException {
        try {
            files.write(temp, data);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        // Staged only once whole: a sync must never rename a file still being written.
        if (staged.putIfAbsent(mh, temp) != null) {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes the blocks whose background write failed, on this thread; throws if one still fails. */
    private void writeUnwritten() throws IOException {
        for (Map.Entry<Multihash, byte[]> e : unwritten.entrySet()) {
            Multihash mh = e.getKey();
            Path temp = tempIn(pathFor(mh).getParent());
            try {
                ensureShard(temp.getParent());
                writeAndStage(mh, e.getValue(), temp);
            } catch (IOException x) {
                throw new IOException("cannot write block " + mh + " to " + temp + ": " + x.getMessage(), x);
            }
            unwritten.remove(mh, e.getValue());
        }
    }

    /** Waits until every block handed to the writer threads is staged, or unwritten if its write failed. */
    private void awaitInFlight() throws IOException {
        try {
            writeSlots.acquire(WRITES_IN_FLIGHT);
            writeSlots.release(WRITES_IN_FLIGHT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for block writes");
        }
    }

    @Override
    public void sync() throws IOException {
        awaitInFlight();
        if (!unwritten.isEmpty()) {
            writeUnwritten();
        }
        publishStaged();
    }

    /**
     * Makes every block staged now durable under its final name; blocks still being written stay
     * for later. Returns how many were published.
     */
    private int publishStaged() throws IOException {
        synchronized (syncLock) {
            // Only what was staged before the first flush is renamed: later puts may not be on disk yet.
            Map<Multihash, Path> batch = new HashMap<>(staged);
            if (batch.isEmpty()) {
                return 0;
            }
            Set<Path> shards = new HashSet<>();
            for (Path temp : batch.values()) {
                shards.add(temp.getParent());
            }
            FilesystemSync.sync(dir, batch.values(), List.of());
            for (Map.Entry<Multihash, Path> e : batch.entrySet()) {
                Path target = pathFor(e.getKey());
                try {
                    Files.move(e.getValue(), target, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException x) {
                    if (staged.get(e.getKey()) == e.getValue()) {
                        throw x;
                    }
                    // discarded (an abandoned import) while this batch was being flushed
                } catch (AtomicMoveNotSupportedException x) {
                    throw new IOException("blockstore " + dir + " is on a filesystem without atomic rename", x);
                }
            }
            List<Path> dirs = new ArrayList<>(shards);
            dirs.add(dir); // new shard directories' own entries
            FilesystemSync.sync(dir, List.of(), dirs);
            for (Map.Entry<Multihash, Path> e : batch.entrySet()) {
                staged.remove(e.getKey(), e.getValue());
            }
            unsynced.updateAndGet(n -> Math.max(0, n - batch.size()));
            return batch.size();
        }
    }

    /**
     * Temp files of processes that no longer run are remains of a crash before their sync. A shard
     * removed meanwhile is skipped.
     */
    private void removeOrphanTemps() throws IOException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> temps = Files.newDirectoryStream(shard, TEMP_PREFIX + "*")) {
                    for (Path t : temps) {
                        if (!ownerAlive(t.getFileName().toString())) {
                            Files.deleteIfExists(t);
                        }
                    }
                } catch (NoSuchFileException e) {
                    // removed since it was listed
                }
            }
        }
    }

    private static boolean ownerAlive(String tempName) {
        String rest = tempName.substring(TEMP_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void discard(Cid cid) throws IOException {
        delete(cid);
    }

    /** Removes a block if present. */
    public void delete(Cid cid) throws IOException {
        if (!cid.isIdentity()) {
            if (writing.containsKey(cid.multihash())) {
                awaitInFlight();
            }
            unwritten.remove(cid.multihash());
            Path temp = staged.remove(cid.multihash());
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
            Files.deleteIfExists(pathFor(cid));
        }
    }
}
