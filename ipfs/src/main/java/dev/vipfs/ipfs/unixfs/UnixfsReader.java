package dev.vipfs.ipfs.unixfs;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.ReadAheadSource;
import dev.vipfs.ipfs.block.cache.BlockCache;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.DagPbFormatException;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads UnixFS content from a block source: stat from the root block alone, random-access reads
 * that fetch only the leaves covering the range, basic and HAMT directories, symlinks. Holds no
 * state besides the source, its limits and a cache, so it is as thread-safe as the source.
 */
public final class UnixfsReader {
    /** Deeper trees are refused: Kubo never builds them and they would only serve to exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    private final BlockSource src;
    private final DirectoryLimits limits;
    private final HamtDirectory hamt = new HamtDirectory(this::load);
    /** Nodes with links (file interiors, directories, shards): every range read walks through them again. */
    private final BlockCache<DecodedNode> interiors;

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
        this.limits = Objects.requireNonNull(limits, "limits");
        // Decoded links cost about three times their encoded size (Cid objects, name strings);
        // Data is held twice (dag-pb and UnixFS views).
        this.interiors = interiorCacheBytes <= 0 ? null : new BlockCache<>(interiorCacheBytes,
                n -> n.pb().links().size() * 150 + 2 * n.pb().data().length + 256);
    }

    private DecodedNode load(Cid cid) throws IOException {
        // Only dag-pb nodes are kept, by multihash: a raw CID of the same bytes must read as raw.
        if (interiors != null && cid.codec() == Multicodec.DAG_PB) {
            DecodedNode cached = interiors.get(cid);
            if (cached != null) {
                // Reached under another CID version: errors and loop checks name the CID asked for.
                return cached.cid().equals(cid) ? cached : cached.as(cid);
            }
        }
        DecodedNode n = decode(cid, src.get(cid));
        if (interiors != null && !n.isRaw() && !n.pb().links().isEmpty()) {
            interiors.put(cid, n);
        }
        return n;
    }

    private static DecodedNode decode(Cid cid, byte[] block) throws UnixfsFormatException {
        if (cid.codec() == Multicodec.RAW) {
            return new DecodedNode(cid, block, null, null);
        }
        if (cid.codec() != Multicodec.DAG_PB) {
            throw new UnixfsFormatException("block " + cid + " has codec " + Multicodec.name(cid.codec())
                    + ", which is not UnixFS (expected dag-pb or raw)");
        }
        // Decoded in place first: a file leaf, the block read most, is then read without copying its content.
        int[] at = new int[2];
        PbNode pb;
        try {
            pb = DagPbCodec.decodeInPlace(block, at);
        } catch (DagPbFormatException e) {
            throw new UnixfsFormatException("block " + cid + " is not valid dag-pb: " + e.getMessage());
        }
        if (at[0] < 0) {
            throw new UnixfsFormatException("dag-pb block " + cid + " has no Data field, so it is not UnixFS");
        }
        int pbDataOffset = at[0];
        int pbDataLength = at[1];
        UnixfsData fs;
        try {
            fs = UnixfsData.decode(block, pbDataOffset, pbDataLength, at);
            if (pb.links().isEmpty() && (fs.type() == UnixfsData.FILE || fs.type() == UnixfsData.RAW)) {
                return new DecodedNode(cid, null, pb, fs, block, Math.max(at[0], 0), at[1]);
            }
            // Other nodes are kept (interiors, directories) or read as a whole (symlinks): with copies.
            byte[] pbData = Arrays.copyOfRange(block, pbDataOffset, pbDataOffset + pbDataLength);
            return new DecodedNode(cid, null, new PbNode(pb.links(), pbData), UnixfsData.decode(pbData));
        } catch (UnixfsFormatException e) {
            throw new UnixfsFormatException("block " + cid + ": " + e.getMessage());
        }
    }

    /** Kind, size and file links from the root block only. */
    public UnixfsStat stat(Cid cid) throws IOException {
        DecodedNode n = load(cid);
        if (n.isRaw()) {
            return new UnixfsStat(cid, UnixfsKind.FILE, n.raw().length, List.of(), OptionalInt.empty(), Optional.empty());
        }
        UnixfsData fs = n.fs();
        OptionalInt mode = fs.mode() == null ? OptionalInt.empty() : OptionalInt.of(fs.mode());
        Optional<Instant> mtime = Optional.ofNullable(fs.mtime());
        switch (fs.type()) {
            case UnixfsData.FILE:
            case UnixfsData.RAW:
                List<FileLink> links = fileLinks(n);
                return new UnixfsStat(cid, UnixfsKind.FILE, fileSize(n), links, mode, mtime);
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

    private static List<FileLink> fileLinks(DecodedNode n) throws UnixfsFormatException {
        List<PbLink> links = n.pb().links();
        if (links.size() != n.fs().blocksizeCount()) {
            throw new UnixfsFormatException("UnixFS file " + n.cid() + " has " + links.size() + " links but "
                    + n.fs().blocksizeCount() + " blocksizes");
        }
        List<FileLink> out = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            out.add(new FileLink(links.get(i).nameOrEmpty(), links.get(i).hash(), n.fs().blocksize(i)));
        }
        return out;
    }

    private static long fileSize(DecodedNode n) throws UnixfsFormatException {
        if (n.isRaw()) {
            return n.raw().length;
        }
        long sum = n.dataLength();
        for (int i = 0; i < n.fs().blocksizeCount(); i++) {
            sum += n.fs().blocksize(i);
            if (sum < 0) {
                throw new UnixfsFormatException("UnixFS file " + n.cid() + " blocksizes overflow");
            }
        }
        if (n.fs().filesize() != null && n.fs().filesize() != sum) {
            throw new UnixfsFormatException("UnixFS file " + n.cid() + " declares filesize " + n.fs().filesize()
                    + " but its data and blocksizes add up to " + sum);
        }
        return sum;
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
        DecodedNode root = load(file);
        requireFile(root);
        long size = fileSize(root);
        if (offset >= size || len == 0) {
            return 0;
        }
        int want = (int) Math.min(len, size - offset);
        readNode(root, offset, dst, dstOff, want, 0);
        return want;
    }

    /** Reads exactly {@code len} bytes at {@code offset} of the node's content into dst. */
    private void readNode(DecodedNode n, long offset, byte[] dst, int dstOff, int len, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new UnixfsFormatException("UnixFS file DAG deeper than " + MAX_DEPTH + " at " + n.cid());
        }
        if (n.isRaw()) {
            copy(n.cid(), n.raw(), 0, n.raw().length, offset, dst, dstOff, len);
            return;
        }
        requireFile(n);
        List<PbLink> links = n.pb().links();
        if (links.size() != n.fs().blocksizeCount()) {
            fileLinks(n); // throws the format error
        }
        long pos = 0;
        int dataLen = n.dataLength();
        if (offset < dataLen) {
            int take = (int) Math.min(len, dataLen - offset);
            copy(n.cid(), n.dataArray(), n.dataOffset(), dataLen, offset, dst, dstOff, take);
            dstOff += take;
            len -= take;
            offset += take;
        }
        pos = dataLen;
        // Indexed rather than via fileLinks(): this runs once per range read and must not allocate per link.
        for (int i = 0; i < links.size(); i++) {
            if (len == 0) {
                return;
            }
            long blocksize = n.fs().blocksize(i);
            long end = pos + blocksize;
            if (offset < end) {
                int take = (int) Math.min(len, end - offset);
                Cid childCid = links.get(i).hash();
                DecodedNode child = load(childCid);
                long childSize = fileSize(child);
                if (child.isRaw() || child.fs().type() == UnixfsData.FILE || child.fs().type() == UnixfsData.RAW) {
                    if (childSize != blocksize) {
                        throw new UnixfsFormatException("UnixFS file " + n.cid() + " says child " + childCid
                                + " holds " + blocksize + " bytes, but it holds " + childSize);
                    }
                }
                readNode(child, offset - pos, dst, dstOff, take, depth + 1);
                dstOff += take;
                len -= take;
                offset += take;
            }
            pos = end;
        }
        if (len > 0) {
            throw new UnixfsFormatException("UnixFS file " + n.cid() + " ends before its declared size");
        }
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
        DecodedNode n = load(file);
        long base = 0;
        for (int depth = 0; depth <= MAX_DEPTH; depth++) {
            if (n.isRaw() || n.pb().links().isEmpty() || n.fs() == null) {
                return -1;
            }
            List<PbLink> links = n.pb().links();
            if (links.size() != n.fs().blocksizeCount()) {
                return -1;
            }
            long pos = n.dataLength();
            int index = -1;
            long childStart = 0;
            for (int i = 0; i < links.size(); i++) {
                long end = pos + n.fs().blocksize(i);
                if (offset - base < end) {
                    index = i;
                    childStart = pos;
                    break;
                }
                pos = end;
            }
            if (index < 0) {
                return -1;
            }
            Cid child = links.get(index).hash();
            DecodedNode interior = child.codec() == Multicodec.RAW ? null : load(child);
            if (interior == null || interior.isRaw() || interior.pb().links().isEmpty()) {
                // n's children are leaves (balanced DAGs keep every leaf at one depth).
                List<Cid> leaves = new ArrayList<>(links.size() - index);
                long end = childStart;
                for (int i = index; i < links.size(); i++) {
                    leaves.add(links.get(i).hash());
                    end += n.fs().blocksize(i);
                }
                ahead.readAhead(n.cid(), leaves);
                return base + end;
            }
            base += childStart;
            n = interior;
        }
        return -1;
    }

    /** Copies {@code len} bytes at {@code offset} of the node's content, {@code src[base, base+size)}. */
    private static void copy(Cid cid, byte[] src, int base, int size, long offset, byte[] dst, int dstOff, int len)
            throws UnixfsFormatException {
        if (offset + len > size) {
            throw new UnixfsFormatException("UnixFS node " + cid + " holds " + size + " bytes, fewer than its parent claims");
        }
        System.arraycopy(src, base + (int) offset, dst, dstOff, len);
    }

    private static void requireFile(DecodedNode n) throws NotAFileException {
        if (!n.isRaw() && n.fs().type() != UnixfsData.FILE && n.fs().type() != UnixfsData.RAW) {
            throw new NotAFileException(n.cid() + " is a " + typeName(n.fs().type()) + ", not a file");
        }
    }

    /**
     * The entries of a basic or HAMT directory (HAMT entries in shard order), failing with
     * {@link DirectoryTooLargeException} past this reader's {@link DirectoryLimits} and with
     * {@link UnixfsFormatException} on a HAMT whose shape no HAMT can have.
     */
    public List<DirEntry> list(Cid dir) throws IOException {
        DecodedNode n = load(dir);
        requireDirectory(n);
        ListingBudget budget = new ListingBudget(limits, dir);
        List<DirEntry> out = new ArrayList<>();
        if (n.fs().type() == UnixfsData.DIRECTORY) {
            for (PbLink l : n.pb().links()) {
                String name = l.nameOrEmpty();
                budget.entry(name.getBytes(StandardCharsets.UTF_8).length);
                out.add(new DirEntry(name, l.hash(), l.tsizeOrZero()));
            }
        } else {
            hamt.list(n, budget, out);
        }
        return out;
    }

    /**
     * Fetches and decodes the root blocks of {@code cids} on {@code executor}, {@code lanes} at a
     * time, into this reader's caches, and returns when all are there: a listing whose entries are
     * all stat-ed next ({@code ls -l}) then waits for the slowest of a few reads instead of their sum.
     * Never throws; a node that fails to load fails again, with its error, where it is needed.
     */
    public void prefetch(List<Cid> cids, java.util.concurrent.Executor executor, int lanes) {
        ParallelLoad.all(cids, this::load, executor, lanes);
    }

    /** Looks up one name; for HAMT directories only the shards on the name's hash path are fetched. */
    public Optional<Cid> lookup(Cid dir, String name) throws IOException {
        DecodedNode n = load(dir);
        requireDirectory(n);
        if (n.fs().type() == UnixfsData.HAMT_SHARD) {
            return hamt.lookup(n, name);
        }
        for (PbLink l : n.pb().links()) {
            if (name.equals(l.name())) {
                return Optional.of(l.hash());
            }
        }
        return Optional.empty();
    }

    private static void requireDirectory(DecodedNode n) throws NotADirectoryException {
        if (n.isRaw() || (n.fs().type() != UnixfsData.DIRECTORY && n.fs().type() != UnixfsData.HAMT_SHARD)) {
            throw new NotADirectoryException(n.cid() + " is a " + (n.isRaw() ? "raw file" : typeName(n.fs().type()))
                    + ", not a directory");
        }
    }

    /** The target of a symlink node. */
    public String readSymlink(Cid cid) throws IOException {
        DecodedNode n = load(cid);
        if (n.isRaw() || n.fs().type() != UnixfsData.SYMLINK) {
            throw new UnixfsFormatException(cid + " is a " + (n.isRaw() ? "raw file" : typeName(n.fs().type()))
                    + ", not a symlink");
        }
        return n.fs().data() == null ? "" : new String(n.fs().data(), StandardCharsets.UTF_8);
    }

    private static String typeName(int type) {
        switch (type) {
            case UnixfsData.RAW:
                return "raw file";
            case UnixfsData.DIRECTORY:
                return "directory";
            case UnixfsData.FILE:
                return "file";
            case UnixfsData.SYMLINK:
                return "symlink";
            case UnixfsData.HAMT_SHARD:
                return "HAMT-sharded directory";
            default:
                return "UnixFS metadata node";
        }
    }
}
