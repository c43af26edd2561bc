package dev.vipfs.ipfs.unixfs.importer;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.LeafLayout;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes, hashes and stores the nodes of a file DAG as the options say: leaves raw or as dag-pb
 * File nodes, interiors as File nodes whose blocksizes are their children's content sizes, CIDs of
 * the configured version. Each node comes back with the Tsize Kubo computes for it.
 */
final class NodeWriter {
    private final BlockStore store;
    private final ImportOptions opts;

    NodeWriter(BlockStore store, ImportOptions opts) {
        this.store = store;
        this.opts = opts;
    }

    /**
     * A leaf block for {@code contentLength} bytes of content without metadata, laid out as
     * {@link #leaf} would store it; fill the content in place, then {@link #addLeaf(LeafBlock)}.
     */
    LeafBlock newLeaf(int contentLength) {
        if (opts.rawLeaves()) {
            return new LeafBlock(new byte[contentLength], 0, contentLength, true);
        }
        LeafLayout layout = LeafLayout.dagPb(contentLength);
        return new LeafBlock(layout.block(), layout.contentOffset(), contentLength, false);
    }

    /** Stores a leaf made by {@link #newLeaf} once its content is filled in. */
    ImportedNode addLeaf(LeafBlock leaf) throws IOException {
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

    /** One leaf: a raw block, or a dag-pb UnixFS File node carrying {@code meta}. */
    ImportedNode leaf(byte[] data, EntryMetadata meta) throws IOException {
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
    ImportedNode fileNode(List<FileChild> children, EntryMetadata meta) throws IOException {
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

    /** A File node over {@code children} with empty link names, as the balanced layout links them. */
    ImportedNode unnamedFileNode(List<ImportedNode> children, EntryMetadata meta) throws IOException {
        List<FileChild> named = new ArrayList<>(children.size());
        for (ImportedNode c : children) {
            named.add(new FileChild("", c));
        }
        return fileNode(named, meta);
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
}
