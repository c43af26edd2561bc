package dev.vipfs.cli;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** A store that keeps nothing, for `add --only-hash`: CIDs are computed, no block is written. */
final class DiscardingStore implements BlockStore {
    @Override
    public byte[] get(Cid cid) throws IOException {
        throw new BlockNotFoundException("--only-hash keeps no blocks: " + cid);
    }

    @Override
    public void put(Cid cid, byte[] data) {
        // Deliberately dropped.
    }
}
