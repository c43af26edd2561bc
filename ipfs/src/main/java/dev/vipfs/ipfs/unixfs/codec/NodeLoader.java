package dev.vipfs.ipfs.unixfs.codec;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** How a walk over a UnixFS DAG fetches and decodes the block of one CID. */
@FunctionalInterface
public interface NodeLoader {
    /** The decoded block of {@code cid}; fails as the block source or {@link DecodedNode#decode} does. */
    DecodedNode load(Cid cid) throws IOException;
}
