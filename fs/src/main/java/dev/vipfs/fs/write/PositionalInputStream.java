package dev.vipfs.fs.write;

import java.io.IOException;

/** A stream from offset 0 over positional reads, so readers never share a file position. */
abstract class PositionalInputStream extends BulkInputStream {
    private long pos;

    /** Reads at {@code pos}; returns the count, or -1 at the end. */
    abstract int readAt(long pos, byte[] b, int off, int len) throws IOException;

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = readAt(pos, b, off, len);
        if (n > 0) {
            pos += n;
        }
        return n;
    }
}
