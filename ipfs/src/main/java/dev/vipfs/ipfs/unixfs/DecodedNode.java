package dev.vipfs.ipfs.unixfs;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.PbNode;

/**
 * A decoded block: raw bytes (codec raw) or a dag-pb node with its UnixFS data. A dag-pb file leaf
 * keeps its content in the block it was decoded from ({@code block[contentOffset, +contentLength)}),
 * with neither {@code pb} nor {@code fs} holding a copy; other nodes have {@code block} null.
 */
record DecodedNode(Cid cid, byte[] raw, PbNode pb, UnixfsData fs, byte[] block, int contentOffset, int contentLength) {
    DecodedNode(Cid cid, byte[] raw, PbNode pb, UnixfsData fs) {
        this(cid, raw, pb, fs, null, 0, 0);
    }

    boolean isRaw() {
        return raw != null;
    }

    /** The same node reached under another CID (version) of its multihash. */
    DecodedNode as(Cid other) {
        return new DecodedNode(other, raw, pb, fs, block, contentOffset, contentLength);
    }

    /** The length of a dag-pb node's UnixFS Data bytes (0 when absent). */
    int dataLength() {
        return block != null ? contentLength : fs.dataLength();
    }

    /** The array holding a dag-pb node's UnixFS Data bytes, at {@link #dataOffset()}. */
    byte[] dataArray() {
        return block != null ? block : fs.data();
    }

    int dataOffset() {
        return block != null ? contentOffset : 0;
    }
}
