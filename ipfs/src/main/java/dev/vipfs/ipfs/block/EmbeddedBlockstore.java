package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default on-disk block store (docs/blockstore.md). New blocks are appended to this process's
 * pack file under {@code <dir>/packs/} in the order they are put, and found through an in-memory
 * index, so a file read front to back is one sequential read of a pack and a random read is one
 * lookup and one pread. Blocks of stores written before packs, one file per block in Kubo's flatfs
 * layout ({@link FlatfsLayout}), are read where they are.
 *
 * <p>A put is readable by this process at once; {@link #sync()} makes it durable and visible to
 * other processes. Every {@value #PUBLISH_BLOCKS} puts a background thread syncs, and a put that
 * finds {@value #AUTO_SYNC_BLOCKS} unsynced syncs on its own. Every block that leaves the disk is
 * checked by its record's CRC32C and then by {@link BlockVerifier} (docs/security.md).
 */
public final class EmbeddedBlockstore implements BlockStore {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBlockstore.class);
    /** Bounds what a crash can cost an import that never syncs. */
    static final int AUTO_SYNC_BLOCKS = 4096;
    /** Blocks synced in the background while an import goes on, so its final sync has little left. */
    static final int PUBLISH_BLOCKS = 1024;

    private final Path dir;
    /** Set when root opened a store another user owns: puts fail with it, nothing is created as root. */
    private final String writeRefusal;
    private final PackIndex index = new PackIndex();
    private final PackSet packs;
    private final PackWriter writer;
    private final FlatfsLayout flatfs;
    /** Whether the directory held blocks in the one-file-per-block layout when it was opened. */
    private final boolean flatfsPresent;
    private final AtomicInteger unsynced = new AtomicInteger();
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
        this.packs = new PackSet(dir.resolve("packs"), index);
        packs.refresh();
        this.writer = new PackWriter(dir, packs, index);
        this.flatfs = new FlatfsLayout(dir);
        this.flatfsPresent = FlatfsLayout.present(dir);
        this.publisher = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vipfs-block-publisher");
            t.setDaemon(true);
            return t;
        });
        publisher.allowCoreThreadTimeOut(true); // a store opened per CLI command leaves no threads behind
        // In the background: it reads every entry of every shard, which no command should wait for.
        this.orphanCleanup = new Thread(this::removeOrphanTemps, "vipfs-temp-cleanup");
        orphanCleanup.setDaemon(true);
        orphanCleanup.setPriority(Thread.MIN_PRIORITY);
        orphanCleanup.start();
    }

    private void removeOrphanTemps() {
        if (!flatfsPresent || writeRefusal != null) { // deleting by path as root would follow the owner's links
            return;
        }
        try {
            flatfs.removeOrphanTemps();
        } catch (NoSuchFileException e) {
            LOG.debug("block store {} went away before its temp files were checked", dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove temp files left by crashed processes in {}: {}", dir, e.toString());
        }
    }

    /** Waits until the removal of crashed processes' temp files, started when the store was opened, is done. */
    void awaitOrphanCleanup() throws InterruptedException {
        orphanCleanup.join();
    }

    /** Root directory. */
    public Path directory() {
        return dir;
    }

    /** The file a store of the one-file-per-block layout holds {@code cid}'s block in. */
    Path flatfsPathFor(Cid cid) {
        return flatfs.pathFor(cid.multihash());
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        return find(cid, false);
    }

    /** A block from a pack is read into this thread's lent array (see {@link BlockSource#lend}). */
    @Override
    public byte[] lend(Cid cid) throws IOException {
        return find(cid, true);
    }

    private byte[] find(Cid cid, boolean lend) throws IOException {
        byte[] inline = BlockVerifier.identityBlock(cid);
        if (inline != null) {
            return inline;
        }
        byte[] mh = cid.multihash().toBytes();
        byte[] data = fromPacks(cid, mh, lend);
        if (data != null) {
            return data;
        }
        if (flatfsPresent) {
            data = flatfs.read(cid.multihash());
            if (data != null) {
                return BlockVerifier.verify(cid, data, "the embedded blockstore (" + flatfs.pathFor(cid.multihash()) + ")");
            }
        }
        if (packs.refresh()) { // another process may have synced it since we last looked
            data = fromPacks(cid, mh, lend);
            if (data != null) {
                return data;
            }
        }
        throw new BlockNotFoundException(cid, "the embedded blockstore at " + dir);
    }

    /** The block from a pack, verified (in this thread's lent array if {@code lend}); null when no pack holds it. */
    private byte[] fromPacks(Cid cid, byte[] mh, boolean lend) throws IOException {
        long[] at = index.candidates(mh);
        IntegrityException damaged = null;
        for (int i = 0; i < at.length; i += 3) {
            int pack = (int) at[i];
            long offset = at[i + 1];
            try {
                byte[] data = packs.read(pack, offset, (int) at[i + 2], mh, lend);
                if (data != null) {
                    return BlockVerifier.verify(cid, data, () -> where(pack, offset));
                }
            } catch (IntegrityException e) {
                if (damaged == null) {
                    LOG.error("integrity failure: block {} in {}: {}", cid, where(pack, offset), e.getMessage());
                }
                damaged = new IntegrityException(cid, where(pack, offset)); // another copy may still be whole
            }
        }
        if (damaged != null) {
            throw damaged;
        }
        return null;
    }

    /** Names a record for messages (built only when one is reported). */
    private String where(int pack, long offset) {
        return "the embedded blockstore (" + packs.path(pack) + " at offset " + offset + ")";
    }

    /** Every block it has is on this machine already. */
    @Override
    public Optional<BlockSource> heldBlocksOnly() {
        return Optional.of(this);
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        if (cid.isIdentity()) {
            return true;
        }
        byte[] mh = cid.multihash().toBytes();
        return inPacks(mh) || (flatfsPresent && flatfs.has(cid.multihash())) || (packs.refresh() && inPacks(mh));
    }

    private boolean inPacks(byte[] mh) throws IOException {
        long[] at = index.candidates(mh);
        if (at.length == 3) {
            return packs.holds((int) at[0], at[1], mh); // the common case, without a second array
        }
        for (int i = 0; i < at.length; i += 3) {
            if (packs.holds((int) at[i], at[i + 1], mh)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        BlockVerifier.verify(cid, data, "a put to the embedded blockstore");
        putHashed(cid, data);
    }

    /** Skips the verification hash, which costs as much as the importer's own on a large write. */
    @Override
    public void putHashed(Cid cid, byte[] data) throws IOException {
        if (cid.isIdentity()) {
            return;
        }
        if (writeRefusal != null) {
            throw new IOException(writeRefusal);
        }
        Multihash mh = cid.multihash();
        if (flatfsPresent && flatfs.has(mh)) {
            return; // content-addressed: same key means same bytes
        }
        if (!writer.appendIfAbsent(mh.toBytes(), data, this::inPacks)) {
            return;
        }
        int pending = unsynced.incrementAndGet();
        if (pending >= AUTO_SYNC_BLOCKS) {
            sync(); // the publisher fell behind: the importer waits rather than risk more
        } else if (pending >= PUBLISH_BLOCKS && publishing.compareAndSet(false, true)) {
            publisher.execute(this::publishInBackground);
        }
    }

    private void publishInBackground() {
        try {
            sync();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot sync blocks in {}: {}; the next sync tries again", dir, e.toString());
        } finally {
            publishing.set(false);
        }
    }

    @Override
    public void sync() throws IOException {
        int before = unsynced.get();
        writer.sync();
        unsynced.updateAndGet(n -> Math.max(0, n - before));
    }

    @Override
    public void discard(Cid cid) throws IOException {
        delete(cid);
    }

    /**
     * Removes a block if present: from the index (and, if this process's open pack holds it, from the
     * pack's index file at the next sync) and, in the earlier layout, its file. Pack space is not
     * reclaimed.
     */
    public void delete(Cid cid) throws IOException {
        if (cid.isIdentity()) {
            return;
        }
        byte[] mh = cid.multihash().toBytes();
        long[] at = index.candidates(mh);
        for (int i = 0; i < at.length; i += 3) {
            if (packs.holds((int) at[i], at[i + 1], mh)) {
                writer.discard(mh, (int) at[i], at[i + 1]);
            }
        }
        if (flatfsPresent) {
            flatfs.delete(cid.multihash());
        }
    }
}
