package dev.vipfs.fs.write;

import java.io.IOException;
import java.io.InputStream;

/** A stream from offset 0 over positional reads, so readers never share a file position. */
abstract class PositionalInputStream extends InputStream {
    private long pos;

    /** Reads at {@code pos}; returns the count, or -1 at the end. */
    abstract int readAt(long pos, byte[] b, int off, int len) throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

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
