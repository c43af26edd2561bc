package dev.vipfs.fs.content;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Random-access reads of an object's (decrypted) content; thread-safe. */
public interface ContentReader {
    /** Reads up to len bytes at offset; returns the count, 0 at or past the end. */
    int read(long offset, byte[] dst, int dstOff, int len) throws IOException;

    /**
     * Reads up to {@code dst.remaining()} bytes at offset into dst, advancing its position; returns the
     * count, 0 at or past the end. dst may be a direct buffer over native memory (a FUSE reply).
     */
    int read(long offset, ByteBuffer dst) throws IOException;

    long size();
}
