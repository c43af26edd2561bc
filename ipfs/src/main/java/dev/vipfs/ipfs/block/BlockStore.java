package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** A block source that also stores blocks; put verifies the data against the CID. */
public interface BlockStore extends BlockSource {
    /**
     * Stores a block; storing an existing block is a no-op.
     *
     * @throws IntegrityException if {@code data} does not hash to {@code cid}
     */
    void put(Cid cid, byte[] data) throws IOException;
}
