package dev.vipfs.ipfs.kubo;

import dev.vipfs.ipfs.block.BlockStream;
import dev.vipfs.ipfs.block.BlockVerifier;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.car.CarBlock;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.unixfs.codec.LeafLayout;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A parent's leaves rebuilt from its file bytes, as Kubo's gateway serves the parent from the first
 * wanted leaf's offset on: Kubo sends content without re-hashing or re-encoding blocks, which costs it
 * far less than a CAR of the same blocks (docs/benchmarks.md, issue #16, session 3). Each leaf's block
 * is laid out as Kubo and vipfs write it (a raw leaf is its content; a dag-pb one {@link LeafLayout}),
 * the content is read straight into it, and the whole block is verified against the leaf's CID
 * before it is handed out, so no byte reaches a reader that the leaf's CID does not vouch for.
 */
final class FileLeafStream implements BlockStream {
    private final InputStream in;
    private final List<FileLeaf> leaves;
    private final String where;
    private long position;
    private int next;

    /** {@code in} holds the parent's content from {@code leaves.get(0).offset()} on. */
    FileLeafStream(InputStream in, List<FileLeaf> leaves, String where) {
        this.in = in;
        this.leaves = leaves;
        this.where = where;
        this.position = leaves.get(0).offset();
    }

    /**
     * Whether every leaf can be rebuilt from content alone: raw leaves, and dag-pb leaves whose recorded
     * block size is exactly {@link LeafLayout}'s (a leaf with metadata or a foreign layout is not),
     * in file order, none over {@code maxBlockSize}. Others go as CARs.
     */
    static boolean canRebuild(List<FileLeaf> leaves, int maxBlockSize) {
        long end = 0;
        for (FileLeaf l : leaves) {
            long codec = l.cid().codec();
            boolean laidOut = codec == Multicodec.RAW
                    || (codec == Multicodec.DAG_PB && l.blockSize() == LeafLayout.dagPbSize(l.length()));
            if (!laidOut || l.offset() < end || l.length() < 0 || l.length() > maxBlockSize || l.cid().isIdentity()) {
                return false;
            }
            end = l.offset() + l.length();
        }
        return !leaves.isEmpty();
    }

    @Override
    public CarBlock next() throws IOException {
        if (next == leaves.size()) {
            return null;
        }
        FileLeaf leaf = leaves.get(next++);
        int n = (int) leaf.length();
        try {
            in.skipNBytes(leaf.offset() - position); // leaves a reader already has
        } catch (EOFException e) {
            throw new IOException(where + " ended before leaf " + leaf.cid(), e);
        }
        byte[] block;
        int at = 0;
        if (leaf.cid().codec() == Multicodec.RAW) {
            block = new byte[n];
        } else {
            LeafLayout layout = LeafLayout.dagPb(n);
            block = layout.block();
            at = layout.contentOffset();
        }
        if (in.readNBytes(block, at, n) != n) {
            throw new IOException(where + " ended inside leaf " + leaf.cid());
        }
        position = leaf.offset() + n;
        return new CarBlock(leaf.cid(), BlockVerifier.verify(leaf.cid(), block, where));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
