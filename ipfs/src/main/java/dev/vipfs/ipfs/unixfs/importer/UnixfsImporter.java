package dev.vipfs.ipfs.unixfs.importer;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private final NodeWriter writer;

    /** Importer writing to {@code store} with {@code opts}. */
    public UnixfsImporter(BlockStore store, ImportOptions opts) {
        if (opts.rawLeaves() && opts.storesMetadata()) {
            throw new IllegalArgumentException("raw leaves can't be used with UnixFS metadata like mode or "
                    + "modification time; drop --raw-leaves or the mode/mtime options");
        }
        this.store = store;
        this.opts = opts;
        this.writer = new NodeWriter(store, opts);
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

    /** Chunks {@code in} with the fixed-size chunker and builds a balanced file DAG. */
    public ImportedNode addFile(InputStream in) throws IOException {
        return addFile(in, EntryMetadata.overrides(opts));
    }

    private ImportedNode addFile(InputStream in, EntryMetadata meta) throws IOException {
        int size = opts.chunkSize();
        return balanced((BalancedLayout.ChunkSource<byte[]>) () -> {
            // readNBytes(int) reads 8 KiB at a time and concatenates; one chunk-sized read avoids
            // that per-chunk copy, which costs as much as hashing on the --only-hash path.
            byte[] chunk = new byte[size];
            int n = in.readNBytes(chunk, 0, size);
            if (n == 0) {
                return null;
            }
            return n == size ? chunk : Arrays.copyOf(chunk, n);
        }, writer::leaf, meta);
    }

    /** Builds a balanced file whose leaves are exactly the given chunks, in order (no re-chunking). */
    public ImportedNode addLeafChunks(Iterator<byte[]> chunks) throws IOException {
        return balanced(fromIterator(chunks), writer::leaf, EntryMetadata.NONE);
    }

    /** Like {@link #addLeafChunks}, for leaves made by {@link #newLeaf} and filled in place. */
    public ImportedNode addLeafBlocks(Iterator<LeafBlock> leaves) throws IOException {
        return balanced(fromIterator(leaves), (leaf, meta) -> writer.addLeaf(leaf), EntryMetadata.NONE);
    }

    private <T> ImportedNode balanced(BalancedLayout.ChunkSource<T> chunks, BalancedLayout.LeafMaker<T> leaves,
            EntryMetadata meta) throws IOException {
        return new BalancedLayout<>(writer, opts.maxLinks(), leaves).build(chunks, meta);
    }

    private static <T> BalancedLayout.ChunkSource<T> fromIterator(Iterator<T> chunks) {
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
        return writer.newLeaf(contentLength);
    }

    /** Stores a leaf made by this importer's {@link #newLeaf} once its content is filled in. */
    public ImportedNode addLeaf(LeafBlock leaf) throws IOException {
        return writer.addLeaf(leaf);
    }

    /** One leaf: a raw block, or a dag-pb UnixFS File node, per the options. */
    public ImportedNode addLeaf(byte[] data) throws IOException {
        return writer.leaf(data, EntryMetadata.NONE);
    }

    /** A File node linking the given children in order, with their link names; blocksizes are content sizes. */
    public ImportedNode addFileNode(List<FileChild> children) throws IOException {
        return writer.fileNode(children, EntryMetadata.NONE);
    }

    /** A symlink node pointing at {@code target}. */
    public ImportedNode addSymlink(String target) throws IOException {
        return symlink(target, opts.mtime());
    }

    /** Kubo stores no mode on symlinks, only an mtime. */
    private ImportedNode symlink(String target, Instant mtime) throws IOException {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        UnixfsData fs = new UnixfsData(UnixfsData.SYMLINK, t, null, null, null, null, null, mtime);
        return writer.putNode(new PbNode(List.of(), fs.encode()), 0, t.length);
    }

    /** A directory of the given entries: basic, or a HAMT when its size estimate exceeds the threshold. */
    public ImportedNode addDirectory(SortedMap<String, ImportedNode> entries) throws IOException {
        return directory(entries, EntryMetadata.overrides(opts));
    }

    /** Metadata goes on the basic directory, or on the root shard of a HAMT. */
    private ImportedNode directory(SortedMap<String, ImportedNode> entries, EntryMetadata meta) throws IOException {
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
            return new HamtBuilder(writer, opts.hamtFanout()).build(sorted, meta.mode(), meta.mtime());
        }
        return writer.putNode(basic, childTsize, 0);
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
                    return addFile(in, EntryMetadata.of(file, opts));
                }
            }

            @Override
            public ImportedNode symlink(Path link, String target) throws IOException {
                return UnixfsImporter.this.symlink(target, EntryMetadata.of(link, opts).mtime());
            }

            @Override
            public ImportedNode directory(Path dir, SortedMap<String, ImportedNode> entries) throws IOException {
                return UnixfsImporter.this.directory(entries, EntryMetadata.of(dir, opts));
            }
        }, onAdded);
    }
}
