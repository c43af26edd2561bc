package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** A requested block is not available from the source; the message names the CID. */
public class BlockNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message that names the CID. */
    public BlockNotFoundException(String message) {
        super(message);
    }

    /** With a standard message for {@code cid} in {@code where}. */
    public BlockNotFoundException(Cid cid, String where) {
        super("block " + cid + " not found in " + where);
    }
}
