package dev.vipfs.ipfs.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pack files of one store as this process knows them: their index entries (in
 * {@link PackIndex}), an open read channel per pack, and the positional reads of records. Index
 * files of other processes are read when the store opens and again when a block is not found, from
 * where the last read stopped, so what another process synced becomes visible here.
 */
final class PackSet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PackSet.class);
    static final String PACK_SUFFIX = ".pack";
    static final String INDEX_SUFFIX = ".idx";
    /**
     * Records up to this size (a 1 MiB block, Kubo's largest chunk, and its head) are read through a
     * per-thread direct buffer (one copy from the kernel), which stays with the thread.
     */
    private static final int BUFFERED_RECORD = (1 << 20) + 4096;
    /** No block is this large; an index entry that says so is damaged, and is not allocated for. */
    private static final int MAX_RECORD = 64 << 20;

    private final Path dir;
    private final PackIndex index;
    private final List<Pack> byId = new ArrayList<>();
    /**
     * The packs by id as of the last registration, for readers: a block read looks its pack up
     * without taking this set's lock, which every FUSE and prefetch thread would otherwise contend
     * for on every read (issue #16). Replaced, never changed, under the lock.
     */
    private volatile Pack[] forReads = new Pack[0];
    private final Map<String, Pack> byName = new HashMap<>();
    private final ThreadLocal<ByteBuffer> buffers = new ThreadLocal<>();
    /** The array each thread's last lent block was read into, reused for the next one of its size. */
    private final ThreadLocal<byte[]> lent = new ThreadLocal<>();

    private static final class Pack {
        final int id;
        final String name;
        final Path path;
        final boolean own;
        volatile FileChannel channel;
        /** Bytes of the index file applied so far. */
        long consumed;
        /** A pack whose writer is gone: its index file will not grow any more. */
        boolean finished;

        Pack(int id, String name, Path path, boolean own) {
            this.id = id;
            this.name = name;
            this.path = path;
            this.own = own;
        }
    }

    PackSet(Path dir, PackIndex index) {
        this.dir = dir;
        this.index = index;
    }

    Path directory() {
        return dir;
    }

    /** Files a pack this process writes (its entries go into the index as they are written); returns its id. */
    synchronized int registerOwn(String name) {
        return register(name, true).id;
    }

    private Pack register(String name, boolean own) {
        Pack p = new Pack(byId.size(), name, dir.resolve(name + PACK_SUFFIX), own);
        byId.add(p);
        forReads = byId.toArray(new Pack[0]);
        byName.put(name, p);
        return p;
    }

    /**
     * Applies the index entries other processes wrote since the last look (new packs, and growth of
     * those whose writer still runs); returns whether any were found.
     */
    synchronized boolean refresh() throws IOException {
        boolean found = false;
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> idx = Files.newDirectoryStream(dir, "*" + INDEX_SUFFIX)) {
            for (Path p : idx) {
                String f = p.getFileName().toString();
                names.add(f.substring(0, f.length() - INDEX_SUFFIX.length()));
            }
        } catch (NoSuchFileException e) {
            return false; // no pack written yet
        }
        for (String name : names) {
            if (!byName.containsKey(name)) {
                register(name, false);
            }
        }
        for (Pack p : byId) {
            if (!p.own && !p.finished) {
                boolean writerGone = !writerAlive(p.name); // before the read: what it wrote last is read below
                found |= load(p);
                p.finished = writerGone;
            }
        }
        return found;
    }

    /** Whether the process whose pid starts {@code name} (up to a dash) still runs: pack and temp names carry it. */
    static boolean writerAlive(String name) {
        int dash = name.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean load(Pack p) throws IOException {
        Path idxPath = dir.resolve(p.name + INDEX_SUFFIX);
        ByteBuffer buf;
        try (FileChannel ch = FileChannel.open(idxPath, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= p.consumed) {
                return false;
            }
            buf = ByteBuffer.allocate(Math.toIntExact(size - p.consumed));
            while (buf.hasRemaining() && ch.read(buf, p.consumed + buf.position()) >= 0) {
                // until the size seen above
            }
            buf.flip();
        } catch (NoSuchFileException e) {
            return false;
        }
        if (p.consumed == 0) {
            if (buf.remaining() < PackFormat.HEADER) {
                return false; // being created
            }
            byte[] magic = new byte[PackFormat.HEADER];
            buf.get(magic);
            if (!Arrays.equals(magic, PackFormat.INDEX_MAGIC)) {
                LOG.warn("{} is not a vipfs pack index; its pack is ignored", idxPath);
                p.finished = true;
                return false;
            }
        }
        boolean found = false;
        PackFormat.Entry e;
        while ((e = PackFormat.nextEntry(buf)) != null) {
            if (e.kind() == PackFormat.KIND_BLOCK) {
                index.add(e.multihash(), p.id, e.offset(), e.length());
                found = true;
            } else {
                index.remove(e.multihash(), p.id, e.offset());
            }
        }
        p.consumed += buf.position(); // a torn or half-written entry is read again next time
        return found;
    }

    /**
     * The data of the record at {@code offset} in pack {@code id}, or null when it is a whole record
     * of another block (two multihashes that share an index key).
     *
     * @throws IntegrityException when the record is torn, misplaced or its bytes changed on disk
     */
    byte[] read(int id, long offset, int length, byte[] mh, boolean lend) throws IOException {
        if (offset < PackFormat.HEADER || length < PackFormat.RECORD_OVERHEAD || length > MAX_RECORD) {
            throw new IntegrityException("the index of " + path(id) + " names an impossible record (" + length
                    + " bytes at offset " + offset + ")");
        }
        ByteBuffer buf = length <= BUFFERED_RECORD ? buffer(length) : ByteBuffer.allocate(length);
        readAt(id, offset, buf.clear().limit(length));
        int dataLen = PackFormat.checkRecord(buf, mh);
        if (dataLen == PackFormat.OTHER_BLOCK) {
            return null;
        }
        if (dataLen < 0) {
            throw new IntegrityException("the record at offset " + offset + " of " + path(id)
                    + " is torn or was changed on disk (its CRC32C or length does not match)");
        }
        byte[] data = lend ? lentArray(dataLen) : new byte[dataLen];
        buf.get(8 + mh.length, data);
        return data;
    }

    /**
     * This thread's lent array if it has exactly {@code length} bytes, else a new one that becomes
     * it: a file's leaves are all one size but its last, so a reader of them allocates almost none.
     */
    private byte[] lentArray(int length) {
        byte[] b = lent.get();
        if (b == null || b.length != length) {
            b = new byte[length];
            lent.set(b);
        }
        return b;
    }

    /** Whether the record at {@code offset} in pack {@code id} is one of {@code mh} (its head only). */
    boolean holds(int id, long offset, byte[] mh) throws IOException {
        if (offset < PackFormat.HEADER) {
            return false;
        }
        ByteBuffer buf = buffer(8 + mh.length);
        readAt(id, offset, buf.clear().limit(8 + mh.length));
        return PackFormat.holds(buf, mh);
    }

    /** Fills {@code buf} from {@code offset} with one pread where it can; flipped, short only at the file's end. */
    private void readAt(int id, long offset, ByteBuffer buf) throws IOException {
        try {
            fill(channel(id), offset, buf);
        } catch (ClosedChannelException e) {
            // An interrupted reader closes a FileChannel for every thread: reopen it, and read again
            // unless this thread is the interrupted one.
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            fill(channel(id), offset, buf.position(0));
        }
        buf.flip();
    }

    private static void fill(FileChannel ch, long offset, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
            // a short read only at the end of the file, which the caller's check refuses
        }
    }

    /** Where pack {@code id} is, for messages. */
    Path path(int id) {
        return forReads[id].path;
    }

    private FileChannel channel(int id) throws IOException {
        Pack p = forReads[id];
        FileChannel ch = p.channel;
        if (ch == null || !ch.isOpen()) {
            synchronized (p) {
                ch = p.channel;
                if (ch == null || !ch.isOpen()) {
                    ch = FileChannel.open(p.path, StandardOpenOption.READ);
                    p.channel = ch;
                }
            }
        }
        return ch;
    }

    private ByteBuffer buffer(int length) {
        ByteBuffer b = buffers.get();
        if (b == null || b.capacity() < length) {
            b = ByteBuffer.allocateDirect(Math.max(length, 128 << 10));
            buffers.set(b);
        }
        return b;
    }

    @Override
    public synchronized void close() throws IOException {
        for (Pack p : byId) {
            FileChannel ch = p.channel;
            if (ch != null) {
                ch.close();
            }
        }
    }
}
