package dev.vipfs.ipfs.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends this process's blocks to its own pack file, in the order they are put (an importer puts a
 * file's blocks front to back, so a file's blocks lie one after another on disk), and makes them
 * durable in {@link #sync}: the pack's data first, then the index entries that point into it, so an
 * index entry never names bytes a crash could have lost. Appends go through the page cache from the
 * putting thread; a pack is closed at {@value #PACK_BYTES} bytes and a new one begun. Each pack
 * being written is an {@link OpenPack}; its entries wait for the sync in {@link PendingIndexEntries}.
 */
final class PackWriter {
    /** Keeps each pack's offsets and a re-scan of one bounded; a GiB is 16,384 blocks of 64 KiB. */
    static final long PACK_BYTES = 1L << 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks whether a block is stored already, under the writer's lock so two putters append it once. */
    interface Lookup {
        boolean stored(byte[] mh) throws IOException;
    }

    private final Path storeDir;
    private final PackSet packs;
    private final PackIndex index;
    private final Object syncLock = new Object();
    /** Guarded by this. */
    private OpenPack current;
    /** Packs closed for appending whose last entries are not yet synced; guarded by this. */
    private final List<OpenPack> retired = new ArrayList<>();

    PackWriter(Path storeDir, PackSet packs, PackIndex index) {
        this.storeDir = storeDir;
        this.packs = packs;
        this.index = index;
    }

    /** Appends the block unless {@code lookup} finds it stored; returns whether it appended. */
    synchronized boolean appendIfAbsent(byte[] mh, byte[] data, Lookup lookup) throws IOException {
        if (lookup.stored(mh)) {
            return false;
        }
        int len = PackFormat.recordLength(mh.length, data.length);
        OpenPack o = openFor(len);
        ByteBuffer head = PackFormat.recordHead(mh, data.length);
        ByteBuffer crc = PackFormat.recordCrc(head, data);
        try {
            io(o, () -> {
                ByteBuffer[] rec = {head.duplicate(), ByteBuffer.wrap(data), crc.duplicate()}; // whole again on a retry
                o.pack.position(o.end);
                long left = len;
                while (left > 0) {
                    left -= o.pack.write(rec);
                }
            });
        } catch (IOException e) {
            dropPartial(o);
            throw e;
        }
        index.add(mh, o.id, o.end, len);
        o.pending.add(PackFormat.KIND_BLOCK, mh, o.end, len);
        o.end += len;
        return true;
    }

    /**
     * Drops a block from the index. If its record is in a pack this process still appends to (the
     * blocks of an abandoned import), the drop is written down too, so it holds after a restart; a
     * record not yet synced has no entry to undo, and the pack is cut back over unsynced discarded
     * records at its end, so an abandoned import gives its space back (a full disk recovers).
     */
    synchronized void discard(byte[] mh, int pack, long offset) throws IOException {
        index.remove(mh, pack, offset);
        for (OpenPack o : openPacks()) {
            if (o.id == pack) {
                if (o.pending.dropUnsynced(offset)) {
                    cutBack(o);
                } else {
                    o.pending.add(PackFormat.KIND_DISCARD, mh, offset, 0);
                }
            }
        }
    }

    /** After a failed append (a full disk): end stays where it was, and what the write left goes. */
    private void dropPartial(OpenPack o) {
        try {
            io(o, () -> o.pack.truncate(o.end));
        } catch (IOException again) {
            // the next record overwrites it; a reader never looks past the last indexed record
        }
    }

    private void cutBack(OpenPack o) throws IOException {
        long end = o.pending.cutBack(o.end);
        if (end < o.end && o == current) {
            long to = end;
            io(o, () -> o.pack.truncate(to));
            o.end = end;
        }
    }

    private List<OpenPack> openPacks() {
        List<OpenPack> all = new ArrayList<>(retired);
        if (current != null) {
            all.add(current);
        }
        return all;
    }

    private OpenPack openFor(int recordLength) throws IOException {
        if (current != null && current.end > PackFormat.HEADER && current.end + recordLength > PACK_BYTES) {
            retired.add(current);
            current = null;
        }
        if (current == null) {
            current = create();
        }
        return current;
    }

    private OpenPack create() throws IOException {
        Path dir = packs.directory();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
        }
        String name = ProcessHandle.current().pid() + "-" + Long.toHexString(RANDOM.nextLong() >>> 1);
        // Filed as ours before the files exist, so a concurrent refresh never takes them for another process's.
        int id = packs.registerOwn(name);
        return OpenPack.create(dir, id, name);
    }

    /** Makes every block appended before this call durable and visible to other processes. */
    void sync() throws IOException {
        synchronized (syncLock) {
            List<OpenPack> batch;
            List<byte[]> entries = new ArrayList<>();
            synchronized (this) {
                batch = openPacks();
                retired.clear();
                for (OpenPack o : batch) {
                    entries.add(o.pending.take());
                }
            }
            boolean newNames = false;
            int done = 0;
            try {
                for (; done < batch.size(); done++) {
                    OpenPack o = batch.get(done);
                    byte[] e = entries.get(done);
                    if (e.length > 0 || !o.named) {
                        io(o, () -> o.pack.force(false)); // the records before the entries that point at them
                        io(o, () -> {
                            OpenPack.writeFully(o.idx, ByteBuffer.wrap(e), o.idxEnd);
                            o.idx.force(false);
                        });
                        o.idxEnd += e.length;
                        newNames |= !o.named;
                    }
                }
                if (newNames) {
                    forceDirectory(packs.directory());
                    forceDirectory(storeDir); // the packs directory itself may be new
                    for (OpenPack o : batch) {
                        o.named = true;
                    }
                }
            } catch (IOException | RuntimeException x) {
                restore(batch, entries, done);
                throw x;
            }
            synchronized (this) {
                for (OpenPack o : batch) {
                    if (o != current) {
                        o.close();
                    }
                }
            }
        }
    }

    /** Puts back what a failed sync did not write, ahead of what was appended meanwhile. */
    private synchronized void restore(List<OpenPack> batch, List<byte[]> entries, int from) {
        for (int i = from; i < batch.size(); i++) {
            batch.get(i).pending.putBack(entries.get(i));
        }
        for (OpenPack o : batch) {
            if (o != current && !retired.contains(o)) {
                retired.add(o);
            }
        }
    }

    /** One step of I/O on a pack's channels. */
    private interface Io {
        void run() throws IOException;
    }

    /**
     * Runs {@code step}; if an interrupt of some thread closed the channels under it, reopens them
     * and, unless this thread is the interrupted one (whose caller asked it to stop), runs it again.
     */
    private void io(OpenPack o, Io step) throws IOException {
        try {
            step.run();
        } catch (ClosedChannelException e) {
            reopen(o);
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            step.run();
        }
    }

    /**
     * Under the writer's lock, so an append (which positions the channel, then writes) never has
     * its channel swapped for a fresh one at position 0 between the two.
     */
    private synchronized void reopen(OpenPack o) throws IOException {
        o.reopenClosed();
    }

    private static void forceDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Directories cannot be opened everywhere; the files are durable, only their names are not yet.
        }
    }
}
