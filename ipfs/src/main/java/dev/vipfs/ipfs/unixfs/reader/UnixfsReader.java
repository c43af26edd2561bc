package dev.vipfs.ipfs.unixfs.reader;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.ReadAheadSource;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException;
import dev.vipfs.ipfs.unixfs.codec.UnixfsKind;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.ipfs.unixfs.directory.DirectoryLimits;
import dev.vipfs.ipfs.unixfs.directory.DirectoryReader;
import dev.vipfs.ipfs.unixfs.directory.DirectoryTooLargeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads UnixFS content from a block source: stat from the root block alone, random-access reads
 * that fetch only the leaves covering the range, basic and HAMT directories, symlinks. Holds no
 * state besides the source, its limits and a cache, so it is as thread-safe as the source.
 */
public final class UnixfsReader {
    private final BlockSource src;
    private final InteriorCache nodes;
    private final RangeRead ranges;
    private final LeafAnnouncer announcer;
    private final DirectoryReader directories;

    /** Reader over {@code src} that decodes every block it visits. */
    public UnixfsReader(BlockSource src) {
        this(src, 0);
    }

    /**
     * Reader over {@code src} that keeps up to about {@code interiorCacheBytes} of decoded nodes that
     * have links, so a range read of a large file decodes only its leaf. Leaves are never kept here.
     */
    public UnixfsReader(BlockSource src, long interiorCacheBytes) {
        this(src, interiorCacheBytes, DirectoryLimits.DEFAULT);
    }

    /** Like {@link #UnixfsReader(BlockSource, long)}, with {@code limits} on every directory listing. */
    public UnixfsReader(BlockSource src, long interiorCacheBytes, DirectoryLimits limits) {
        this.src = src;
        this.nodes = new InteriorCache(src, interiorCacheBytes);
        this.ranges = new RangeRead(nodes);
        this.announcer = new LeafAnnouncer(nodes);
        this.directories = new DirectoryReader(nodes, limits);
    }

    /** Kind, size and file links from the root block only. */
    public UnixfsStat stat(Cid cid) throws IOException {
        DecodedNode n = nodes.load(cid);
        if (n.isRaw()) {
            return new UnixfsStat(cid, UnixfsKind.FILE, n.raw().length, List.of(), OptionalInt.empty(), Optional.empty());
        }
        UnixfsData fs = n.fs();
        OptionalInt mode = fs.mode() == null ? OptionalInt.empty() : OptionalInt.of(fs.mode());
        Optional<Instant> mtime = Optional.ofNullable(fs.mtime());
        switch (fs.type()) {
            case UnixfsData.FILE:
            case UnixfsData.RAW:
                List<FileLink> links = FileLayout.links(n);
                return new UnixfsStat(cid, UnixfsKind.FILE, FileLayout.size(n), links, mode, mtime);
            case UnixfsData.DIRECTORY:
            case UnixfsData.HAMT_SHARD:
                return new UnixfsStat(cid, UnixfsKind.DIRECTORY, 0, List.of(), mode, mtime);
            case UnixfsData.SYMLINK:
                return new UnixfsStat(cid, UnixfsKind.SYMLINK, fs.dataLength(), List.of(), mode, mtime);
            default:
                throw new UnixfsFormatException("block " + cid + " has UnixFS type " + fs.type()
                        + " (Metadata), which vipfs does not support");
        }
    }

    /** Like {@link #read}, but goes on until {@code len} bytes or the end of the file; returns the count. */
    public int readFully(Cid file, long offset, byte[] dst, int dstOff, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = read(file, offset + done, dst, dstOff + done, len - done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /**
     * Reads up to {@code len} bytes at {@code offset}, fetching only the blocks on the path to the
     * covered leaves. Returns bytes read, 0 at or past EOF.
     */
    public int read(Cid file, long offset, byte[] dst, int dstOff, int len) throws IOException {
        if (offset < 0 || len < 0 || dstOff < 0 || dstOff + len > dst.length) {
            throw new IllegalArgumentException("invalid read range: offset " + offset + ", " + len + " bytes into "
                    + dst.length + "-byte buffer at " + dstOff);
        }
        DecodedNode root = nodes.load(file);
        FileLayout.requireFile(root);
        long size = FileLayout.size(root);
        if (offset >= size || len == 0) {
            return 0;
        }
        int want = (int) Math.min(len, size - offset);
        ranges.read(root, offset, dst, dstOff, want);
        return want;
    }

    /** Uses a byte range of a file in an array it does not own. */
    @FunctionalInterface
    public interface RangeUse<T> {
        T use(byte[] array, int off, int len) throws IOException;
    }

    /**
     * Calls {@code use} with the {@code len} bytes at {@code offset} of {@code file}: in place in the
     * block that holds them when one does (a block possibly lent, valid only during the call and never
     * to be written), else copied into {@code scratch}. A reader that only transforms the bytes (the
     * decryption of a segment, which is one leaf) then copies nothing (issue #16).
     *
     * @throws java.io.EOFException if the file ends before {@code offset + len}
     */
    public <T> T withRange(Cid file, long offset, int len, byte[] scratch, RangeUse<T> use) throws IOException {
        if (offset < 0 || len < 0 || len > scratch.length) {
            throw new IllegalArgumentException("invalid range: offset " + offset + ", " + len + " bytes, "
                    + scratch.length + "-byte scratch buffer");
        }
        DecodedNode root = nodes.load(file);
        FileLayout.requireFile(root);
        long size = FileLayout.size(root);
        if (offset + len > size) {
            throw new java.io.EOFException(file + " holds " + size + " bytes, fewer than " + (offset + len));
        }
        return ranges.withRange(root, offset, len, scratch, use);
    }

    /**
     * Tells a {@link ReadAheadSource} that a sequential reader will next read {@code file} from
     * {@code offset}: the leaves from there to the end of their parent are announced in one call.
     * Returns the file offset where that parent's content ends (announce again from there), or -1
     * when there is nothing to announce (other sources, single-block files, past the end).
     */
    public long readAhead(Cid file, long offset) throws IOException {
        if (!(src instanceof ReadAheadSource ahead) || offset < 0) {
            return -1;
        }
        return announcer.announce(ahead, file, offset);
    }

    /**
     * The entries of a basic or HAMT directory (HAMT entries in shard order), failing with
     * {@link DirectoryTooLargeException} past this reader's {@link DirectoryLimits} and with
     * {@link UnixfsFormatException} on a HAMT whose shape no HAMT can have.
     */
    public List<DirEntry> list(Cid dir) throws IOException {
        return directories.list(dir);
    }

    /**
     * Fetches and decodes the root blocks of {@code cids} on {@code executor}, {@code lanes} at a
     * time, into this reader's caches, and returns when all are there: a listing whose entries are
     * all stat-ed next ({@code ls -l}) then waits for the slowest of a few reads instead of their sum.
     * Never throws; a node that fails to load fails again, with its error, where it is needed.
     */
    public void prefetch(List<Cid> cids, java.util.concurrent.Executor executor, int lanes) {
        ParallelLoad.all(cids, nodes, executor, lanes);
    }

    /**
     * Starts loading the interior nodes of {@code file} (those with links, level by level) in one task
     * on {@code executor}, up to half of this reader's interior cache, and returns at once: a random
     * reader's later reads then find every parent decoded. Does nothing without an interior cache or
     * when {@code file} is a single block.
     */
    public void loadInteriors(Cid file, java.util.concurrent.Executor executor) throws IOException {
        if (nodes.capacity() <= 0) {
            return;
        }
        DecodedNode root = nodes.load(file);
        FileLayout.requireFile(root);
        InteriorPrefetch.start(nodes, root, executor, nodes.capacity() / 2);
    }

    /** Looks up one name; for HAMT directories only the shards on the name's hash path are fetched. */
    public Optional<Cid> lookup(Cid dir, String name) throws IOException {
        return directories.lookup(dir, name);
    }

    /** The target of a symlink node. */
    public String readSymlink(Cid cid) throws IOException {
        DecodedNode n = nodes.load(cid);
        if (n.isRaw() || n.fs().type() != UnixfsData.SYMLINK) {
            throw new UnixfsFormatException(cid + " is a " + n.typeName() + ", not a symlink");
        }
        return n.fs().data() == null ? "" : new String(n.fs().data(), StandardCharsets.UTF_8);
    }
}
