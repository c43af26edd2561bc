package dev.vipfs.ipfs.unixfs.codec;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.DagPbFormatException;
import dev.vipfs.ipfs.dagpb.PbNode;
import java.util.Arrays;

/**
 * A decoded block: raw bytes (codec raw) or a dag-pb node with its UnixFS data. A dag-pb file leaf
 * keeps its content in the block it was decoded from ({@code block[contentOffset, +contentLength)}),
 * with neither {@code pb} nor {@code fs} holding a copy; other nodes have {@code block} null.
 */
public record DecodedNode(Cid cid, byte[] raw, PbNode pb, UnixfsData fs, byte[] block, int contentOffset,
                          int contentLength) {
    public DecodedNode(Cid cid, byte[] raw, PbNode pb, UnixfsData fs) {
        this(cid, raw, pb, fs, null, 0, 0);
    }

    /**
     * Decodes {@code block}, fetched under {@code cid}, as UnixFS: raw bytes for the raw codec, else
     * a dag-pb node whose Data field is UnixFS Data. Any other codec, or a dag-pb node without UnixFS
     * Data, is a format error naming the block.
     */
    public static DecodedNode decode(Cid cid, byte[] block) throws UnixfsFormatException {
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
        try {
            UnixfsData fs = UnixfsData.decode(block, pbDataOffset, pbDataLength, at);
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

    /** The same node reached under another CID (version) of its multihash. */
    public DecodedNode as(Cid other) {
        return new DecodedNode(other, raw, pb, fs, block, contentOffset, contentLength);
    }

    /** The length of a dag-pb node's UnixFS Data bytes (0 when absent). */
    public int dataLength() {
        return block != null ? contentLength : fs.dataLength();
    }

    /** The array holding a dag-pb node's UnixFS Data bytes, at {@link #dataOffset()}. */
    public byte[] dataArray() {
        return block != null ? block : fs.data();
    }

    public int dataOffset() {
        return block != null ? contentOffset : 0;
    }

    /** Whether the block is raw bytes, with neither dag-pb links nor UnixFS Data. */
    public boolean isRaw() {
        return raw != null;
    }

    /** What the node is, in words for an error message ("raw file", "HAMT-sharded directory", …). */
    public String typeName() {
        if (isRaw()) {
            return "raw file";
        }
        switch (fs.type()) {
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
