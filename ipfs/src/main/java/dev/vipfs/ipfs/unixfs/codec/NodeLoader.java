package dev.vipfs.ipfs.unixfs.codec;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** How a walk over a UnixFS DAG fetches and decodes the block of one CID. */
@FunctionalInterface
public interface NodeLoader {
    /** The decoded block of {@code cid}; fails as the block source or {@link DecodedNode#decode} does. */
    DecodedNode load(Cid cid) throws IOException;

    /**
     * Like {@link #load}, for a walk that copies out of a leaf before it loads anything else: a leaf
     * may be decoded from a block only lent to this thread ({@code BlockSource.lend}), so it must be
     * neither kept nor used after the walk's next load. Nodes with links are always its own.
     */
    default DecodedNode loadToCopyFrom(Cid cid) throws IOException {
        return load(cid);
    }
}
