package dev.vipfs.ipfs.unixfs;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
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
        this.store = store;
        this.opts = opts;
    }

    /** The options in use. */
    public ImportOptions options() {
        return opts;
    }

    /** Source of chunks; null marks the end. */
    private interface ChunkSource {
        byte[] next() throws IOException;
    }

    /** Chunks {@code in} with the fixed-size chunker and builds a balanced file DAG. */
    public ImportedNode addFile(InputStream in) throws IOException {
        int size = opts.chunkSize();
        return balanced(() -> {
            byte[] chunk = in.readNBytes(size);
            return chunk.length == 0 ? null : chunk;
        });
    }

    /** Builds a balanced file whose leaves are exactly the given chunks, in order (no re-chunking). */
    public ImportedNode addLeafChunks(Iterator<byte[]> chunks) throws IOException {
        return balanced(() -> {
            while (chunks.hasNext()) {
                byte[] c = chunks.next();
                if (c == null) {
                    throw new IOException("leaf chunk iterator returned null");
                }
                return c;
            }
            return null;
        });
    }

    /** One leaf: a raw block, or a dag-pb UnixFS File node, per the options. */
    public ImportedNode addLeaf(byte[] data) throws IOException {
        if (opts.rawLeaves()) {
            Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(data));
            store.put(cid, data);
            return new ImportedNode(cid, data.length, data.length);
        }
        UnixfsData fs = new UnixfsData(UnixfsData.FILE, data.length == 0 ? null : data, (long) data.length,
                null, null, null, null, null);
        return putNode(new PbNode(List.of(), fs.encode()), 0, data.length);
    }

    /** A File node linking the given children in order, with their link names; blocksizes are content sizes. */
    public ImportedNode addFileNode(List<FileChild> children) throws IOException {
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
        UnixfsData fs = new UnixfsData(UnixfsData.FILE, null, total, sizes, null, null, null, null);
        return putNode(new PbNode(links, fs.encode()), childTsize, total);
    }

    /** A symlink node pointing at {@code target}. */
    public ImportedNode addSymlink(String target) throws IOException {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        UnixfsData fs = new UnixfsData(UnixfsData.SYMLINK, t, null, null, null, null, null, null);
        return putNode(new PbNode(List.of(), fs.encode()), 0, t.length);
    }

    /** A directory of the given entries: basic, or a HAMT when its size estimate exceeds the threshold. */
    public ImportedNode addDirectory(SortedMap<String, ImportedNode> entries) throws IOException {
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
        byte[] dirData = new UnixfsData(UnixfsData.DIRECTORY, null, null, null, null, null, null, null).encode();
        PbNode basic = new PbNode(links, dirData);
        long estimate = opts.hamtSizeEstimation() == ImportOptions.HamtSizeEstimation.LINKS ? linksEstimate
                : DagPbCodec.encode(basic).length;
        if (estimate > opts.hamtThreshold()) {
            return new HamtBuilder(this, opts.hamtFanout()).build(sorted);
        }
        return putNode(basic, childTsize, 0);
    }

    /**
     * Adds a file, directory (recursively) or symlink. {@code onAdded} is called for every entry
     * after it is stored, children before parents, so the root comes last. Hidden entries
     * (names starting with '.') below the root are skipped unless the options include them.
     */
    public ImportedNode addPath(Path p, BiConsumer<Path, ImportedNode> onAdded) throws IOException {
        ImportedNode node;
        if (Files.isSymbolicLink(p)) {
            node = addSymlink(Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            SortedMap<String, ImportedNode> entries = new TreeMap<>();
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    children.add(c);
                }
            }
            children.sort((a, b) -> Arrays.compareUnsigned(a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                    b.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
            for (Path c : children) {
                String name = c.getFileName().toString();
                if (!opts.hidden() && name.startsWith(".")) {
                    continue;
                }
                entries.put(name, addPath(c, onAdded));
            }
            node = addDirectory(entries);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(p)) {
                node = addFile(in);
            }
        } else if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.NoSuchFileException(p.toString(), null, "cannot add: no such file or directory");
        } else {
            throw new IOException("cannot add " + p + ": only regular files, directories and symlinks are supported");
        }
        if (onAdded != null) {
            onAdded.accept(p, node);
        }
        return node;
    }

    /** Encodes, hashes and stores a dag-pb node. */
    ImportedNode putNode(PbNode node, long childTsize, long contentSize) throws IOException {
        byte[] block = DagPbCodec.encode(node);
        Multihash mh = Multihash.sha256(block);
        Cid cid = opts.cidVersion() == 0 ? Cid.v0(mh) : Cid.v1(Multicodec.DAG_PB, mh);
        store.put(cid, block);
        return new ImportedNode(cid, block.length + childTsize, contentSize);
    }

    /** Balanced layout as boxo's balanced builder: grow the root one depth at a time, filling each level. */
    private ImportedNode balanced(ChunkSource source) throws IOException {
        Lookahead src = new Lookahead(source);
        byte[] first = src.take();
        if (first == null) {
            return addLeaf(new byte[0]);
        }
        ImportedNode root = addLeaf(first);
        for (int depth = 1; src.peek() != null; depth++) {
            List<ImportedNode> children = new ArrayList<>();
            children.add(root);
            fill(src, children, depth);
            root = fileNode(children);
        }
        return root;
    }

    private void fill(Lookahead src, List<ImportedNode> children, int depth) throws IOException {
        while (children.size() < opts.maxLinks() && src.peek() != null) {
            if (depth == 1) {
                children.add(addLeaf(src.take()));
            } else {
                List<ImportedNode> sub = new ArrayList<>();
                fill(src, sub, depth - 1);
                children.add(fileNode(sub));
            }
        }
    }

    private ImportedNode fileNode(List<ImportedNode> children) throws IOException {
        List<FileChild> named = new ArrayList<>(children.size());
        for (ImportedNode c : children) {
            named.add(new FileChild("", c));
        }
        return addFileNode(named);
    }

    /** One-chunk lookahead so the layout knows whether more data follows. */
    private static final class Lookahead {
        private final ChunkSource source;
        private byte[] next;
        private boolean loaded;

        Lookahead(ChunkSource source) {
            this.source = source;
        }

        byte[] peek() throws IOException {
            if (!loaded) {
                next = source.next();
                loaded = true;
            }
            return next;
        }

        byte[] take() throws IOException {
            byte[] c = peek();
            loaded = false;
            return c;
        }
    }
}
