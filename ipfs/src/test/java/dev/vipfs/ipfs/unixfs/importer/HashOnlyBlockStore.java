package dev.vipfs.ipfs.unixfs.importer;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;

/** Test sink that keeps no blocks, so gigabyte vectors fit in the test heap (CIDs are all they check). */
final class HashOnlyBlockStore implements BlockStore {
    @Override
    public byte[] get(Cid cid) throws BlockNotFoundException {
        throw new BlockNotFoundException(cid, "the hash-only test store");
    }

    @Override
    public void put(Cid cid, byte[] data) {
        // the importer derived the CID from these bytes itself; nothing to keep
    }
}
