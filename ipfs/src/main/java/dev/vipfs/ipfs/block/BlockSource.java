package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/**
 * A thread-safe source of blocks by CID. Every implementation verifies that returned data hashes
 * to the CID; identity CIDs yield their digest without I/O.
 */
public interface BlockSource extends AutoCloseable {
    /**
     * The block's bytes.
     *
     * @throws BlockNotFoundException if the block is absent
     * @throws IntegrityException if the stored bytes do not hash to the CID
     */
    byte[] get(Cid cid) throws IOException;

    /** Whether the block is available. */
    default boolean has(Cid cid) throws IOException {
        try {
            get(cid);
            return true;
        } catch (BlockNotFoundException e) {
            return false;
        }
    }

    @Override
    default void close() throws IOException {
    }
}
