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

    /**
     * Stores a block whose CID the caller has just computed from these very bytes (an importer), so a
     * store may skip hashing them a second time; by default the same as {@link #put}.
     */
    default void putHashed(Cid cid, byte[] data) throws IOException {
        put(cid, data);
    }

    /**
     * Drops a block this process stored that nothing references (the blocks of an abandoned import);
     * stores with garbage collection (Kubo) need not do anything.
     */
    default void discard(Cid cid) throws IOException {
    }

    /**
     * Makes every block put so far durable and visible to other processes. A store may stage puts
     * until then (a put is always visible to this process at once), so whoever publishes a root CID
     * (prints it, records it in a catalogue) calls this first.
     */
    default void sync() throws IOException {
    }

    /**
     * Keeps the whole DAG under {@code root} from the store's garbage collection (Kubo's recursive pin).
     * Stores that collect nothing (the embedded one) need not do anything.
     */
    default void pin(Cid root) throws IOException {
    }

    /**
     * Moves a pin from {@code from} to its successor {@code to}, which shares most of its blocks
     * (Kubo's {@code pin update}); the default pins {@code to} and leaves {@code from} alone.
     */
    default void repin(Cid from, Cid to) throws IOException {
        pin(to);
    }
}
