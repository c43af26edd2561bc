package dev.vipfs.fs.write;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** Opens a committed version's plaintext, so a file opened for update without O_TRUNC starts from it. */
@FunctionalInterface
public interface PlaintextSource {
    /** Positional reads of one opened object; returns the count, 0 at or past the end. */
    @FunctionalInterface
    interface Reader {
        int read(long offset, byte[] dst, int len) throws IOException;
    }

    /** Opens cid for reading; fails with the decryption error (e.g. no private key) if it cannot. */
    Reader open(Cid cid) throws IOException;
}
