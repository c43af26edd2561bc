package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;

/**
 * A leaf of a UnixFS file announced for read-ahead, with where its content lies in its parent's
 * file bytes, so a source may fetch that content and rebuild the block instead of asking for the
 * block itself. Only the CID is trusted: a wrong offset or size yields bytes that do not hash to it.
 *
 * @param cid the leaf's CID, from its verified parent
 * @param offset where the leaf's content starts in the parent's content (the parent's own data first)
 * @param length the content's length (the parent's blocksize for it)
 * @param blockSize the leaf block's size as the parent's link records it (Tsize), or -1 when absent
 */
public record FileLeaf(Cid cid, long offset, long length, long blockSize) {
}
