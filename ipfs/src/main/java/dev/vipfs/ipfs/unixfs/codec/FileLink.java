package dev.vipfs.ipfs.unixfs.codec;

import dev.vipfs.ipfs.cid.Cid;

/** One link of a UnixFS file root: its name, target and the file bytes it covers (blocksize). */
public record FileLink(String name, Cid cid, long blocksize) {
}
