package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.util.Optional;

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

    /**
     * The block's verified bytes, exactly as many as the block has, in an array only lent to the
     * caller: valid until this thread's next {@code lend}, never to be kept or written to. For a
     * reader that copies out of a block at once (a file's leaves): a source that reads from disk then
     * reuses one array per thread instead of allocating, zeroing and collecting one per block
     * (issue #16). Verified exactly as {@link #get} is. By default, {@link #get}'s own array.
     */
    default byte[] lend(Cid cid) throws IOException {
        return get(cid);
    }

    /** Whether the block is available. */
    default boolean has(Cid cid) throws IOException {
        try {
            get(cid);
            return true;
        } catch (BlockNotFoundException e) {
            return false;
        }
    }

    /**
     * This source restricted to the blocks it already holds, for work nobody asked for (a mount's
     * warm-up): nothing is fetched from the IPFS network on its behalf and a block it lacks fails
     * fast. Itself for a source that never goes beyond its own storage; a variant for a daemon that
     * can be told not to fetch; empty when the source cannot promise that (the default).
     */
    default Optional<BlockSource> heldBlocksOnly() {
        return Optional.empty();
    }

    /**
     * Whether every block is a read of this process's own storage away, with no daemon or network
     * in between (the embedded and memory stores): there is no request latency for a reader to hide
     * by fetching ahead on threads of its own. False by default.
     */
    default boolean isLocal() {
        return false;
    }

    @Override
    default void close() throws IOException {
    }
}
