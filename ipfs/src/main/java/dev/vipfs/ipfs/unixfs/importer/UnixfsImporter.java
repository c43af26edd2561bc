package dev.vipfs.ipfs.unixfs.importer;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.dagpb.ProtoWriter;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.BiConsumer;

/**
 * Builds UnixFS DAGs exactly as Kubo/boxo do (fixed-size chunker, balanced layout, basic or
 * HAMT directories) and writes every block to the store. Stateless apart from the store, so one
 * instance may be shared by threads if the store is thread-safe.
 */
public final class UnixfsImporter {
    private final BlockStore store;
    private final ImportOptions opts;

    /** Importer writing to {@code store} with {@code opts}. */
    public UnixfsImporter(BlockStore store, ImportOptions opts) {
        if (opts.rawLeaves() && opts.storesMetadata()) {
            throw new IllegalArgumentException("raw leaves can't be used with UnixFS metadata like mode or "
                    + "modification time; drop --raw-leaves or the mode/mtime options");
        }
        this.store = store;
        this.opts = opts;
    }

    /** Mode and mtime to store on an entry's root node; both null when none. */
    private record Metadata(Integer mode, Instant mtime) {
        static final Metadata NONE = new Metadata(null, null);
    }

    private Metadata overrides() {
        return new Metadata(opts.mode(), opts.mtime());
    }

    /** Makes every block this importer stored durable; call before publishing a CID it returned. */
    public void sync() throws IOException {
        store.sync();
    }

    /** Pins a root this importer stored, so a store with garbage collection (Kubo) keeps its DAG. */
    public void pin(Cid root) throws IOException {
        store.pin(root);
    }

    /** Moves the pin of an earlier root to {@code to}, e.g. a directory after one of its files changed. */
    public void repin(Cid from, Cid to) throws IOException {
        store.repin(from, to);
    }

    /** The store blocks go to. */
    public BlockStore store() {
        return store;
    }

    /** The same options over another store. */
    public UnixfsImporter onto(BlockStore other) {
        return new UnixfsImporter(other, opts);
    }

    /** The options in use. */
    public ImportOptions options() {
        return opts;
    }

    /** Source of chunks; null marks the end. */
    private interface ChunkSource<T> {
        T next() throws IOException;
    }

    /** Stores one chunk as a leaf; meta is NONE except for a file of a single leaf. */
    private interface LeafMaker<T> {
        ImportedNode leaf(T chunk, Metadata meta) throws IOException;
    }

    /** Chunks {@code in} with the fixed-size chunker and builds a balanced file DAG. */
    public ImportedNode addFile(InputStream in) throws IOException {
        return addFile(in, overrides());
    }

    private ImportedNode addFile(InputStream in, Metadata meta) throws IOException {
        int size = opts.chunkSize();
        return balanced((ChunkSource<byte[]>) () -> {
            // readNBytes(int) reads 8 KiB at a time and concatenates; one chunk-sized read avoids
            // that per-chunk copy, which costs as much as hashing on the --only-hash path.
            byte[] chunk = new byte[size];
            int n = in.readNBytes(chunk, 0, size);
            if (n == 0) {
                return null;
            }
            return n == size ? chunk : Arrays.copyOf(chunk, n);
        }, this::leaf, meta);
    }

    /** Builds a balanced file whose leaves are exactly the given chunks, in order (no re-chunking). */
    public ImportedNode addLeafChunks(Iterator<byte[]> chunks) throws IOException {
        return balanced(fromIterator(chunks), this::leaf, Metadata.NONE);
    }

    /** Like {@link #addLeafChunks}, for leaves made by {@link #newLeaf} and filled in place. */
    public ImportedNode addLeafBlocks(Iterator<LeafBlock> leaves) throws IOException {
        return balanced(fromIterator(leaves), (leaf, meta) -> addLeaf(leaf), Metadata.NONE);
    }

    private static <T> ChunkSource<T> fromIterator(Iterator<T> chunks) {
        return () -> {
            if (!chunks.hasNext()) {
                return null;
            }
            T c = chunks.next();
            if (c == null) {
                throw new IOException("leaf chunk iterator returned null");
            }
            return c;
        };
    }

    /**
     * A leaf block for {@code contentLength} bytes of content without metadata, laid out as
     * {@link #addLeaf(byte[])} would store it; fill the content in place, then {@link #addLeaf(LeafBlock)}.
     */
    public LeafBlock newLeaf(int contentLength) {
        if (opts.rawLeaves()) {
            return new LeafBlock(new byte[contentLength], 0, contentLength, true);
        }
        // Field for field what UnixfsData.encode and DagPbCodec.encode write for a leaf: no links, and
        // Data = {Type FILE, Data (absent when empty), filesize}.
        int data = contentLength == 0 ? 0 : 1 + ProtoWriter.varintSize(contentLength) + contentLength;
        int unixfs = 1 + ProtoWriter.varintSize(UnixfsData.FILE) + data + 1 + ProtoWriter.varintSize(contentLength);
        ProtoWriter w = new ProtoWriter(1 + ProtoWriter.varintSize(unixfs) + unixfs)
                .lengthPrefix(1, unixfs)
                .varintField(1, UnixfsData.FILE);
        int at = 0;
        if (contentLength > 0) {
            at = w.lengthPrefix(2, contentLength).reserve(contentLength);
        }
        w.varintField(3, contentLength);
        return new LeafBlock(w.toByteArray(), at, contentLength, false);
    }

    /** Stores a leaf made by this importer's {@link #newLeaf} once its content is filled in. */
    public ImportedNode addLeaf(LeafBlock leaf) throws IOException {
        if (leaf.raw() != opts.rawLeaves()) {
            throw new IllegalArgumentException("leaf laid out for " + (leaf.raw() ? "raw" : "dag-pb")
                    + " leaves given to an importer of " + (opts.rawLeaves() ? "raw" : "dag-pb") + " leaves");
        }
        byte[] block = leaf.array();
        if (leaf.raw()) {
            Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(block));
            store.putHashed(cid, block);
            return new ImportedNode(cid, block.length, block.length);
        }
        return putBlock(block, 0, leaf.contentLength());
    }

    /** One leaf: a raw block, or a dag-pb UnixFS File node, per the options. */
    public ImportedNode addLeaf(byte[] data) throws IOException {
        return leaf(data, Metadata.NONE);
    }

    private ImportedNode leaf(byte[] data, Metadata meta) throws IOException {
        if (opts.rawLeaves()) {
            Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(data));
            store.putHashed(cid, data);
            return new ImportedNode(cid, data.length, data.length);
        }
        if (meta.mode() == null && meta.mtime() == null) {
            // newLeaf's layout is this leaf's: one copy of the data, where encoding UnixFS Data and
            // then the dag-pb node would copy it twice.
            LeafBlock leaf = newLeaf(data.length);
            System.arraycopy(data, 0, leaf.array(), leaf.contentOffset(), data.length);
            return addLeaf(leaf);
        }
        UnixfsData fs = new UnixfsData(UnixfsData.FILE, data.length == 0 ? null : data, (long) data.length,
                null, null, null, meta.mode(), meta.mtime());
        return putNode(new PbNode(List.of(), fs.encode()), 0, data.length);
    }

    /** A File node linking the given children in order, with their link names; blocksizes are content sizes. */
    public ImportedNode addFileNode(List<FileChild> children) throws IOException {
        return fileNode(children, Metadata.NONE);
    }

    private ImportedNode fileNode(List<FileChild> children, Metadata meta) throws IOException {
        List<PbLink> links = new ArrayList<>(children.size());
        long[] sizes = new long[children.size()];
        long total = 0;
        long childTsize = 0;
        for (int i = 0; i < sizes.length; i++) {
            FileChild c = children.get(i);
            links.add(PbLink.of(c.node().cid(), c.linkName() == null ? "" : c.linkName(), c.node().dagSize()));
            sizes[i] = c.node().contentSize();
            total += sizes[i];
            childTsize += c.node().dagSize();
        }
        UnixfsData fs = new UnixfsData(UnixfsData.FILE, null, total, sizes, null, null, meta.mode(), meta.mtime());
        return putNode(new PbNode(links, fs.encode()), childTsize, total);
    }

    /** A symlink node pointing at {@code target}. */
    public ImportedNode addSymlink(String target) throws IOException {
        return symlink(target, opts.mtime());
    }

    /** Kubo stores no mode on symlinks, only an mtime. */
    private ImportedNode symlink(String target, Instant mtime) throws IOException {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        UnixfsData fs = new UnixfsData(UnixfsData.SYMLINK, t, null, null, null, null, null, mtime);
        return putNode(new PbNode(List.of(), fs.encode()), 0, t.length);
    }

    /** A directory of the given entries: basic, or a HAMT when its size estimate exceeds the threshold. */
    public ImportedNode addDirectory(SortedMap<String, ImportedNode> entries) throws IOException {
        return directory(entries, overrides());
    }

    /** Metadata goes on the basic directory, or on the root shard of a HAMT. */
    private ImportedNode directory(SortedMap<String, ImportedNode> entries, Metadata meta) throws IOException {
        List<Map.Entry<byte[], ImportedNode>> sorted = new ArrayList<>(entries.size());
        for (Map.Entry<String, ImportedNode> e : entries.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid directory entry name '" + name
                        + "': must be non-empty without '/' or NUL");
            }
            sorted.add(Map.entry(name.getBytes(StandardCharsets.UTF_8), e.getValue()));
        }
        // boxo sorts links by the bytes of the name; String order differs for supplementary characters.
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        List<PbLink> links = new ArrayList<>(sorted.size());
        long childTsize = 0;
        long linksEstimate = 0;
        for (Map.Entry<byte[], ImportedNode> e : sorted) {
            String name = new String(e.getKey(), StandardCharsets.UTF_8);
            links.add(PbLink.of(e.getValue().cid(), name, e.getValue().dagSize()));
            childTsize += e.getValue().dagSize();
            linksEstimate += e.getKey().length + e.getValue().cid().byteLength();
        }
        byte[] dirData = new UnixfsData(UnixfsData.DIRECTORY, null, null, null, null, null, meta.mode(),
                meta.mtime()).encode();
        PbNode basic = new PbNode(links, dirData);
        long estimate = opts.hamtSizeEstimation() == ImportOptions.HamtSizeEstimation.LINKS ? linksEstimate
                : DagPbCodec.encode(basic).length;
        if (estimate > opts.hamtThreshold()) {
            return new HamtBuilder(this, opts.hamtFanout()).build(sorted, meta.mode(), meta.mtime());
        }
        return putNode(basic, childTsize, 0);
    }

    /**
     * Adds a file, directory (recursively) or symlink, walked by {@link LocalTree}. {@code onAdded}
     * is called for every entry after it is stored, children before parents, so the root comes
     * last. Hidden entries (names starting with '.') below the root are skipped unless the
     * options include them.
     */
    public ImportedNode addPath(Path p, BiConsumer<Path, ImportedNode> onAdded) throws IOException {
        return new LocalTree(opts.hidden()).walk(p, new LocalTree.Builder() {
            @Override
            public ImportedNode file(Path file) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    return addFile(in, metadataOf(file));
                }
            }

            @Override
            public ImportedNode symlink(Path link, String target) throws IOException {
                return UnixfsImporter.this.symlink(target, metadataOf(link).mtime());
            }

            @Override
            public ImportedNode directory(Path dir, SortedMap<String, ImportedNode> entries) throws IOException {
                return UnixfsImporter.this.directory(entries, metadataOf(dir));
            }
        }, onAdded);
    }

    /** What --mode/--mtime or --preserve-mode/--preserve-mtime say to store for {@code p} (not following links). */
    private Metadata metadataOf(Path p) throws IOException {
        if (!opts.storesMetadata()) {
            return Metadata.NONE;
        }
        Integer mode = opts.mode();
        if (mode == null && opts.preserveMode()) {
            Object m = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            mode = ((Integer) m) & 07777;
        }
        Instant mtime = opts.mtime();
        if (mtime == null && opts.preserveMtime()) {
            mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        }
        return new Metadata(mode, mtime);
    }

    /** Encodes, hashes and stores a dag-pb node. */
    ImportedNode putNode(PbNode node, long childTsize, long contentSize) throws IOException {
        return putBlock(DagPbCodec.encode(node), childTsize, contentSize);
    }

    private ImportedNode putBlock(byte[] block, long childTsize, long contentSize) throws IOException {
        Multihash mh = Multihash.sha256(block);
        Cid cid = opts.cidVersion() == 0 ? Cid.v0(mh) : Cid.v1(Multicodec.DAG_PB, mh);
        store.putHashed(cid, block);
        return new ImportedNode(cid, block.length + childTsize, contentSize);
    }

    /** Balanced layout as boxo's balanced builder: grow the root one depth at a time, filling each level. */
    private <T> ImportedNode balanced(ChunkSource<T> source, LeafMaker<T> leaves, Metadata meta) throws IOException {
        Lookahead<T> src = new Lookahead<>(source);
        T first = src.take();
        if (first == null) {
            return leaf(new byte[0], meta);
        }
        if (src.peek() == null) {
            return leaves.leaf(first, meta);
        }
        ImportedNode root = leaves.leaf(first, Metadata.NONE);
        for (int depth = 1; src.peek() != null; depth++) {
            List<ImportedNode> children = new ArrayList<>();
            children.add(root);
            fill(src, leaves, children, depth);
            // Only the final root carries mode/mtime, as in boxo.
            root = unnamedFileNode(children, src.peek() == null ? meta : Metadata.NONE);
        }
        return root;
    }

    private <T> void fill(Lookahead<T> src, LeafMaker<T> leaves, List<ImportedNode> children, int depth)
            throws IOException {
        while (children.size() < opts.maxLinks() && src.peek() != null) {
            if (depth == 1) {
                children.add(leaves.leaf(src.take(), Metadata.NONE));
            } else {
                List<ImportedNode> sub = new ArrayList<>();
                fill(src, leaves, sub, depth - 1);
                children.add(unnamedFileNode(sub, Metadata.NONE));
            }
        }
    }

    private ImportedNode unnamedFileNode(List<ImportedNode> children, Metadata meta) throws IOException {
        List<FileChild> named = new ArrayList<>(children.size());
        for (ImportedNode c : children) {
            named.add(new FileChild("", c));
        }
        return fileNode(named, meta);
    }

    /** One-chunk lookahead so the layout knows whether more data follows. */
    private static final class Lookahead<T> {
        private final ChunkSource<T> source;
        private T next;
        private boolean loaded;

        Lookahead(ChunkSource<T> source) {
            this.source = source;
        }

        T peek() throws IOException {
            if (!loaded) {
                next = source.next();
                loaded = true;
            }
            return next;
        }

        T take() throws IOException {
            T c = peek();
            loaded = false;
            return c;
        }
    }
}
