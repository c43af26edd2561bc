package dev.vipfs.ipfs.block;

import java.io.ByteArrayOutputStream;
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
 * putting thread; a pack is closed at {@value #PACK_BYTES} bytes and a new one begun.
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
    private Open current;
    /** Packs closed for appending whose last entries are not yet synced; guarded by this. */
    private final List<Open> retired = new ArrayList<>();

    private static final class Open {
        final int id;
        final Path packPath;
        final Path idxPath;
        /** Reopened when an interrupt closed it (a FileChannel closes for every user when one is interrupted). */
        volatile FileChannel pack;
        volatile FileChannel idx;
        long end = PackFormat.HEADER;
        long idxEnd = PackFormat.HEADER;
        /** Index entries not yet written, in order: records appended and discards since the last sync; guarded by the writer. */
        final List<Pending> pending = new ArrayList<>();
        /** Encoded entries a failed sync took and could not write: written first by the next one. */
        byte[] unwritten = new byte[0];
        /** Whether the directory entries of pack and index are durable (a sync after creating them). */
        boolean named;

        Open(int id, Path packPath, FileChannel pack, Path idxPath, FileChannel idx) {
            this.id = id;
            this.packPath = packPath;
            this.idxPath = idxPath;
            this.pack = pack;
            this.idx = idx;
        }
    }

    /** An index entry waiting for the next sync; a block record discarded before it is dropped, not written. */
    private static final class Pending {
        final byte kind;
        final byte[] mh;
        final long offset;
        final int length;
        boolean dropped;

        Pending(byte kind, byte[] mh, long offset, int length) {
            this.kind = kind;
            this.mh = mh;
            this.offset = offset;
            this.length = length;
        }
    }

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
        Open o = openFor(len);
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
        o.pending.add(new Pending(PackFormat.KIND_BLOCK, mh, o.end, len));
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
        for (Open o : openPacks()) {
            if (o.id == pack) {
                Pending unsynced = null;
                for (int i = o.pending.size() - 1; i >= 0 && unsynced == null; i--) { // an abandoned import's are recent
                    Pending p = o.pending.get(i);
                    if (p.kind == PackFormat.KIND_BLOCK && p.offset == offset && !p.dropped) {
                        unsynced = p;
                    }
                }
                if (unsynced == null) {
                    o.pending.add(new Pending(PackFormat.KIND_DISCARD, mh, offset, 0));
                } else {
                    unsynced.dropped = true;
                    cutBack(o);
                }
            }
        }
    }

    /** After a failed append (a full disk): end stays where it was, and what the write left goes. */
    private void dropPartial(Open o) {
        try {
            io(o, () -> o.pack.truncate(o.end));
        } catch (IOException again) {
            // the next record overwrites it; a reader never looks past the last indexed record
        }
    }

    private void cutBack(Open o) throws IOException {
        long end = o.end;
        while (!o.pending.isEmpty() && o.pending.get(o.pending.size() - 1).dropped
                && o.pending.get(o.pending.size() - 1).offset + o.pending.get(o.pending.size() - 1).length == end) {
            end = o.pending.remove(o.pending.size() - 1).offset;
        }
        if (end < o.end && o == current) {
            long to = end;
            io(o, () -> o.pack.truncate(to));
            o.end = end;
        }
    }

    private List<Open> openPacks() {
        List<Open> all = new ArrayList<>(retired);
        if (current != null) {
            all.add(current);
        }
        return all;
    }

    private Open openFor(int recordLength) throws IOException {
        if (current != null && current.end > PackFormat.HEADER && current.end + recordLength > PACK_BYTES) {
            retired.add(current);
            current = null;
        }
        if (current == null) {
            current = create();
        }
        return current;
    }

    private Open create() throws IOException {
        Path dir = packs.directory();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
        }
        String name = ProcessHandle.current().pid() + "-" + Long.toHexString(RANDOM.nextLong() >>> 1);
        // Filed as ours before the files exist, so a concurrent refresh never takes them for another process's.
        int id = packs.registerOwn(name);
        Path packPath = dir.resolve(name + PackSet.PACK_SUFFIX);
        Path idxPath = dir.resolve(name + PackSet.INDEX_SUFFIX);
        FileChannel pack = FileChannel.open(packPath, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileChannel idx;
        try {
            idx = FileChannel.open(idxPath, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            pack.close();
            throw e;
        }
        try {
            writeFully(pack, ByteBuffer.wrap(PackFormat.PACK_MAGIC), 0);
            writeFully(idx, ByteBuffer.wrap(PackFormat.INDEX_MAGIC), 0);
        } catch (IOException e) {
            pack.close();
            idx.close();
            throw e;
        }
        return new Open(id, packPath, pack, idxPath, idx);
    }

    /** Makes every block appended before this call durable and visible to other processes. */
    void sync() throws IOException {
        synchronized (syncLock) {
            List<Open> batch;
            List<byte[]> entries = new ArrayList<>();
            synchronized (this) {
                batch = openPacks();
                retired.clear();
                for (Open o : batch) {
                    entries.add(concat(o.unwritten, encode(o.pending)));
                    o.unwritten = new byte[0];
                    o.pending.clear();
                }
            }
            boolean newNames = false;
            int done = 0;
            try {
                for (; done < batch.size(); done++) {
                    Open o = batch.get(done);
                    byte[] e = entries.get(done);
                    if (e.length > 0 || !o.named) {
                        io(o, () -> o.pack.force(false)); // the records before the entries that point at them
                        io(o, () -> {
                            writeFully(o.idx, ByteBuffer.wrap(e), o.idxEnd);
                            o.idx.force(false);
                        });
                        o.idxEnd += e.length;
                        newNames |= !o.named;
                    }
                }
                if (newNames) {
                    forceDirectory(packs.directory());
                    forceDirectory(storeDir); // the packs directory itself may be new
                    for (Open o : batch) {
                        o.named = true;
                    }
                }
            } catch (IOException | RuntimeException x) {
                restore(batch, entries, done);
                throw x;
            }
            synchronized (this) {
                for (Open o : batch) {
                    if (o != current) {
                        o.pack.close();
                        o.idx.close();
                    }
                }
            }
        }
    }

    private static byte[] encode(List<Pending> pending) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Pending p : pending) {
            if (!p.dropped) {
                out.writeBytes(PackFormat.indexEntry(p.kind, p.mh, p.offset, p.length));
            }
        }
        return out.toByteArray();
    }

    /** Puts back what a failed sync did not write, ahead of what was appended meanwhile. */
    private synchronized void restore(List<Open> batch, List<byte[]> entries, int from) {
        for (int i = from; i < batch.size(); i++) {
            Open o = batch.get(i);
            o.unwritten = concat(entries.get(i), o.unwritten);
        }
        for (Open o : batch) {
            if (o != current && !retired.contains(o)) {
                retired.add(o);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** One step of I/O on a pack's channels. */
    private interface Io {
        void run() throws IOException;
    }

    /**
     * Runs {@code step}; if an interrupt of some thread closed the channels under it, reopens them
     * and, unless this thread is the interrupted one (whose caller asked it to stop), runs it again.
     */
    private void io(Open o, Io step) throws IOException {
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

    private synchronized void reopen(Open o) throws IOException {
        if (!o.pack.isOpen()) {
            o.pack = FileChannel.open(o.packPath, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        if (!o.idx.isOpen()) {
            o.idx = FileChannel.open(o.idxPath, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private static void forceDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Directories cannot be opened everywhere; the files are durable, only their names are not yet.
        }
    }
}
