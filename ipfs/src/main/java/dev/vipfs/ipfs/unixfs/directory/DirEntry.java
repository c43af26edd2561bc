package dev.vipfs.ipfs.unixfs.directory;

import dev.vipfs.ipfs.cid.Cid;

/** One directory entry: name, target and the link's Tsize. */
public record DirEntry(String name, Cid cid, long tsize) {
}
