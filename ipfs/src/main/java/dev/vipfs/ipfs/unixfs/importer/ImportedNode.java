package dev.vipfs.ipfs.unixfs.importer;

import dev.vipfs.ipfs.cid.Cid;

/** Result of importing a node: its CID, Tsize as Kubo computes it, and UnixFS content bytes. */
public record ImportedNode(Cid cid, long dagSize, long contentSize) {
}
