package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** Block bytes do not hash to their CID (corruption or a lying source); the message names the CID. */
public class IntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message that names the CID. */
    public IntegrityException(String message) {
        super(message);
    }

    /** With a standard message for {@code cid} in {@code where}. */
    public IntegrityException(Cid cid, String where) {
        super("block " + cid + " in " + where + " does not hash to its CID (corrupted); refusing to use it");
    }
}
