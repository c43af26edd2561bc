package dev.vipfs.fs.content;

import java.io.IOException;

/** Random-access reads of an object's (decrypted) content; thread-safe. */
public interface ContentReader {
    /** Reads up to len bytes at offset; returns the count, 0 at or past the end. */
    int read(long offset, byte[] dst, int dstOff, int len) throws IOException;

    long size();
}
