package dev.vipfs.ipfs.unixfs;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.PbNode;

/** A decoded block: raw bytes (codec raw) or a dag-pb node with its UnixFS data. */
record DecodedNode(Cid cid, byte[] raw, PbNode pb, UnixfsData fs) {
    boolean isRaw() {
        return raw != null;
    }
}
