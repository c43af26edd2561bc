package dev.vipfs.ipfs.unixfs.codec;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.DagPbFormatException;
import dev.vipfs.ipfs.dagpb.PbNode;

/** A decoded block: raw bytes (codec raw) or a dag-pb node with its UnixFS data. */
public record DecodedNode(Cid cid, byte[] raw, PbNode pb, UnixfsData fs) {
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
        PbNode pb;
        try {
            pb = DagPbCodec.decode(block);
        } catch (DagPbFormatException e) {
            throw new UnixfsFormatException("block " + cid + " is not valid dag-pb: " + e.getMessage());
        }
        if (pb.data() == null) {
            throw new UnixfsFormatException("dag-pb block " + cid + " has no Data field, so it is not UnixFS");
        }
        UnixfsData fs;
        try {
            fs = UnixfsData.decode(pb.data());
        } catch (UnixfsFormatException e) {
            throw new UnixfsFormatException("block " + cid + ": " + e.getMessage());
        }
        return new DecodedNode(cid, null, pb, fs);
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
